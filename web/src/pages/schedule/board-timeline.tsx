// The next 48 hours board by board, as the controller compiled them (GET /api/boards/:id/timeline):
// one row per board, its segments coloured by layer, black where it is dark and why. Rows are
// fetched again whenever a board's schedule version changes (pushed over /ops).
import { Box, Card, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import { API, call } from '../../api/index.ts';
import { formatTime } from '../../components/format.ts';
import { useNow } from '../../components/now.ts';
import { LAYER_COLOURS } from './levels.ts';

const HOURS = 48;
const MAX_ROWS = 12;
const COLOURS: Record<string, string> = { ...LAYER_COLOURS, emergency: '#c92a2a', black: '#212529' };

export function BoardTimelines({ boards, entryName }: { boards: BoardStatus[]; entryName: (id: string) => string }) {
  const { t } = useTranslation('schedule');
  const now = useNow(60_000);
  // Whole hours, so the rows share one axis and the query keys stay put for an hour.
  const from = Math.floor(now / 3_600_000) * 3_600_000;
  const to = from + HOURS * 3_600_000;
  const zone = boards[0]?.timeZone ?? 'Asia/Ho_Chi_Minh';
  const { ref, width } = useElementSize();
  // Fewer labels where they would run into each other.
  const step = width && width < 480 ? 24 : 12;
  const ticks = Array.from({ length: HOURS / step + 1 }, (_, i) => from + i * step * 3_600_000);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb={4}>
        {t('timelineTitle')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('timelineHelp')}
      </Text>
      {boards.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timelineEmpty')}
        </Text>
      ) : (
        <Stack gap={8}>
          {boards.slice(0, MAX_ROWS).map((b) => (
            <BoardRow key={b.id} board={b} from={from} to={to} entryName={entryName} />
          ))}
          <Box pos="relative" h={16} aria-hidden ref={ref}>
            {ticks.map((tick, i) => (
              <Text key={tick} size="xs" c="dimmed" pos="absolute" style={{ left: `${(i * 100) / (ticks.length - 1)}%`, transform: i === 0 ? 'none' : i === ticks.length - 1 ? 'translateX(-100%)' : 'translateX(-50%)', whiteSpace: 'nowrap' }}>
                {dayjs(tick).tz(zone).format('DD/MM HH:mm')}
              </Text>
            ))}
          </Box>
          {boards.length > MAX_ROWS && (
            <Text size="xs" c="dimmed">
              {t('timelineMore', { count: boards.length - MAX_ROWS })}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

function BoardRow({ board, from, to, entryName }: { board: BoardStatus; from: number; to: number; entryName: (id: string) => string }) {
  const { t } = useTranslation('schedule');
  const { t: tc } = useTranslation();
  const timeline = useQuery({
    queryKey: ['timeline', board.id, board.delivery.version, from],
    queryFn: () => call(API.boardTimeline, { params: { id: board.id }, query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } }),
    staleTime: Infinity,
  });
  const zone = board.timeZone;
  const span = to - from;
  return (
    <div>
      <Text size="xs" fw={600} truncate="end">
        {board.name}
      </Text>
      <Box component="ul" aria-label={t('timelineRow', { name: board.name })} style={{ position: 'relative', height: 22, margin: 0, padding: 0, listStyle: 'none', background: 'var(--mantine-color-gray-1)', borderRadius: 4, overflow: 'hidden' }}>
        {(timeline.data ?? []).map((s) => {
          const a = Math.max(Date.parse(s.from), from);
          const b = Math.min(Date.parse(s.to), to);
          if (b <= a) return null;
          const what =
            s.kind === 'black'
              ? t(`black.${s.reason}`)
              : `${tc(`layers.${s.layer}`)}: ${[...new Set(s.entryIds.map(entryName))].join(', ')}`;
          const label = `${what} (${formatTime(a, zone)} → ${formatTime(b, zone)})`;
          return (
            <Tooltip key={`${s.from}-${s.kind}`} label={label} withArrow multiline maw={320}>
              <li
                aria-label={label}
                data-layer={s.kind === 'play' ? s.layer : 'black'}
                style={{ position: 'absolute', top: 0, bottom: 0, left: `${((a - from) / span) * 100}%`, width: `${((b - a) / span) * 100}%`, background: COLOURS[s.kind === 'play' ? s.layer : 'black'] ?? '#868e96', borderRight: '1px solid #fff' }}
              />
            </Tooltip>
          );
        })}
      </Box>
      {timeline.error ? (
        <Text size="xs" c="red">
          {tc('errors.loadFailed')}
        </Text>
      ) : null}
    </div>
  );
}
