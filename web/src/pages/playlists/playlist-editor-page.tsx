// One playlist: its slides in order (drag, or keyboard, to reorder), each one's duration in this
// playlist and its transition, the loop's length as it is edited, and a preview that plays it at
// a board's size with the player's own timing. Saved as a draft or sent for approval; boards play
// the approved version until then. Where it is used, and deleting it (refused while it is used).
import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ChangeSummary } from '@playlists/api/changes.ts';
import type { Playlist } from '@playlists/playlist.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { Loading } from '../../components/loading.tsx';
import type { SlideView } from './data.ts';
import { formatLoop, loopSeconds, PENDING_INK, PLAYLIST_CHANGES_KEY, PLAYLISTS_KEY, slideMap, useBoardList, useSlides } from './data.ts';
import type { BoardSize } from './preview-player.tsx';
import { PreviewPlayer } from './preview-player.tsx';
import { SlidePicker } from './slide-picker.tsx';
import type { EditorItem } from './sortable-items.tsx';
import { SortableItems } from './sortable-items.tsx';

const DEFAULT_SIZE = { width: 576, height: 288 };

interface Loaded {
  playlist: Omit<Playlist, 'id'> | null;
  approved: boolean;
  change: ChangeSummary | null;
}

export default function PlaylistEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const { t } = useTranslation('playlists');
  const loaded = useQuery({
    queryKey: ['playlist-editor', id],
    enabled: !isNew,
    queryFn: async (): Promise<Loaded> => {
      const [approved, changes] = await Promise.all([
        call(API.getPlaylist, { params: { id } }).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        }),
        call(API.listChanges, { query: { kind: 'playlist', targetId: id, status: 'draft,submitted,rejected' } }),
      ]);
      const change = changes[0] ?? null;
      // An open draft is what is being edited: the edit carries on from it.
      const proposed = change?.op === 'save' ? ((await call(API.getChange, { params: { id: change.id } })).proposed as Omit<Playlist, 'id'> | null) : null;
      return { playlist: proposed ?? approved, approved: approved !== null, change };
    },
    staleTime: 0,
  });
  const slides = useSlides();
  const boards = useBoardList();

  if (slides.isPending || boards.isPending || (!isNew && loaded.isPending)) return <Loading />;
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!isNew && !loaded.data?.playlist && !loaded.data?.change) {
    return (
      <Stack>
        <Title order={1}>{t('notFound')}</Title>
        <Anchor component={Link} to="/playlists">
          {t('backToList')}
        </Anchor>
      </Stack>
    );
  }
  return (
    <Editor
      key={id}
      id={isNew ? null : id}
      loaded={isNew ? { playlist: null, approved: false, change: null } : loaded.data!}
      slides={slides.data ?? []}
      boards={boards.data ?? []}
    />
  );
}

let keySeq = 0;
const newKey = () => `item-${++keySeq}`;

