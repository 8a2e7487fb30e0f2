// Boards and groups: every board with its size, pitch, time zone, groups and live state (live over
// /ops), and every board group with its members and default playlist. Admins register boards from
// common sizes, change their settings, delete them (after seeing what names them), and manage
// groups. On a phone the tables become cards.
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { ResponseOf } from '../../api/index.ts';
import type { API } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { zoneOffset } from '../../components/format.ts';
import { LiveChip } from '../../components/live-chip.tsx';
import { Loading } from '../../components/loading.tsx';
import { useNow } from '../../components/now.ts';
import { useBoards, useGroups, usePlaylists } from '../board/board-data.ts';
import { CreateBoardModal, DeleteBoardModal, EditBoardModal } from './board-forms.tsx';
import { DeleteGroupModal, GroupModal } from './group-forms.tsx';
import { PageTitle } from '../../components/page-title.tsx';

type BoardGroup = ResponseOf<typeof API.listGroups>[number];

export default function BoardsPage() {
  const { t } = useTranslation('boards');
  const can = useCan();
  const admin = can('boards.manage');
  const boards = useBoards();
  const groups = useGroups();
  const playlists = usePlaylists();
  const now = useNow(5000);
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<BoardStatus | null>(null);
  const [groupEditing, setGroupEditing] = useState<BoardGroup | 'new' | null>(null);
  const [groupDeleting, setGroupDeleting] = useState<BoardGroup | null>(null);

  const list = useMemo(() => {
    const q = search.trim().toLocaleLowerCase('vi');
    return [...(boards.data ?? [])].filter((b) => !q || b.name.toLocaleLowerCase('vi').includes(q) || b.id.includes(q)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }, [boards.data, search]);
  const groupsOf = useMemo(() => {
    const m = new Map<string, BoardGroup[]>();
    for (const g of groups.data ?? []) for (const id of g.boardIds) m.set(id, [...(m.get(id) ?? []), g]);
    return m;
  }, [groups.data]);
  const boardName = useMemo(() => new Map((boards.data ?? []).map((b) => [b.id, b.name])), [boards.data]);
  const playlistName = (id: string | null) => (id ? (playlists.data?.find((p) => p.id === id)?.name ?? id) : null);
  // The board being edited is in the address (/boards?edit=<id>): the board page links to it.
  const editId = params.get('edit');
  const editing = editId ? (boards.data?.find((b) => b.id === editId) ?? null) : null;
  const closeEdit = () =>
    setParams(
      (p) => {
        p.delete('edit');
        return p;
      },
      { replace: true },
    );
  const openEdit = (id: string) => setParams({ edit: id });

  if (boards.isPending) return <Loading />;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={`${t('boardCount', { count: boards.data?.length ?? 0 })} · ${t('groupCount', { count: groups.data?.length ?? 0 })}`} />
        {admin && (
          <Group gap="sm">
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('create.open')}
            </Button>
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setGroupEditing('new')}>
              {t('groups.create')}
            </Button>
          </Group>
        )}
      </Group>

      <Stack gap="sm" component="section" aria-labelledby="boards-title">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h3" id="boards-title">
            {t('boards.title')}
          </Title>
          <TextInput label={t('boards.search')} placeholder={t('boards.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 280 }} />
        </Group>
        <ErrorAlert error={boards.error} />
        {boards.data && list.length === 0 && (
          <Text c="dimmed" size="sm">
            {boards.data.length === 0 ? t('boards.none') : t('boards.noMatch')}
          </Text>
        )}
        {list.length > 0 &&
          (phone ? (
            <Stack gap="sm" role="list" aria-labelledby="boards-title">
              {list.map((b) => (
                <Card key={b.id} withBorder padding="sm" role="listitem" data-board={b.id}>
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={700} component={Link} to={`/boards/${b.id}`} c="inherit" style={{ overflowWrap: 'anywhere' }}>
                        {b.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {b.id}
                      </Text>
                    </div>
                    <div style={{ flexShrink: 0 }}>
                      <LiveChip board={b} now={now} />
                    </div>
                  </Group>
                  <Text size="sm" mt={6}>
                    {b.width} × {b.height} px · P{b.pitchMm} · {b.timeZone} ({zoneOffset(b.timeZone)})
                  </Text>
                  <GroupBadges groups={groupsOf.get(b.id)} />
                  {admin && <RowActions editLabel={t('boards.editLabel', { name: b.name })} deleteLabel={t('boards.deleteLabel', { name: b.name })} onEdit={() => openEdit(b.id)} onDelete={() => setDeleting(b)} />}
                </Card>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover verticalSpacing="xs" data-testid="boards-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('boards.name')}</Table.Th>
                    <Table.Th>{t('boards.id')}</Table.Th>
                    <Table.Th>{t('boards.size')}</Table.Th>
                    <Table.Th>{t('boards.pitch')}</Table.Th>
                    <Table.Th>{t('boards.zone')}</Table.Th>
                    <Table.Th>{t('boards.groups')}</Table.Th>
                    <Table.Th>{t('boards.state')}</Table.Th>
                    {admin && <Table.Th>{t('actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((b) => (
                    <Table.Tr key={b.id} data-board={b.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/boards/${b.id}`} fw={600} size="sm" c="red.9">
                          {b.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {b.id}
                      </Table.Td>
                      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {b.width} × {b.height} px
                      </Table.Td>
                      <Table.Td fz="sm">P{b.pitchMm}</Table.Td>
                      <Table.Td fz="sm">
                        {b.timeZone}
                        <Text size="xs" c="dimmed">
                          {zoneOffset(b.timeZone)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <GroupBadges groups={groupsOf.get(b.id)} />
                      </Table.Td>
                      <Table.Td>
                        <div style={{ minWidth: 'max-content' }}>
                          <LiveChip board={b} now={now} />
                        </div>
                      </Table.Td>
                      {admin && (
                        <Table.Td>
                          <RowActions editLabel={t('boards.editLabel', { name: b.name })} deleteLabel={t('boards.deleteLabel', { name: b.name })} onEdit={() => openEdit(b.id)} onDelete={() => setDeleting(b)} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="groups-title">
        <Title order={2} size="h3" id="groups-title">
          {t('groups.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('groups.help')}
        </Text>
        <ErrorAlert error={groups.error} />
        {groups.data && groups.data.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('groups.none')}
          </Text>
        )}
        {groups.data &&
          groups.data.length > 0 &&
          (phone ? (
            <Stack gap="sm" role="list" aria-labelledby="groups-title">
              {groups.data.map((g) => (
                <Card key={g.id} withBorder padding="sm" role="listitem" data-group={g.id}>
                  <Text fw={700}>{g.name}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {g.id}
                  </Text>
                  <Text size="sm" mt={6}>
                    {t('groups.members')}: {g.boardIds.length ? g.boardIds.map((id) => boardName.get(id) ?? id).join(', ') : t('groups.noMembers')}
                  </Text>
                  <Text size="sm">
                    {t('groups.defaultPlaylist')}: {playlistName(g.defaultPlaylistId) ?? t('groups.noPlaylist')}
                  </Text>
                  {admin && <RowActions editLabel={t('groups.editLabel', { name: g.name })} deleteLabel={t('groups.deleteLabel', { name: g.name })} onEdit={() => setGroupEditing(g)} onDelete={() => setGroupDeleting(g)} />}
                </Card>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table striped verticalSpacing="xs" data-testid="groups-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('groups.name')}</Table.Th>
                    <Table.Th>{t('boards.id')}</Table.Th>
                    <Table.Th>{t('groups.members')}</Table.Th>
                    <Table.Th>{t('groups.defaultPlaylist')}</Table.Th>
                    {admin && <Table.Th>{t('actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {groups.data.map((g) => (
                    <Table.Tr key={g.id} data-group={g.id}>
                      <Table.Td fw={600} fz="sm">
                        {g.name}
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {g.id}
                      </Table.Td>
                      <Table.Td fz="sm">
                        {g.boardIds.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('groups.noMembers')}
                          </Text>
                        ) : (
                          <Group gap={4} wrap="wrap">
                            {g.boardIds.map((id) => (
                              <Badge key={id} variant="light" color="gray" component={Link} to={`/boards/${id}`} style={{ cursor: 'pointer', textTransform: 'none' }}>
                                {boardName.get(id) ?? id}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">{playlistName(g.defaultPlaylistId) ?? <Text size="sm" c="dimmed">{t('groups.noPlaylist')}</Text>}</Table.Td>
                      {admin && (
                        <Table.Td>
                          <RowActions editLabel={t('groups.editLabel', { name: g.name })} deleteLabel={t('groups.deleteLabel', { name: g.name })} onEdit={() => setGroupEditing(g)} onDelete={() => setGroupDeleting(g)} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>

      {admin && <CreateBoardModal opened={creating} onClose={() => setCreating(false)} existingIds={new Set((boards.data ?? []).map((b) => b.id))} />}
      {admin && editing && <EditBoardModal key={editing.id} board={editing} onClose={closeEdit} />}
      {admin && deleting && <DeleteBoardModal board={deleting} onClose={() => setDeleting(null)} />}
      {admin && groupEditing && (
        <GroupModal
          key={groupEditing === 'new' ? 'new' : groupEditing.id}
          group={groupEditing === 'new' ? null : groupEditing}
          boards={boards.data ?? []}
          existingIds={new Set((groups.data ?? []).map((g) => g.id))}
          onClose={() => setGroupEditing(null)}
        />
      )}
      {admin && groupDeleting && <DeleteGroupModal group={groupDeleting} onClose={() => setGroupDeleting(null)} />}
    </Stack>
  );
}

function GroupBadges({ groups }: { groups: BoardGroup[] | undefined }) {
  const { t } = useTranslation('boards');
  if (!groups?.length)
    return (
      <Text size="xs" c="dimmed">
        {t('boards.noGroups')}
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap" mt={2}>
      {groups.map((g) => (
        <Badge key={g.id} variant="light" color="blue" tt="none" style={{ minWidth: 'max-content' }}>
          {g.name}
        </Badge>
      ))}
    </Group>
  );
}

/** Edit and delete for one row (a board or a group), named in each button's label for screen readers. */
function RowActions({ editLabel, deleteLabel, onEdit, onDelete }: { editLabel: string; deleteLabel: string; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation('boards');
  return (
    <Group gap={4} wrap="nowrap" mt={{ base: 'xs', sm: 0 }}>
      <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={onEdit} aria-label={editLabel}>
        {t('edit.open')}
      </Button>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onDelete} aria-label={deleteLabel}>
        {t('delete.open')}
      </Button>
    </Group>
  );
}
