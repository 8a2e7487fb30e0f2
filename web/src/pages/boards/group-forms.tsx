// Board groups (admins): a name, member boards and a default playlist that plays on members with
// none of their own; deleting one that schedule entries target is refused, and says which.
import { Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { usePlaylists } from '../board/board-data.ts';
import { DefaultPlaylistSelect } from './board-forms.tsx';
import { slugOf } from './board-presets.ts';
import { FormActions } from '../../components/form-actions.tsx';

type BoardGroup = ResponseOf<typeof API.listGroups>[number];

export function GroupModal({ group, boards, existingIds, onClose }: { group: BoardGroup | null; boards: BoardStatus[]; existingIds: Set<string>; onClose: () => void }) {
  const { t } = useTranslation('boards');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const playlists = usePlaylists();
  const [name, setName] = useState(group?.name ?? '');
  const [id, setId] = useState(group?.id ?? '');
  const [idTouched, setIdTouched] = useState(!!group);
  const [members, setMembers] = useState<string[]>(group?.boardIds ?? []);
  const [playlist, setPlaylist] = useState<string | null>(group?.defaultPlaylistId ?? null);
  const shownId = idTouched ? id : slugOf(name);
  // PUT creates or replaces: a new group must not take an existing group's id by accident.
  const idTaken = !group && shownId !== '' && existingIds.has(shownId) ? t('groupForm.idTaken', { id: shownId }) : undefined;
  const save = useMutation({
    mutationFn: () => call(API.saveGroup, { params: { id: shownId.trim() }, body: { name, boardIds: members, defaultPlaylistId: playlist } }),
    onSuccess: (g) => {
      queryClient.setQueryData<BoardGroup[]>(['groups'], (list) => (list ? (list.some((x) => x.id === g.id) ? list.map((x) => (x.id === g.id ? g : x)) : [...list, g]) : list));
      notifications.show({ color: 'green', message: t(group ? 'groupForm.saved' : 'groupForm.created', { name: g.name }) });
      onClose();
    },
  });
  const fieldError = useFieldError(save.error);
  const idError = fieldError('id') ?? idTaken;
  const placed = ['id', 'name', 'boardIds', 'defaultPlaylistId'].some((f) => fieldError(f));
  const boardOptions = boards.map((b) => ({ value: b.id, label: `${b.name} (${b.id})` }));
  for (const m of members) if (!boardOptions.some((o) => o.value === m)) boardOptions.push({ value: m, label: m });
  const playlistOptions = (playlists.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (playlist && !playlistOptions.some((o) => o.value === playlist)) playlistOptions.push({ value: playlist, label: playlist });
  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened onClose={onClose} title={group ? t('groupForm.editTitle', { name: group.name }) : t('groupForm.createTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!idTaken) save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('groupForm.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required data-autofocus />
          <TextInput
            label={t('groupForm.id')}
            description={group ? t('form.idFixed') : t('form.idHelp')}
            value={shownId}
            readOnly={!!group}
            variant={group ? 'filled' : 'default'}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.currentTarget.value);
            }}
            error={idError}
            required
            spellCheck={false}
            autoCapitalize="none"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <MultiSelect
            label={t('groupForm.members')}
            placeholder={members.length ? undefined : t('groupForm.membersPlaceholder')}
            data={boardOptions}
            value={members}
            onChange={setMembers}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('groupForm.noBoards')}
            error={fieldError('boardIds')}
          />
          <DefaultPlaylistSelect description={t('groupForm.defaultPlaylistHelp')} data={playlistOptions} value={playlist} onChange={setPlaylist} error={fieldError('defaultPlaylistId')} />
          {!placed && <ErrorAlert error={save.error} />}
          <FormActions onCancel={onClose} cancelLabel={tc('actions.cancel')} submitLabel={group ? tc('actions.save') : t('groupForm.create')} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteGroupModal({ group, onClose }: { group: BoardGroup; onClose: () => void }) {
  const { t } = useTranslation('boards');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => call(API.deleteGroup, { params: { id: group.id } }),
    onSuccess: () => {
      queryClient.setQueryData<BoardGroup[]>(['groups'], (list) => list?.filter((g) => g.id !== group.id));
      notifications.show({ color: 'green', message: t('groupDelete.done', { name: group.name }) });
      onClose();
    },
  });
  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened onClose={onClose} title={t('groupDelete.title', { name: group.name })}>
      <Stack gap="sm">
        <Text size="sm">{t('groupDelete.text', { count: group.boardIds.length })}</Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('groupDelete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
