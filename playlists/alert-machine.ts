// The alert state machine: when a board's trouble becomes an alert, and when the alert ends. One
// pure step per board and observation — the previous state and what is known now (the board's last
// heartbeat and what it said, its current manifest, whether its schedule has it dark) give the new
// state and the alerts to open or close. The watch job runs it for every board; the tests run it on
// random histories. No I/O: the caller says what "now" is and keeps the state.
//
// The rules (each measured on the controller's clock):
// - offline: a board heard from at least once (never paired: never) that has been silent for its
//   delay (default 10 min) while its schedule does not have it dark (power-off window, blackout).
//   Silence is counted from the latest of: its last heartbeat, the controller's own start (a
//   controller that was down could not hear anyone: a restart alone never raises an alert), and the
//   end of the last dark period seen (a box switched off with the board gets its delay to boot).
//   Recovery only once its heartbeats have been fresh (< 45 s old) without a break for 1 min: a
//   board that comes back for 20 s and drops again stays in the same episode, no storm.
// - off-schedule: its player, on the current manifest version, reports a slide other than the one
//   its schedule has at that instant (± 2 s), on every heartbeat for 2 min. Ends after 1 min of
//   matching heartbeats.
// - manifest-pending: its player, online, still plays another version than the current one 5 min
//   after the latest of: the first heartbeat seen on the other version, the version's publication,
//   the controller's start and the board's return online. Ends as soon as a heartbeat shows the
//   current version.
// - player-error: a heartbeat carries an error text not seen before (a player keeps its last error
//   until it reloads, so the same text again is not a new error). Ends 10 min after the last new
//   error.
// While a board cannot be observed (no fresh heartbeat), the last three neither open nor close.
import type { Manifest } from './manifest.ts';
import { showAt } from './timeline.ts';

/** What the machine watches on each board. */
export const BOARD_ALERT_KINDS = ['offline', 'off-schedule', 'manifest-pending', 'player-error'] as const;
export type BoardAlertKind = (typeof BOARD_ALERT_KINDS)[number];
/** Every alert: the boards' and one that is no board's — a scheduled report that could not be made or mailed (services/report-schedules.ts raises it, not this machine). */
export const ALERT_KINDS = [...BOARD_ALERT_KINDS, 'report-failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertRules {
  /** Silence before an offline alert (the board's own delay). */
  offlineMs: number;
  /** Fresh heartbeats without a break for this long end an offline or off-schedule alert. */
  recoverMs: number;
  offScheduleMs: number;
  pendingMs: number;
  /** A player-error alert ends this long after the last new error. */
  errorQuietMs: number;
  /** A heartbeat younger than this is fresh (the one status function's "online"). */
  onlineMs: number;
}

export const DEFAULT_OFFLINE_MINUTES = 10;
export const DEFAULT_ALERT_RULES: AlertRules = {
  offlineMs: DEFAULT_OFFLINE_MINUTES * 60_000,
  recoverMs: 60_000,
  offScheduleMs: 120_000,
  pendingMs: 300_000,
  errorQuietMs: 600_000,
  onlineMs: 45_000,
};
/** What the player may be off by at a slide's edge (network delay, clock sync). */
export const SLIDE_TOLERANCE_MS = 2_000;

/** What the schedule has on screen around an instant: black, and/or these slides. */
export interface Expected {
  black: boolean;
  slideIds: string[];
}

export interface HeartbeatFacts {
  version: string | null;
  slideId: string | null;
  black: boolean;
  lastError: string | null;
}

export interface Observation {
  now: number;
  /** When this controller process started. */
  controllerStartedAt: number;
  /** When the board's last heartbeat arrived, or null: never heard from. */
  lastHeartbeatAt: number | null;
  heartbeat: HeartbeatFacts | null;
  /** The board's current manifest, or null: never compiled. */
  manifest: { version: string; generatedAt: number } | null;
  /** The schedule has the board dark now (power-off window or blackout). */
  scheduledDark: boolean;
  /** What the schedule shows at the last heartbeat's instant; null when unknown. */
  expected: Expected | null;
}

export interface OpenEpisode {
  episode: string;
  openedAt: number;
  /** When the trouble began (the last heartbeat before the silence, the first wrong one…). */
  since: number;
}

