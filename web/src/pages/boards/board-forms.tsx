// Registering, changing and deleting a board (admins). A new board starts from a common size (or a
// custom one) and gets an id suggested from its name; its pixel size is fixed once registered
// (everything is rendered at it). Deleting shows first what still names the board.
import { Alert, Button, Group, List, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { ErrorAlert, errorText, useFieldError } from '../../components/api-error.tsx';
import { zoneOffset } from '../../components/format.ts';
import { BOARDS_KEY, boardKey } from '../../live/ops.tsx';
import { metres, usePlaylists } from '../board/board-data.ts';
import { CUSTOM, DEFAULT_ZONE, PRESETS, presetLabel, presetOf, slugOf, timeZones } from './board-presets.ts';
import { FormActions } from '../../components/form-actions.tsx';

/** Puts a board's new status in the live cache (the /ops push follows; this shows it at once). */
export function useStoreBoard() {
  const queryClient = useQueryClient();
  return (b: BoardStatus) => {
    queryClient.setQueryData<BoardStatus[]>(BOARDS_KEY, (list) => (list ? (list.some((x) => x.id === b.id) ? list.map((x) => (x.id === b.id ? b : x)) : [...list, b]) : list));
    queryClient.setQueryData(boardKey(b.id), b);
  };
}

function useZoneOptions(current: string) {
  return useMemo(() => timeZones(current).map((z) => ({ value: z, label: `${z} (${zoneOffset(z)})` })), [current]);
}

/** The playlist a board or a group falls back to when nothing is scheduled (none: black). */
export function DefaultPlaylistSelect({ description, data, value, onChange, error }: { description: string; data: { value: string; label: string }[]; value: string | null; onChange: (id: string | null) => void; error: string | undefined }) {
  const { t } = useTranslation('boards');
  return (
    <Select
      label={t('form.defaultPlaylist')}
      description={description}
      placeholder={t('form.noPlaylist')}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      searchable
      nothingFoundMessage={t('form.noPlaylists')}
      error={error}
    />
  );
}

function ZoneSelect({ value, onChange, error }: { value: string; onChange: (z: string) => void; error: string | undefined }) {
  const { t } = useTranslation('boards');
  const data = useZoneOptions(value);
  return (
    <Select
      label={t('form.zone')}
      description={t('form.zoneHelp')}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchable
      allowDeselect={false}
      limit={80}
      nothingFoundMessage={t('form.zoneNone')}
      error={error}
      required
      comboboxProps={{ withinPortal: true }}
    />
  );
}

const num = (v: number | string) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v));

