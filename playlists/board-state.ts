// The one status function: whether a board is live, and what it shows, from its player's own
// reports only — the age of its last heartbeat, and what that heartbeat said it shows (a layer, or
// black and why). The API, the web app's board wall, the alerts and the reports all call this;
// none decides liveness on its own. Pure: the caller says what "now" is.

export const LIVE_STATES = ['playing', 'emergency', 'blackout', 'power-off', 'black', 'stale', 'offline', 'never'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export interface LiveThresholds {
  /** A heartbeat younger than this: online (players beat every 15 s). */
  onlineMs: number;
  /** Older than onlineMs but younger than this: stale; older: offline. */
  staleMs: number;
}
export const DEFAULT_THRESHOLDS: LiveThresholds = { onlineMs: 45_000, staleMs: 120_000 };

export interface LiveInput {
  /** When the last heartbeat arrived (ms), or null if the board never reported. */
  lastHeartbeatAt: number | null;
  heartbeat: { black: boolean; layer?: string | null | undefined; blackReason?: string | null | undefined } | null;
}

export interface Live {
  state: LiveState;
  /** How old the last heartbeat is (ms), or null. */
  heartbeatAgeMs: number | null;
}

export function liveState(input: LiveInput, now: number, t: LiveThresholds = DEFAULT_THRESHOLDS): Live {
  if (input.lastHeartbeatAt === null || !input.heartbeat) return { state: 'never', heartbeatAgeMs: null };
  const age = Math.max(0, now - input.lastHeartbeatAt);
  if (age >= t.staleMs) return { state: 'offline', heartbeatAgeMs: age };
  if (age >= t.onlineMs) return { state: 'stale', heartbeatAgeMs: age };
  const hb = input.heartbeat;
  if (hb.black) return { state: hb.blackReason === 'blackout' ? 'blackout' : hb.blackReason === 'power-off' ? 'power-off' : 'black', heartbeatAgeMs: age };
  return { state: hb.layer === 'emergency' ? 'emergency' : 'playing', heartbeatAgeMs: age };
}
