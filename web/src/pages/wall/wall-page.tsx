// The board wall, the operators' home: one card per board — the picture it should show now beside
// what its player last reported, its state with the reason in words, the heartbeat's age, the
// delivery of its latest schedule, and any emergency or blackout in force. Live over /ops, never
// polled; only the cards on screen are drawn (a thousand boards scroll smoothly), and only their
// manifests are fetched.
import { Badge, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { LiveState } from '@playlists/board-state.ts';
import { LIVE_STATES } from '@playlists/board-state.ts';
import type { Manifest } from '@playlists/manifest.ts';
import { searchKey } from '@playlists/text.ts';
import { showAt } from '@playlists/timeline.ts';
import { API, call } from '../../api/index.ts';
import { BoardFrame } from '../../components/board-frame.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { formatAge, formatTime } from '../../components/format.ts';
import { LIVE_COLOURS, LiveChip, liveOf, useLiveReason } from '../../components/live-chip.tsx';
import { useNow } from '../../components/now.ts';
import { BOARDS_KEY, useConnection, useOpenAlerts } from '../../live/ops.tsx';
import { PageTitle } from '../../components/page-title.tsx';

const CARD_MIN_WIDTH = 320;
/** A first guess of a row's height; rows are measured once drawn. */
const ROW_HEIGHT = 260;

export function useBoards() {
  return useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
}

/** A board's manifest, fetched once per version (the wall asks only for cards on screen). */
export function useManifest(boardId: string, version: string | null) {
  return useQuery({ queryKey: ['manifest', boardId, version], queryFn: () => call(API.boardManifest, { params: { id: boardId } }) as Promise<Manifest>, enabled: version !== null, staleTime: Infinity, gcTime: 5 * 60_000 });
}

export default function WallPage() {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const boards = useBoards();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call(API.listGroups) });
  const connection = useConnection();
  const now = useNow(1000);
  const [group, setGroup] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [search, setSearch] = useState('');

  const list = useMemo(() => {
    const members = group ? new Set(groups.data?.find((g) => g.id === group)?.boardIds ?? []) : null;
    const q = searchKey(search.trim());
    return (boards.data ?? []).filter((b) => (!members || members.has(b.id)) && (!q || searchKey(b.name).includes(q) || b.id.includes(q)));
  }, [boards.data, groups.data, group, search]);
  const counts = useMemo(() => {
    const c = new Map<LiveState, number>();
    for (const b of list) {
      const s = liveOf(b, now).state;
      c.set(s, (c.get(s) ?? 0) + 1);
    }
    return c;
  }, [list, now]);
  const shown = state ? list.filter((b) => liveOf(b, now).state === state) : list;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('count', { count: boards.data?.length ?? 0 })} />
        <Badge color={connection === 'live' ? 'green' : connection === 'lost' ? 'red' : 'gray'} variant="dot" role="status" aria-live="polite">
          {tc(`connection.${connection}`)}
        </Badge>
      </Group>
      <Group gap="sm" wrap="wrap" role="group" aria-label={t('summary')}>
        {LIVE_STATES.filter((s) => counts.get(s)).map((s) => (
          <Badge
            key={s}
            component="button"
            type="button"
            color={LIVE_COLOURS[s]}
            variant={state === s ? 'filled' : 'light'}
            size="lg"
            style={{ cursor: 'pointer' }}
            aria-pressed={state === s}
            onClick={() => setState(state === s ? null : s)}
          >
            {tc(`live.${s}`)}: {counts.get(s)}
          </Badge>
        ))}
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput label={t('search')} placeholder={t('searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 260 }} />
        <Select
          label={t('group')}
          placeholder={t('allGroups')}
          clearable
          data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          value={group}
          onChange={setGroup}
          w={{ base: '100%', xs: 260 }}
        />
      </Group>
      <ErrorAlert error={boards.error} />
      {boards.data && shown.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      <BoardGrid boards={shown} now={now} />
    </Stack>
  );
}

/** Rows of cards, as many per row as fit; only the rows near the screen exist in the page. */
function BoardGrid({ boards, now }: { boards: BoardStatus[]; now: number }) {
  const { t } = useTranslation('wall');
  const { ref, width } = useElementSize();
  const perRow = Math.max(1, Math.floor((width + 16) / (CARD_MIN_WIDTH + 16)));
  const rows = Math.ceil(boards.length / perRow);
  const listRef = useRef<HTMLDivElement>(null);
  // The virtualizer is read afresh on every render (no memoisation): what React's compiler skips here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => document.scrollingElement as HTMLElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 2,
    scrollMargin: listRef.current?.offsetTop ?? 0,
  });
  return (
    <div ref={ref}>
      <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="list" aria-label={t('listLabel')}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
          >
            <SimpleGrid cols={perRow} spacing="md" pb="md">
              {boards.slice(row.index * perRow, row.index * perRow + perRow).map((b) => (
                <BoardCard key={b.id} board={b} now={now} />
              ))}
            </SimpleGrid>
          </div>
        ))}
      </div>
    </div>
  );
}