export function CreateBoardModal({ opened, onClose, existingIds }: { opened: boolean; onClose: () => void; existingIds: Set<string> }) {
  const { t, i18n } = useTranslation('boards');
  const { t: tc } = useTranslation();
  const storeBoard = useStoreBoard();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [width, setWidth] = useState<number | string>(PRESETS[0]!.width);
  const [height, setHeight] = useState<number | string>(PRESETS[0]!.height);
  const [pitch, setPitch] = useState<number | string>(PRESETS[0]!.pitchMm);
  const [zone, setZone] = useState(DEFAULT_ZONE);
  const [preset, setPreset] = useState<string>(PRESETS[0]!.id);
  const create = useMutation({
    mutationFn: () => call(API.createBoard, { body: { id: idTouched ? id.trim() : slugOf(name), name, width: num(width), height: num(height), timeZone: zone, pitchMm: num(pitch) } }),
    onSuccess: (b) => {
      storeBoard(b);
      notifications.show({ color: 'green', title: t('create.doneTitle'), message: t('create.done', { name: b.name }) });
      setName('');
      setId('');
      setIdTouched(false);
      create.reset();
      onClose();
    },
  });
  const fieldError = useFieldError(create.error);
  const shownId = idTouched ? id : slugOf(name);
  const idTaken = shownId !== '' && existingIds.has(shownId) ? t('form.idTaken', { id: shownId }) : undefined;
  const conflict = create.error instanceof ApiError && create.error.status === 409 ? errorText(create.error, i18n.language) : undefined;
  const placed = ['id', 'name', 'width', 'height', 'timeZone', 'pitchMm'].some((f) => fieldError(f)) || conflict;
  const w = num(width);
  const h = num(height);
  const p = num(pitch);

  const choosePreset = (v: string | null) => {
    if (!v) return;
    setPreset(v);
    const found = PRESETS.find((x) => x.id === v);
    if (found) {
      setWidth(found.width);
      setHeight(found.height);
      setPitch(found.pitchMm);
    }
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened={opened} onClose={onClose} title={t('create.title')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('form.name')} placeholder={t('form.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required data-autofocus />
          <TextInput
            label={t('form.id')}
            description={t('form.idHelp')}
            value={shownId}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.currentTarget.value);
            }}
            error={fieldError('id') ?? conflict ?? idTaken}
            required
            spellCheck={false}
            autoCapitalize="none"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Select
            label={t('form.preset')}
            description={t('form.presetHelp')}
            data={[...PRESETS.map((x) => ({ value: x.id, label: presetLabel(x) })), { value: CUSTOM, label: t('form.custom') }]}
            value={preset}
            onChange={choosePreset}
            allowDeselect={false}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <NumberInput
              label={t('form.width')}
              value={width}
              onChange={(v) => {
                setWidth(v);
                setPreset(presetOf(num(v), h, p));
              }}
              min={16}
              max={7680}
              allowDecimal={false}
              suffix=" px"
              error={fieldError('width')}
              required
            />
            <NumberInput
              label={t('form.height')}
              value={height}
              onChange={(v) => {
                setHeight(v);
                setPreset(presetOf(w, num(v), p));
              }}
              min={16}
              max={4320}
              allowDecimal={false}
              suffix=" px"
              error={fieldError('height')}
              required
            />
            <NumberInput
              label={t('form.pitch')}
              value={pitch}
              onChange={(v) => {
                setPitch(v);
                setPreset(presetOf(w, h, num(v)));
              }}
              min={0.5}
              max={100}
              decimalScale={2}
              suffix=" mm"
              error={fieldError('pitchMm')}
              required
            />
          </SimpleGrid>
          {Number.isFinite(w) && Number.isFinite(h) && Number.isFinite(p) && p > 0 && (
            <Text size="sm" c="dimmed">
              {t('form.physical', { w: metres(w, p, i18n.language), h: metres(h, p, i18n.language) })}
            </Text>
          )}
          <ZoneSelect value={zone} onChange={setZone} error={fieldError('timeZone')} />
          {!placed && <ErrorAlert error={create.error} />}
          <FormActions onCancel={onClose} cancelLabel={tc('actions.cancel')} submitLabel={t('create.submit')} busy={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function EditBoardModal({ board, onClose }: { board: BoardStatus; onClose: () => void }) {
  const { t, i18n } = useTranslation('boards');
  const { t: tc } = useTranslation();
  const storeBoard = useStoreBoard();
  const playlists = usePlaylists();
  const [name, setName] = useState(board.name);
  const [zone, setZone] = useState(board.timeZone);
  const [pitch, setPitch] = useState<number | string>(board.pitchMm);
  const [playlist, setPlaylist] = useState<string | null>(board.defaultPlaylistId);
  const save = useMutation({
    mutationFn: () => call(API.updateBoard, { params: { id: board.id }, body: { name, timeZone: zone, pitchMm: num(pitch), defaultPlaylistId: playlist } }),
    onSuccess: (b) => {
      storeBoard(b);
      notifications.show({ color: 'green', title: t('edit.doneTitle'), message: t('edit.done', { name: b.name }) });
      onClose();
    },
  });
  const fieldError = useFieldError(save.error);
  const placed = ['name', 'timeZone', 'pitchMm', 'defaultPlaylistId'].some((f) => fieldError(f));
  const options = (playlists.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (playlist && !options.some((o) => o.value === playlist)) options.push({ value: playlist, label: playlist });
  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened onClose={onClose} title={t('edit.title', { name: board.name })} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('form.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required data-autofocus />
          <TextInput label={t('form.id')} value={board.id} readOnly variant="filled" description={t('form.idFixed')} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
          <TextInput label={t('form.size')} value={`${board.width} × ${board.height} px`} readOnly variant="filled" description={t('form.sizeFixed')} />
          <NumberInput label={t('form.pitch')} value={pitch} onChange={setPitch} min={0.5} max={100} decimalScale={2} suffix=" mm" error={fieldError('pitchMm')} required />
          {Number.isFinite(num(pitch)) && num(pitch) > 0 && (
            <Text size="sm" c="dimmed">
              {t('form.physical', { w: metres(board.width, num(pitch), i18n.language), h: metres(board.height, num(pitch), i18n.language) })}
            </Text>
          )}
          <ZoneSelect value={zone} onChange={setZone} error={fieldError('timeZone')} />
          <DefaultPlaylistSelect description={t('form.defaultPlaylistHelp')} data={options} value={playlist} onChange={setPlaylist} error={fieldError('defaultPlaylistId')} />
          {!placed && <ErrorAlert error={save.error} />}
          <FormActions onCancel={onClose} cancelLabel={tc('actions.cancel')} submitLabel={tc('actions.save')} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteBoardModal({ board, onClose }: { board: BoardStatus; onClose: () => void }) {
  const { t } = useTranslation('boards');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const usage = useQuery({ queryKey: ['board-usage', board.id], queryFn: () => call(API.boardUsage, { params: { id: board.id } }), staleTime: 0 });
  const remove = useMutation({
    mutationFn: () => call(API.deleteBoard, { params: { id: board.id } }),
    onSuccess: () => {
      queryClient.setQueryData<BoardStatus[]>(BOARDS_KEY, (list) => list?.filter((b) => b.id !== board.id));
      queryClient.removeQueries({ queryKey: boardKey(board.id) });
      void queryClient.invalidateQueries({ queryKey: ['groups'] });
      notifications.show({ color: 'green', message: t('delete.done', { name: board.name }) });
      onClose();
    },
  });
  const usedBy = usage.data?.usedBy ?? [];
  const entries = usedBy.filter((u) => u.kind === 'entry');
  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened onClose={onClose} title={t('delete.title', { name: board.name })}>
      <Stack gap="sm">
        {usage.isPending && <Text size="sm">{t('loading')}</Text>}
        <ErrorAlert error={usage.error} />
        {usage.data && usedBy.length === 0 && <Text size="sm">{t('delete.unused')}</Text>}
        {usedBy.length > 0 && (
          <>
            <Text size="sm">{t('delete.usedBy')}</Text>
            <List size="sm" data-testid="board-usage">
              {usedBy.map((u) => (
                <List.Item key={`${u.kind}:${u.id}`}>
                  {t(`usage.${u.kind}`, { defaultValue: u.kind })}: {u.name}
                </List.Item>
              ))}
            </List>
          </>
        )}
        {entries.length > 0 && (
          <Alert color="yellow" p="xs">
            <Text size="sm">{t('delete.blocked')}</Text>
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {t('delete.effects')}
        </Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending} disabled={usage.isPending}>
            {t('delete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