/** "Chiến dịch tháng 12" → "chien-dich-thang-12". */
function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function Editor({ id, loaded, slides, boards }: { id: string | null; loaded: Loaded; slides: SlideView[]; boards: { width: number; height: number }[] }) {
  const { t } = useTranslation('playlists');
  const { t: tc } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const readOnly = !can('content.edit');
  const [name, setName] = useState(loaded.playlist?.name ?? '');
  const [newId, setNewId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [items, setItems] = useState<EditorItem[]>(() => (loaded.playlist?.items ?? []).map((i) => ({ key: newKey(), slideId: i.slideId, durationSeconds: i.durationSeconds })));
  const [picking, setPicking] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const bySlide = useMemo(() => slideMap(slides), [slides]);
  const sizes = useMemo<BoardSize[]>(() => {
    const m = new Map<string, BoardSize>();
    for (const b of boards) {
      const k = `${b.width}x${b.height}`;
      const s = m.get(k);
      if (s) s.boards++;
      else m.set(k, { width: b.width, height: b.height, boards: 1 });
    }
    return [...m.values()].sort((a, b) => b.boards - a.boards);
  }, [boards]);
  const [size, setSize] = useState(sizes[0] ?? { ...DEFAULT_SIZE, boards: 0 });
  const fieldError = useFieldError(error);
  const usage = useQuery({ queryKey: ['playlist-usage', id], queryFn: () => call(API.playlistUsage, { params: { id: id! } }), enabled: !!id && loaded.approved });
  const change = loaded.change;

  const effectiveId = id ?? (idTouched ? newId : slugOf(name));
  const edit = (next: EditorItem[]) => {
    setItems(next);
    setDirty(true);
  };

  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      setError(null);
      setLocalError(null);
      if (!id) {
        // PUT creates or replaces: a new playlist must not take the id of another.
        const [existing, open] = await Promise.all([call(API.listPlaylists), call(API.listChanges, { query: { kind: 'playlist', targetId: effectiveId, status: 'draft,submitted,rejected' } })]);
        if (existing.some((p) => p.id === effectiveId) || open.length) {
          setLocalError(t('idTaken', { id: effectiveId }));
          return null;
        }
      }
      return call(API.savePlaylist, {
        params: { id: effectiveId },
        query: { submit: submit ? 'true' : 'false' },
        body: { name: name.trim(), items: items.map((i) => ({ slideId: i.slideId, ...(i.durationSeconds !== undefined ? { durationSeconds: i.durationSeconds } : {}) })) },
      });
    },
    onSuccess: async (saved) => {
      if (!saved) return;
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': tc('actions.close') }, message: saved.published ? tc('approval.savedPublished') : saved.change.status === 'submitted' ? tc('approval.savedSubmitted') : tc('approval.savedDraft') });
      setDirty(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: PLAYLISTS_KEY }),
        queryClient.invalidateQueries({ queryKey: PLAYLIST_CHANGES_KEY }),
        queryClient.invalidateQueries({ queryKey: ['changes'] }),
        queryClient.invalidateQueries({ queryKey: ['playlist-editor', saved.id] }),
      ]);
      if (!id) navigate(`/playlists/${saved.id}`, { replace: true });
    },
    onError: (e) => setError(e),
  });

  const remove = useMutation({
    mutationFn: async () => {
      if (loaded.approved) await call(API.deletePlaylist, { params: { id: id! } });
      else if (change) await call(API.discardChange, { params: { id: change.id } });
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': tc('actions.close') }, message: loaded.approved ? t('deleted') : t('discarded') });
      await Promise.all([queryClient.invalidateQueries({ queryKey: PLAYLISTS_KEY }), queryClient.invalidateQueries({ queryKey: PLAYLIST_CHANGES_KEY }), queryClient.invalidateQueries({ queryKey: ['changes'] })]);
      navigate('/playlists');
    },
    onError: (e) => {
      setConfirmDelete(false);
      setDeleteError(e);
    },
  });

  const total = loopSeconds(items, bySlide);
  const itemsError = fieldError('items');
  const onAField = !!(fieldError('name') || fieldError('id') || itemsError);
  const usedBy = (usage.data?.usedBy ?? []).filter((u) => !(u.kind === 'change' && u.id === change?.id));

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Button component={Link} to="/playlists" variant="subtle" leftSection={<IconArrowLeft size={16} />} size="xs">
          {t('backToList')}
        </Button>
      </Group>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Title order={1}>{id ? loaded.playlist?.name || id : t('newTitle')}</Title>
          <Group gap={6} mt={4}>
            {loaded.approved ? (
              <Badge color="green" variant="light" styles={{ root: { textTransform: 'none' } }}>
                {tc('approval.approved')}
              </Badge>
            ) : id ? (
              <Badge color="gray" variant="light" styles={{ root: { textTransform: 'none' } }}>
                {t('newDraft')}
              </Badge>
            ) : null}
            {change && (
              <Badge color={change.status === 'rejected' ? 'red' : PENDING_INK} variant="outline" styles={{ root: { textTransform: 'none' } }} data-change-status={change.status}>
                {tc(`approval.${change.status}`)}
              </Badge>
            )}
            {dirty && (
              <Badge color="blue.9" variant="outline" styles={{ root: { textTransform: 'none' } }}>
                {t('unsaved')}
              </Badge>
            )}
          </Group>
        </div>
        <Text size="lg" fw={700} data-loop-seconds={total}>
          {t('loopLength')}: {formatLoop(total, t)}
        </Text>
      </Group>

      {change && (
        <Alert color={change.status === 'rejected' ? 'red' : 'yellow'} title={change.op === 'delete' ? t('pendingDeleteTitle') : t('draftTitle')}>
          {change.status === 'rejected' && change.reason ? t('rejectedBecause', { reason: change.reason }) + ' ' : ''}
          {loaded.approved ? t('draftOfApproved') : t('draftNew')}{' '}
          <Anchor component={Link} to={`/approvals/${change.id}`} c="inherit" fw={600} underline="always">
            {t('seeChange')}
          </Anchor>
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder>
              <Stack gap="sm">
                <TextInput label={t('name')} value={name} onChange={(e) => { setName(e.currentTarget.value); setDirty(true); }} required error={fieldError('name')} readOnly={readOnly} maxLength={200} />
                {!id && (
                  <TextInput
                    label={t('id')}
                    description={t('idHelp')}
                    value={effectiveId}
                    onChange={(e) => {
                      setIdTouched(true);
                      setNewId(e.currentTarget.value.toLowerCase());
                    }}
                    error={localError ?? fieldError('id')}
                    readOnly={readOnly}
                    styles={{ input: { fontFamily: 'monospace' } }}
                  />
                )}
              </Stack>
            </Card>
            <Card withBorder>
              <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
                <Title order={2} size="h4">
                  {t('items', { count: items.length })}
                </Title>
                {!readOnly && (
                  <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setPicking(true)}>
                    {t('addSlides')}
                  </Button>
                )}
              </Group>
              {!readOnly && items.length > 1 && (
                <Text size="xs" c="dimmed" mb="sm">
                  {t('reorderHelp')}
                </Text>
              )}
              {items.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('noItems')}
                </Text>
              ) : (
                <SortableItems items={items} onChange={edit} slides={bySlide} size={size} readOnly={readOnly} fieldError={fieldError} />
              )}
              {itemsError && (
                <Text size="sm" c="red" mt="xs" role="alert">
                  {itemsError}
                </Text>
              )}
            </Card>
            {error && !onAField ? <ErrorAlert error={error} /> : null}
            {!readOnly && (
              <Group gap="xs">
                <Button variant="default" onClick={() => save.mutate(false)} loading={save.isPending && save.variables === false}>
                  {tc('actions.saveDraft')}
                </Button>
                <Button onClick={() => save.mutate(true)} loading={save.isPending && save.variables === true}>
                  {tc('actions.submit')}
                </Button>
              </Group>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('preview.title')}
              </Title>
              <PreviewPlayer items={items} slides={bySlide} sizes={sizes.length ? sizes : [{ ...DEFAULT_SIZE, boards: 0 }]} size={size} onSize={(s) => setSize({ ...s, boards: 0 })} />
            </Card>
            {id && (
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  {t('usage.title')}
                </Title>
                {!loaded.approved ? (
                  <Text size="sm" c="dimmed">
                    {t('usage.notApproved')}
                  </Text>
                ) : usage.isPending ? (
                  <Text size="sm" c="dimmed">
                    …
                  </Text>
                ) : usedBy.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('usage.none')}
                  </Text>
                ) : (
                  <List size="sm" spacing={4}>
                    {usedBy.map((u) => (
                      <List.Item key={`${u.kind}-${u.id}`}>
                        {t(`usage.kind.${u.kind}`)}: {u.kind === 'board' ? <Anchor component={Link} to={`/boards/${u.id}`}>{u.name}</Anchor> : u.kind === 'change' ? <Anchor component={Link} to={`/approvals/${u.id}`}>{u.name}</Anchor> : u.name}
                      </List.Item>
                    ))}
                  </List>
                )}
                {deleteError ? (
                  <Stack mt="sm">
                    <ErrorAlert error={deleteError} />
                  </Stack>
                ) : null}
                {!readOnly && (loaded.approved || change) && (
                  <Button mt="md" color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => { setDeleteError(null); setConfirmDelete(true); }}>
                    {loaded.approved ? t('delete') : t('discardDraft')}
                  </Button>
                )}
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      {!readOnly && (
        <SlidePicker
          opened={picking}
          onClose={() => setPicking(false)}
          slides={slides}
          size={size}
          onAdd={(s) => edit([...items, { key: newKey(), slideId: s.id }])}
          added={(slideId) => items.filter((i) => i.slideId === slideId).length}
        />
      )}
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={loaded.approved ? t('deleteTitle') : t('discardTitle')} closeButtonProps={{ 'aria-label': tc('actions.close') }}>
        <Stack>
          <Text size="sm">{loaded.approved ? t('deleteText', { name: loaded.playlist?.name ?? id }) : t('discardText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {tc('actions.cancel')}
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              {loaded.approved ? tc('actions.delete') : t('discardDraft')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
