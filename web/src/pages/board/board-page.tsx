// One board, everything about it: what it shows this second at its exact pixel size (ticking with
// the board), what it will show at any minute of the next 48 hours, its live state and delivery,
// what its player last reported, what it showed in the last hour, the player boxes paired with it,
// its display schedule, and its settings. Live over /ops; the pictures come from the very manifest
// the board plays, through the player's own timeline code.
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BoardStatus } from '@playlists/api/boards.ts';
import { ApiError } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { zoneOffset } from '../../components/format.ts';
import { LiveChip } from '../../components/live-chip.tsx';
import { Loading } from '../../components/loading.tsx';
import { useNow } from '../../components/now.ts';
import { useConnection, useOpenAlerts } from '../../live/ops.tsx';
import { AtPanel } from './at-panel.tsx';
import { metres, useBoard, useGroups, useManifest, usePlaylists } from './board-data.ts';
import { DevicesPanel } from './devices-panel.tsx';
import { DisplayPanel } from './display-panel.tsx';
import { HeartbeatPanel, NowPanel, StatePanel } from './live-panel.tsx';
import { PlaysPanel } from './plays-panel.tsx';
import { BackLink } from '../../components/back-link.tsx';

export default function BoardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('board');
  const board = useBoard(id);
  if (board.isPending) return <Loading />;
  if (board.error || !board.data) {
    const missing = board.error instanceof ApiError && board.error.status === 404;
    return (
      <Stack gap="md">
        <BackLink to="/boards" label={t('back')} />
        <Title order={1}>{missing ? t('missing.title') : t('title')}</Title>
        {missing ? (
          <Alert color="yellow" role="alert">
            {t('missing.text', { id })}
          </Alert>
        ) : (
          <ErrorAlert error={board.error} />
        )}
      </Stack>
    );
  }
  return <Board board={board.data} />;
}


function Board({ board }: { board: BoardStatus }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const now = useNow(1000);
  const connection = useConnection();
  const manifest = useManifest(board.id, board.delivery.version);
  const m = manifest.data;
  return (
    <Stack gap="md">
      <BackLink to="/boards" label={t('back')} />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {board.name}
          </Title>
          <Group gap="xs" mt={4} wrap="wrap">
            <Text size="sm" c="dimmed" ff="monospace">
              {board.id}
            </Text>
            <Badge variant="light" color="gray" tt="none">
              {t('size', { width: board.width, height: board.height })}
            </Badge>
            <Badge variant="light" color="gray">
              P{board.pitchMm}
            </Badge>
            <Badge variant="light" color="gray" tt="none">
              {board.timeZone} ({zoneOffset(board.timeZone, now)})
            </Badge>
          </Group>
        </div>
        <Group gap="xs" wrap="wrap">
          <Badge color={connection === 'live' ? 'green' : connection === 'lost' ? 'red' : 'gray'} variant="dot" role="status" aria-live="polite">
            {tc(`connection.${connection}`)}
          </Badge>
          <LiveChip board={board} now={now} />
        </Group>
      </Group>
      <OpenAlerts boardId={board.id} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <NowPanel board={board} manifest={m} manifestError={manifest.isError} now={now} />
        <StatePanel board={board} manifest={m} now={now} />
      </SimpleGrid>
      <AtPanel board={board} manifest={m} now={now} />
      <HeartbeatPanel board={board} manifest={m} />
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
        <PlaysPanel board={board} manifest={m} />
        <DevicesPanel board={board} />
      </SimpleGrid>
      <DisplayPanel board={board} />
      <SettingsPanel board={board} />
    </Stack>
  );
}

/** The board's open alerts (live), each in words with a way to all of them. */
function OpenAlerts({ boardId }: { boardId: string }) {
  const { t, i18n } = useTranslation('board');
  const open = (useOpenAlerts().data ?? []).filter((a) => a.boardId === boardId);
  if (!open.length) return null;
  return (
    <Alert color="red" role="alert" title={t('alerts.title', { count: open.length })} data-testid="board-alerts">
      <Stack gap={4}>
        {open.map((a) => (
          <Text key={a.id} size="sm">
            {i18n.language === 'en' ? a.detailEn : a.detail}
          </Text>
        ))}
        <Anchor component={Link} to="/alerts" size="sm">
          {t('alerts.all')}
        </Anchor>
      </Stack>
    </Alert>
  );
}

const SettingsPanel = memo(function SettingsPanel({ board }: { board: BoardStatus }) {
  const { t, i18n } = useTranslation('board');
  const can = useCan();
  const playlists = usePlaylists();
  const groups = useGroups();
  const lang = i18n.language;
  const playlistName = (pid: string | null) => (pid ? (playlists.data?.find((p) => p.id === pid)?.name ?? pid) : null);
  const memberOf = (groups.data ?? []).filter((g) => g.boardIds.includes(board.id));
  const groupDefault = memberOf.find((g) => g.defaultPlaylistId);
  const rows: [string, string][] = [
    [t('settings.name'), board.name],
    [t('settings.id'), board.id],
    [t('settings.size'), `${t('size', { width: board.width, height: board.height })} · ${t('settings.physical', { w: metres(board.width, board.pitchMm, lang), h: metres(board.height, board.pitchMm, lang) })}`],
    [t('settings.pitch'), `${board.pitchMm.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN')} mm (P${board.pitchMm})`],
    [t('settings.zone'), `${board.timeZone} (${zoneOffset(board.timeZone)})`],
    [
      t('settings.defaultPlaylist'),
      playlistName(board.defaultPlaylistId) ?? (groupDefault ? t('settings.fromGroup', { playlist: playlistName(groupDefault.defaultPlaylistId), group: groupDefault.name }) : t('settings.none')),
    ],
    [t('settings.groups'), memberOf.length ? memberOf.map((g) => g.name).join(', ') : t('settings.noGroups')],
  ];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="settings-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="settings-title">
            {t('settings.title')}
          </Title>
          {can('boards.manage') && (
            <Button component={Link} to={`/boards?edit=${encodeURIComponent(board.id)}`} variant="light" size="xs" leftSection={<IconPencil size={14} />}>
              {t('settings.edit')}
            </Button>
          )}
        </Group>
        <Table variant="vertical" layout="fixed" withTableBorder={false}>
          <Table.Tbody>
            {rows.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th w={{ base: 130, sm: 200 }} fz="sm" fw={500} c="dimmed">
                  {k}
                </Table.Th>
                <Table.Td fz="sm" style={{ overflowWrap: 'anywhere' }}>
                  {v}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
});