export interface KindState {
  open: OpenEpisode | null;
  /** Start of the current run of bad observations (or of the last new error). */
  badSince: number | null;
  /** Start of the current run of good observations. */
  goodSince: number | null;
}

export interface BoardAlertState {
  /** The first heartbeat of the current unbroken run of fresh ones; null while not fresh. */
  onlineSince: number | null;
  /** The schedule had the board dark at the last observation. */
  dark: boolean;
  /** When a dark period was last seen to end. */
  darkEndedAt: number | null;
  /** The last error text a heartbeat carried. */
  lastError: string | null;
  kinds: Record<BoardAlertKind, KindState>;
}

export interface AlertDetail {
  lastHeartbeatAt?: number | null;
  /** Offline, closing: the first heartbeat of the unbroken run that ended it. */
  backSince?: number;
  /** Player error, closing: the last new error. */
  lastErrorAt?: number;
  expectedVersion?: string;
  playingVersion?: string | null;
  expected?: Expected;
  shownSlideId?: string | null;
  shownBlack?: boolean;
  error?: string;
}

export type AlertEvent =
  | { type: 'open'; kind: BoardAlertKind; episode: string; at: number; since: number; detail: AlertDetail }
  | { type: 'close'; kind: BoardAlertKind; episode: string; at: number; since: number; detail: AlertDetail };

const emptyKind = (): KindState => ({ open: null, badSince: null, goodSince: null });

export function initialAlertState(): BoardAlertState {
  return { onlineSince: null, dark: false, darkEndedAt: null, lastError: null, kinds: { offline: emptyKind(), 'off-schedule': emptyKind(), 'manifest-pending': emptyKind(), 'player-error': emptyKind() } };
}

/**
 * A state rebuilt from the alerts still open (when no saved state exists): the open episodes are
 * kept, so none is raised twice; everything else starts afresh.
 */
export function stateFromOpenAlerts(open: { kind: AlertKind; episode: string; openedAt: number; since: number }[]): BoardAlertState {
  const s = initialAlertState();
  for (const a of open) if (isBoardKind(a.kind)) s.kinds[a.kind] = { open: { episode: a.episode, openedAt: a.openedAt, since: a.since }, badSince: a.kind === 'player-error' ? a.since : null, goodSince: null };
  return s;
}

export function isBoardKind(kind: AlertKind): kind is BoardAlertKind {
  return (BOARD_ALERT_KINDS as readonly string[]).includes(kind);
}

function cloneState(s: BoardAlertState): BoardAlertState {
  const kinds = {} as Record<BoardAlertKind, KindState>;
  for (const k of BOARD_ALERT_KINDS) {
    const ks = s.kinds[k] ?? emptyKind();
    kinds[k] = { open: ks.open ? { ...ks.open } : null, badSince: ks.badSince, goodSince: ks.goodSince };
  }
  return { onlineSince: s.onlineSince, dark: s.dark, darkEndedAt: s.darkEndedAt, lastError: s.lastError, kinds };
}

/** Whether what the player reports is what the schedule has. */
export function matchesSchedule(hb: HeartbeatFacts, expected: Expected): boolean {
  if (hb.black) return expected.black;
  return hb.slideId !== null && expected.slideIds.includes(hb.slideId);
}

