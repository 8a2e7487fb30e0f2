// A board's state in one chip — playing, stale, offline, blackout, emergency… — with its reason in
// words, from the one status function (playlists/board-state.ts) over the player's own reports. It
// moves with the clock: a silent player turns stale, then offline, without a reload.
import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { LiveState } from '@playlists/board-state.ts';
import { liveState } from '@playlists/board-state.ts';
import { formatAge } from './format.ts';

export const LIVE_COLOURS: Record<LiveState, string> = {
  playing: 'green',
  emergency: 'orange',
  blackout: 'dark',
  'power-off': 'gray',
  black: 'grape',
  stale: 'yellow',
  offline: 'red',
  never: 'gray',
};

export function liveOf(board: Pick<BoardStatus, 'delivery'>, now: number) {
  return liveState({ lastHeartbeatAt: board.delivery.playingAt ? Date.parse(board.delivery.playingAt) : null, heartbeat: board.delivery.heartbeat }, now);
}

export function useLiveReason(): (state: LiveState, ageMs: number | null) => string {
  const { t } = useTranslation();
  return (state, ageMs) => t(`live.reason.${state}`, { age: ageMs === null ? '' : formatAge(ageMs) });
}

export function LiveChip({ board, now }: { board: Pick<BoardStatus, 'delivery'>; now: number }) {
  const { t } = useTranslation();
  const reason = useLiveReason();
  const live = liveOf(board, now);
  return (
    <Tooltip label={reason(live.state, live.heartbeatAgeMs)} multiline w={260} withArrow>
      <Badge color={LIVE_COLOURS[live.state]} variant={live.state === 'playing' ? 'light' : 'filled'} data-state={live.state} data-reason={reason(live.state, live.heartbeatAgeMs)}>
        {t(`live.${live.state}`)}
        <VisuallyHidden>: {reason(live.state, live.heartbeatAgeMs)}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