const BoardCard = memo(function BoardCard({ board, now }: { board: BoardStatus; now: number }) {
  const { t, i18n } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const manifest = useManifest(board.id, board.delivery.version).data;
  const live = liveOf(board, now);
  const liveReason = useLiveReason();
  const expected = manifest ? showAt(manifest, now) : null;
  const expectedUrl = expected?.item && expected.item.type !== 'clock' ? expected.item.url : null;
  const hb = board.delivery.heartbeat;
  const reportedItem = manifest && hb?.slideId ? findItem(manifest, hb.slideId) : null;
  const reportedUrl = reportedItem && reportedItem.type !== 'clock' ? reportedItem.url : null;
  const zone = board.timeZone ?? 'Asia/Ho_Chi_Minh';
  const segment = expected?.segment ?? null;
  const overrides = segment?.kind === 'play' && segment.layer === 'emergency' ? t('overrideEmergency') : segment?.kind === 'black' && segment.reason === 'blackout' ? t('overrideBlackout') : null;
  const alerts = (useOpenAlerts().data ?? []).filter((a) => a.boardId === board.id);

  return (
    <Card withBorder padding="sm" role="listitem" data-board={board.id} data-state={live.state}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={700} size="sm" truncate="end" component={Link} to={`/boards/${board.id}`} c="inherit" style={{ minWidth: 0 }}>
          {board.name}
        </Text>
        <div style={{ flexShrink: 0 }}>
          <LiveChip board={board} now={now} />
        </div>
      </Group>
      <SimpleGrid cols={2} spacing="xs" mt="xs">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('shouldShow')}
          </Text>
          <BoardFrame width={board.width} height={board.height} src={expectedUrl} alt={t('shouldShowAlt', { name: board.name })} label={expected && !expected.item ? tc('live.black') : expected?.item?.type === 'clock' ? t('clock') : '…'} />
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('reported')}
          </Text>
          <BoardFrame width={board.width} height={board.height} src={live.state === 'never' ? null : reportedUrl} alt={t('reportedAlt', { name: board.name })} label={hb?.black ? tc('live.black') : live.state !== 'never' && reportedItem?.type === 'clock' ? t('clock') : tc('live.never')} />
        </Stack>
      </SimpleGrid>
      <Stack gap={4} mt="xs">
        {live.state !== 'playing' && (
          <Text size="xs" c="dimmed" data-testid="reason">
            {liveReason(live.state, live.heartbeatAgeMs)}
          </Text>
        )}
        <Text size="xs">
          {t('heartbeat')}: {live.heartbeatAgeMs === null ? tc('time.never') : tc('time.ago', { value: formatAge(live.heartbeatAgeMs) })}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Text size="xs">{tc('delivery.title')}:</Text>
          <Tooltip label={deliveryTimes(board, zone, tc)} multiline withArrow>
            <Badge size="xs" variant="outline" tabIndex={0} data-delivery={board.delivery.state} color={board.delivery.state === 'playing' ? 'green' : board.delivery.state === 'pending' ? 'yellow' : 'blue'}>
              {tc(`delivery.${board.delivery.state}`)}
            </Badge>
          </Tooltip>
        </Group>
        {overrides && (
          <Badge size="xs" color="orange" variant="filled">
            {overrides}
          </Badge>
        )}
        {alerts.length > 0 && (
          <Badge size="xs" color="red" variant="filled" component={Link} to="/alerts" title={alerts.map((a) => (i18n.language === 'en' ? a.detailEn : a.detail)).join('\n')} data-testid="open-alerts" style={{ cursor: 'pointer' }}>
            {t('openAlerts', { count: alerts.length })}
          </Badge>
        )}
      </Stack>
    </Card>
  );
});

function findItem(m: Manifest, slideId: string) {
  for (const s of m.segments) if (s.kind === 'play') for (const i of s.items) if (i.slideId === slideId) return i;
  return m.fallback?.items.find((i) => i.slideId === slideId) ?? null;
}

function deliveryTimes(b: BoardStatus, zone: string, t: (k: string) => string): string {
  const d = b.delivery;
  const at = (iso: string | null) => (iso ? formatTime(iso, zone, true) : '—');
  return `${t('delivery.pending')} ${at(d.publishedAt)} → ${t('delivery.delivered')} ${at(d.deliveredVersion === d.version ? d.deliveredAt : null)} → ${t('delivery.ready')} ${at(d.readyVersion === d.version ? d.readyAt : null)} → ${t('delivery.playing')} ${at(d.playingVersion === d.version ? d.playingAt : null)}`;
}