/** One step: the new state and the alerts to open or close. */
export function stepAlerts(prev: BoardAlertState | null, obs: Observation, rules: AlertRules = DEFAULT_ALERT_RULES): { state: BoardAlertState; events: AlertEvent[] } {
  const s = cloneState(prev ?? initialAlertState());
  const events: AlertEvent[] = [];
  const { now, lastHeartbeatAt: hbAt, heartbeat: hb, manifest } = obs;
  const fresh = hbAt !== null && now - hbAt < rules.onlineMs;
  // An episode is named by the first bad report that began it: later episodes of a kind begin later.
  const open = (kind: BoardAlertKind, since: number, detail: AlertDetail, first = since) => {
    const episode = String(first);
    s.kinds[kind].open = { episode, openedAt: now, since };
    events.push({ type: 'open', kind, episode, at: now, since, detail });
  };
  const close = (kind: BoardAlertKind, detail: AlertDetail) => {
    const ep = s.kinds[kind].open!;
    s.kinds[kind].open = null;
    events.push({ type: 'close', kind, episode: ep.episode, at: now, since: ep.since, detail });
  };

  if (fresh) s.onlineSince ??= hbAt;
  else s.onlineSince = null;
  if (obs.scheduledDark) s.dark = true;
  else if (s.dark) {
    s.dark = false;
    s.darkEndedAt = now;
  }

  // Offline. The delay is never shorter than "not fresh": an alert for a board still online is a lie.
  const offline = s.kinds.offline;
  const delay = Math.max(rules.offlineMs, rules.onlineMs);
  if (!offline.open) {
    if (hbAt !== null && !obs.scheduledDark) {
      const from = Math.max(hbAt, obs.controllerStartedAt, s.darkEndedAt ?? Number.NEGATIVE_INFINITY);
      if (now - from >= delay) open('offline', hbAt, { lastHeartbeatAt: hbAt });
    }
  } else if (fresh && s.onlineSince !== null && s.onlineSince > offline.open.since && now - s.onlineSince >= rules.recoverMs) {
    close('offline', { lastHeartbeatAt: hbAt, backSince: s.onlineSince });
  }

  // Off schedule: only comparable on the current version, with a fresh report.
  const off = s.kinds['off-schedule'];
  if (fresh && hb && manifest && obs.expected && hb.version === manifest.version) {
    if (!matchesSchedule(hb, obs.expected)) {
      off.goodSince = null;
      off.badSince ??= hbAt;
      if (!off.open && now - off.badSince >= rules.offScheduleMs) open('off-schedule', off.badSince, { expected: obs.expected, shownSlideId: hb.slideId, shownBlack: hb.black });
    } else {
      off.badSince = null;
      off.goodSince ??= hbAt;
      if (off.open && now - off.goodSince >= rules.recoverMs) close('off-schedule', { shownSlideId: hb.slideId, shownBlack: hb.black });
    }
  } else {
    off.badSince = null;
    off.goodSince = null;
  }

  // Manifest pending.
  const pending = s.kinds['manifest-pending'];
  if (fresh && hb && manifest) {
    if (hb.version !== manifest.version) {
      pending.badSince ??= hbAt;
      const from = Math.max(pending.badSince, manifest.generatedAt, obs.controllerStartedAt, s.onlineSince ?? hbAt);
      if (!pending.open && now - from >= rules.pendingMs) open('manifest-pending', from, { expectedVersion: manifest.version, playingVersion: hb.version }, pending.badSince);
    } else {
      pending.badSince = null;
      if (pending.open) close('manifest-pending', { expectedVersion: manifest.version, playingVersion: hb.version });
    }
  } else {
    pending.badSince = null;
  }

  // Player error: a new text is a new error.
  const err = s.kinds['player-error'];
  if (fresh && hb) {
    if (hb.lastError !== null && hb.lastError !== s.lastError) {
      err.badSince = hbAt;
      if (!err.open) open('player-error', hbAt, { error: hb.lastError });
    }
    s.lastError = hb.lastError;
  }
  if (err.open && (err.badSince === null || now - err.badSince >= rules.errorQuietMs)) close('player-error', err.badSince === null ? {} : { lastErrorAt: err.badSince });

  return { state: s, events };
}

/**
 * What a manifest says around these instants, for an observation: whether the schedule has the
 * board dark now (power-off or blackout), and what it shows at the heartbeat's instant (± the
 * tolerance at a slide's edge). The player computes what it shows with this very code.
 */
export function scheduleFacts(manifest: Manifest, now: number, heartbeatAt: number | null, toleranceMs = SLIDE_TOLERANCE_MS): { scheduledDark: boolean; expected: Expected | null } {
  const shown = showAt(manifest, now);
  const scheduledDark = shown.item === null && shown.segment?.kind === 'black' && (shown.segment.reason === 'power-off' || shown.segment.reason === 'blackout');
  if (heartbeatAt === null) return { scheduledDark, expected: null };
  const expected: Expected = { black: false, slideIds: [] };
  for (const t of [heartbeatAt - toleranceMs, heartbeatAt, heartbeatAt + toleranceMs]) {
    const at = showAt(manifest, t);
    if (at.item === null) expected.black = true;
    else if (!expected.slideIds.includes(at.item.slideId)) expected.slideIds.push(at.item.slideId);
  }
  return { scheduledDark, expected };
}
