// The alert state machine (playlists/alert-machine.ts): examples of each edge — down, up,
// flapping, a controller restart, a scheduled dark period, a board never paired — and properties
// over random heartbeat histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent, AlertKind, BoardAlertState, Expected, HeartbeatFacts, Observation } from '../../playlists/alert-machine.ts';
import { ALERT_KINDS, DEFAULT_ALERT_RULES, initialAlertState, scheduleFacts, stateFromOpenAlerts, stepAlerts } from '../../playlists/alert-machine.ts';
import type { Manifest, ManifestItem } from '../../playlists/manifest.ts';

const S = 1000;
const MIN = 60 * S;
const V1 = '1'.repeat(64);
const V2 = '2'.repeat(64);
const T0 = Date.UTC(2026, 6, 1, 1, 0, 0);
const RULES = DEFAULT_ALERT_RULES;
const DELAY = RULES.offlineMs;

const good: HeartbeatFacts = { version: V1, slideId: 'khau-hieu', black: false, lastError: null };
const onSchedule: Expected = { black: false, slideIds: ['khau-hieu'] };

/** A little world: a board, its player, the controller; observe() runs the machine as the watch job does. */
class World {
  t = T0;
  startedAt = T0;
  lastHb: number | null = null;
  hb: HeartbeatFacts | null = null;
  dark = false;
  expected: Expected | null = onSchedule;
  manifest: { version: string; generatedAt: number } | null = { version: V1, generatedAt: T0 - 3_600_000 };
  state: BoardAlertState | null = null;
  events: AlertEvent[] = [];

  constructor(readonly rules = RULES) {}

  beat(facts: Partial<HeartbeatFacts> = {}): this {
    this.lastHb = this.t;
    this.hb = { ...good, ...facts };
    return this;
  }

  obs(): Observation {
    return { now: this.t, controllerStartedAt: this.startedAt, lastHeartbeatAt: this.lastHb, heartbeat: this.hb, manifest: this.manifest, scheduledDark: this.dark, expected: this.expected };
  }

  observe(): AlertEvent[] {
    const r = stepAlerts(this.state, this.obs(), this.rules);
    this.state = r.state;
    this.events.push(...r.events);
    return r.events;
  }

  /** Time passes in steps of `step` (the watch job's tick), beating every `beatEvery` when given. */
  run(ms: number, opts: { step?: number; beatEvery?: number; facts?: Partial<HeartbeatFacts> } = {}): AlertEvent[] {
    const step = opts.step ?? 15 * S;
    const out: AlertEvent[] = [];
    const end = this.t + ms;
    let nextBeat = opts.beatEvery ? this.t : Infinity;
    while (this.t < end) {
      this.t = Math.min(end, this.t + step);
      while (nextBeat <= this.t) {
        const at = this.t;
        this.t = nextBeat;
        this.beat(opts.facts);
        this.t = at;
        nextBeat += opts.beatEvery!;
      }
      out.push(...this.observe());
    }
    return out;
  }

  restart(downMs: number): this {
    this.t += downMs;
    this.startedAt = this.t;
    // The new process reads the state the old one saved.
    this.state = this.state ? (JSON.parse(JSON.stringify(this.state)) as BoardAlertState) : null;
    return this;
  }
}

const kinds = (events: AlertEvent[]) => events.map((e) => `${e.type}:${e.kind}`);

describe('alert machine: offline', () => {
  it('down: one alert once the board has been silent for its delay, not before', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    const silentFrom = w.lastHb!;
    expect(w.run(DELAY - (w.t - silentFrom) - S)).toEqual([]);
    const opened = w.run(15 * S);
    expect(kinds(opened)).toEqual(['open:offline']);
    expect(opened[0]!.since).toBe(silentFrom);
    expect(opened[0]!.at - silentFrom).toBeGreaterThanOrEqual(DELAY);
    // Longer silence: nothing more.
    expect(w.run(3 * 3_600_000)).toEqual([]);
  });

  it('up: one recovery once heartbeats have been fresh for a minute without a break', () => {
    const w = new World();
    w.beat();
    w.run(DELAY + MIN);
    expect(kinds(w.events)).toEqual(['open:offline']);
    const back = w.run(45 * S, { beatEvery: 15 * S });
    expect(back).toEqual([]);
    const closed = w.run(MIN, { beatEvery: 15 * S });
    expect(kinds(closed)).toEqual(['close:offline']);
    expect(w.run(10 * MIN, { beatEvery: 15 * S })).toEqual([]);
  });

  it('flapping: back for 20 s, silent again, back again… stays one episode; no storm', () => {
    const w = new World();
    w.beat();
    w.run(DELAY + 30 * S);
    expect(kinds(w.events)).toEqual(['open:offline']);
    for (let i = 0; i < 20; i++) {
      w.run(20 * S, { step: 5 * S, beatEvery: 10 * S });
      w.run(5 * MIN, { step: 15 * S });
    }
    expect(kinds(w.events)).toEqual(['open:offline']);
    w.run(2 * MIN, { step: 5 * S, beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:offline', 'close:offline']);
  });

  it('a board that drops for less than its delay raises nothing', () => {
    const w = new World();
    for (let i = 0; i < 30; i++) {
      w.run(40 * S, { beatEvery: 15 * S });
      w.run(DELAY - MIN);
    }
    expect(w.events).toEqual([]);
  });

  it('uses the board’s own delay', () => {
    const w = new World({ ...RULES, offlineMs: 3 * MIN });
    w.beat();
    w.run(3 * MIN);
    expect(kinds(w.events)).toEqual(['open:offline']);
  });

  it('a controller restart raises nothing by itself: silence counts from the restart', () => {
    const w = new World();
    w.run(10 * MIN, { beatEvery: 15 * S });
    // The controller is down for two hours: the board's last heartbeat is two hours old on restart.
    w.restart(2 * 3_600_000);
    expect(w.observe()).toEqual([]);
    // The player reconnects within a minute: nothing, ever.
    w.run(40 * S);
    w.run(30 * MIN, { beatEvery: 15 * S });
    expect(w.events).toEqual([]);
  });

  it('after a restart, a board that does not come back is reported once its delay has passed since the restart', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    w.restart(3_600_000);
    const restartedAt = w.t;
    w.run(DELAY - 15 * S);
    expect(w.events).toEqual([]);
    w.run(15 * S);
    expect(kinds(w.events)).toEqual(['open:offline']);
    expect(w.events[0]!.at).toBe(restartedAt + DELAY);
  });

  it('an alert open before a restart stays open, once', () => {
    const w = new World();
    w.beat();
    w.run(DELAY + MIN);
    w.restart(30 * MIN);
    w.run(DELAY * 3);
    expect(kinds(w.events)).toEqual(['open:offline']);
    w.run(2 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:offline', 'close:offline']);
  });

  it('rebuilt from the open alerts alone, it raises the open one no second time', () => {
    const w = new World();
    w.beat();
    w.run(DELAY + MIN);
    const [opened] = w.events as [AlertEvent];
    w.state = stateFromOpenAlerts([{ kind: 'offline', episode: opened.episode, openedAt: opened.at, since: opened.since }]);
    w.run(DELAY);
    expect(kinds(w.events)).toEqual(['open:offline']);
    w.run(2 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:offline', 'close:offline']);
  });

  it('scheduled dark: a board switched off with its power-off window raises nothing; once the window ends it has its delay to come back', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    w.dark = true;
    w.run(8 * 3_600_000);
    expect(w.events).toEqual([]);
    w.dark = false;
    const lit = w.t + 15 * S;
    w.run(DELAY - 15 * S);
    expect(w.events).toEqual([]);
    w.run(MIN);
    expect(kinds(w.events)).toEqual(['open:offline']);
    expect(w.events[0]!.at).toBeGreaterThanOrEqual(lit + DELAY);
  });

  it('a board comes back in time after its dark period: nothing', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    w.dark = true;
    w.run(8 * 3_600_000);
    w.dark = false;
    w.run(2 * MIN);
    w.run(30 * MIN, { beatEvery: 15 * S });
    expect(w.events).toEqual([]);
  });

  it('never paired: no heartbeat ever, no alert ever', () => {
    const w = new World();
    w.manifest = { version: V1, generatedAt: T0 };
    w.run(48 * 3_600_000, { step: 5 * MIN });
    expect(w.events).toEqual([]);
  });
});

describe('alert machine: what the board shows', () => {
  it('off schedule for two minutes: one alert; on schedule for a minute: closed', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    w.run(110 * S, { beatEvery: 15 * S, facts: { slideId: 'quang-cao-la' } });
    expect(w.events).toEqual([]);
    w.run(30 * S, { beatEvery: 15 * S, facts: { slideId: 'quang-cao-la' } });
    expect(kinds(w.events)).toEqual(['open:off-schedule']);
    expect(w.events[0]!.detail.shownSlideId).toBe('quang-cao-la');
    w.run(2 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:off-schedule', 'close:off-schedule']);
  });

  it('a single wrong heartbeat at a slide’s edge is forgotten', () => {
    const w = new World();
    for (let i = 0; i < 20; i++) {
      w.run(15 * S, { beatEvery: 15 * S, facts: { slideId: 'next-one' } });
      w.run(15 * S, { beatEvery: 15 * S });
    }
    expect(w.events).toEqual([]);
  });

  it('a picture where a blackout should be black is off schedule', () => {
    const w = new World();
    w.expected = { black: true, slideIds: [] };
    w.run(3 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:off-schedule']);
  });

  it('on another version, the slide is not compared (that is the pending alert’s business)', () => {
    const w = new World();
    w.run(4 * MIN, { beatEvery: 15 * S, facts: { version: V2, slideId: 'old' } });
    expect(w.events).toEqual([]);
  });

  it('manifest pending for five minutes: one alert; the current version shown: closed at once', () => {
    const w = new World();
    w.run(5 * MIN, { beatEvery: 15 * S });
    w.manifest = { version: V2, generatedAt: w.t };
    w.run(5 * MIN - 15 * S, { beatEvery: 15 * S });
    expect(w.events).toEqual([]);
    // Counted from the first heartbeat seen on the old version (≤ one tick after the publication).
    w.run(30 * S, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:manifest-pending']);
    expect(w.events[0]!.at - w.manifest!.generatedAt).toBeLessThanOrEqual(5 * MIN + 15 * S);
    expect(w.events[0]!.detail).toMatchObject({ expectedVersion: V2, playingVersion: V1 });
    w.run(15 * S, { beatEvery: 15 * S, facts: { version: V2 } });
    expect(kinds(w.events)).toEqual(['open:manifest-pending', 'close:manifest-pending']);
  });

  it('pending is counted from the board’s return: a board back from offline has five minutes to take the new version', () => {
    const w = new World();
    w.beat();
    w.manifest = { version: V2, generatedAt: w.t + MIN };
    w.run(3 * 3_600_000, { step: 5 * MIN });
    expect(kinds(w.events)).toEqual(['open:offline']);
    w.run(4 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:offline', 'close:offline']);
    w.run(2 * MIN, { beatEvery: 15 * S });
    expect(kinds(w.events)).toEqual(['open:offline', 'close:offline', 'open:manifest-pending']);
  });

  it('a player error: one alert per new error text, closed ten minutes after the last one', () => {
    const w = new World();
    w.run(MIN, { beatEvery: 15 * S });
    w.run(MIN, { beatEvery: 15 * S, facts: { lastError: 'watchdog: playback stalled' } });
    expect(kinds(w.events)).toEqual(['open:player-error']);
    expect(w.events[0]!.detail.error).toBe('watchdog: playback stalled');
    // The player keeps its last error: the same text is no new error.
    w.run(8 * MIN, { beatEvery: 15 * S, facts: { lastError: 'watchdog: playback stalled' } });
    expect(kinds(w.events)).toEqual(['open:player-error']);
    w.run(90 * S, { beatEvery: 15 * S, facts: { lastError: 'watchdog: playback stalled' } });
    expect(kinds(w.events)).toEqual(['open:player-error', 'close:player-error']);
    expect(w.events[1]!.at - w.events[0]!.since).toBe(RULES.errorQuietMs);
    w.run(20 * MIN, { beatEvery: 15 * S, facts: { lastError: 'watchdog: playback stalled' } });
    expect(w.events).toHaveLength(2);
    w.run(MIN, { beatEvery: 15 * S, facts: { lastError: 'QuotaExceededError' } });
    expect(kinds(w.events)).toEqual(['open:player-error', 'close:player-error', 'open:player-error']);
  });
});

describe('scheduleFacts', () => {
  const sha = (c: string) => c.repeat(64);
  const item = (slideId: string, c: string): ManifestItem => ({ type: 'image', slideId, url: `/media/${sha(c)}.png`, sha256: sha(c), durationMs: 8 * S, transition: 'cut' });
  const m: Manifest = {
    schemaVersion: 3,
    boardId: 'b1',
    version: V1,
    generatedAt: T0,
    board: { width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' },
    horizon: { from: T0, to: T0 + 4 * 3_600_000 },
    segments: [
      { kind: 'play', from: T0, to: T0 + 3_600_000, layer: 'campaign', entryIds: ['e1'], anchorAt: T0, items: [item('a', 'a'), item('b', 'b')] },
      { kind: 'black', from: T0 + 3_600_000, to: T0 + 2 * 3_600_000, reason: 'power-off' },
      { kind: 'black', from: T0 + 2 * 3_600_000, to: T0 + 3 * 3_600_000, reason: 'nothing-scheduled' },
      { kind: 'black', from: T0 + 3 * 3_600_000, to: T0 + 4 * 3_600_000, reason: 'blackout', overrideId: 'x' },
    ],
    brightness: [],
    fallback: null,
  };

  it('says dark for power-off and blackout, not for nothing scheduled', () => {
    expect(scheduleFacts(m, T0 + 10 * S, null).scheduledDark).toBe(false);
    expect(scheduleFacts(m, T0 + 3_600_000 + 1, null).scheduledDark).toBe(true);
    expect(scheduleFacts(m, T0 + 2 * 3_600_000 + 1, null).scheduledDark).toBe(false);
    expect(scheduleFacts(m, T0 + 3 * 3_600_000 + 1, null).scheduledDark).toBe(true);
    expect(scheduleFacts(m, T0 + 5 * 3_600_000, null).scheduledDark).toBe(false);
  });

  it('gives the slide at the heartbeat’s instant, and its neighbour at an edge', () => {
    expect(scheduleFacts(m, T0 + MIN, T0 + 3 * S).expected).toEqual({ black: false, slideIds: ['a'] });
    expect(scheduleFacts(m, T0 + MIN, T0 + 7 * S).expected).toEqual({ black: false, slideIds: ['a', 'b'] });
    expect(scheduleFacts(m, T0 + MIN, T0 + 3_600_000 - S).expected).toEqual({ black: true, slideIds: ['b'] });
  });
});

// ---- Properties over random histories ----

interface Step {
  dt: number;
  beat: boolean;
  dark: boolean;
  restart: boolean;
  version: 0 | 1;
  slide: 'right' | 'wrong' | 'black';
  error: null | 'e1' | 'e2';
  publish: boolean;
}

const stepArb = (o: { beat?: fc.Arbitrary<boolean>; dark?: fc.Arbitrary<boolean>; restart?: fc.Arbitrary<boolean>; dt?: fc.Arbitrary<number> } = {}) =>
  fc.record<Step>({
    dt: o.dt ?? fc.oneof(fc.integer({ min: S, max: 20 * S }), fc.integer({ min: 20 * S, max: 3 * MIN }), fc.integer({ min: 3 * MIN, max: 20 * MIN })),
    beat: o.beat ?? fc.boolean(),
    dark: o.dark ?? fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    restart: o.restart ?? fc.integer({ min: 0, max: 30 }).map((n) => n === 0),
    version: fc.constantFrom(0 as const, 0 as const, 0 as const, 1 as const),
    slide: fc.constantFrom('right' as const, 'right' as const, 'right' as const, 'wrong' as const, 'black' as const),
    error: fc.constantFrom(null, null, null, null, 'e1' as const, 'e2' as const),
    publish: fc.integer({ min: 0, max: 20 }).map((n) => n === 0),
  });

interface Seen {
  obs: Observation;
  events: AlertEvent[];
  fresh: boolean;
}

/** Runs a random history; each step: time passes, maybe a heartbeat, maybe a restart, then one observation. */
function simulate(steps: Step[], rules = RULES, opts: { roundTrip?: boolean } = {}): Seen[] {
  let t = T0;
  let startedAt = T0;
  let lastHb: number | null = null;
  let hb: HeartbeatFacts | null = null;
  let manifest = { version: V1, generatedAt: T0 - 3_600_000 };
  let state: BoardAlertState | null = null;
  const seen: Seen[] = [];
  for (const s of steps) {
    t += s.dt;
    if (s.restart) startedAt = t;
    if (s.publish) manifest = { version: manifest.version === V1 ? V2 : V1, generatedAt: t };
    if (s.beat) {
      lastHb = t;
      const version = s.version === 0 ? manifest.version : manifest.version === V1 ? V2 : V1;
      hb = { version, slideId: s.slide === 'right' ? 'khau-hieu' : s.slide === 'wrong' ? 'khac' : null, black: s.slide === 'black', lastError: s.error };
    }
    const obs: Observation = { now: t, controllerStartedAt: startedAt, lastHeartbeatAt: lastHb, heartbeat: hb, manifest, scheduledDark: s.dark, expected: onSchedule };
    if (opts.roundTrip && state) state = JSON.parse(JSON.stringify(state)) as BoardAlertState;
    const r = stepAlerts(state, obs, rules);
    state = r.state;
    seen.push({ obs, events: r.events, fresh: lastHb !== null && t - lastHb < rules.onlineMs });
  }
  return seen;
}

const histories = fc.array(stepArb(), { minLength: 1, maxLength: 200 });

describe('alert machine: properties', () => {
  it('per kind, opens and closes alternate, starting with an open: never two opens in a row', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const seen = simulate(steps);
        for (const kind of ALERT_KINDS) {
          const seq = seen.flatMap((x) => x.events).filter((e) => e.kind === kind);
          seq.forEach((e, i) => expect(e.type).toBe(i % 2 === 0 ? 'open' : 'close'));
          // A close ends the episode that opened.
          for (let i = 1; i < seq.length; i += 2) expect(seq[i]!.episode).toBe(seq[i - 1]!.episode);
          // Episodes are never reused: the store's (board, kind, episode) key deduplicates nothing real.
          const opens = seq.filter((e) => e.type === 'open').map((e) => e.episode);
          expect(new Set(opens).size).toBe(opens.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an offline alert opens only after its delay of silence, counted from the controller’s start too, and never while dark', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 1, max: 30 }), (steps, minutes) => {
        const rules = { ...RULES, offlineMs: minutes * MIN };
        for (const { obs, events } of simulate(steps, rules)) {
          for (const e of events.filter((x) => x.kind === 'offline' && x.type === 'open')) {
            expect(obs.lastHeartbeatAt).not.toBeNull();
            expect(obs.scheduledDark).toBe(false);
            expect(obs.now - obs.lastHeartbeatAt!).toBeGreaterThanOrEqual(rules.offlineMs);
            expect(obs.now - obs.controllerStartedAt).toBeGreaterThanOrEqual(rules.offlineMs);
            expect(e.since).toBe(obs.lastHeartbeatAt);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a restarted controller never opens an offline alert before the delay has passed since its restart', () => {
    // Histories full of restarts and silence.
    const restarts = fc.array(stepArb({ restart: fc.integer({ min: 0, max: 3 }).map((n) => n === 0), beat: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(restarts, (steps) => {
        for (const { obs, events } of simulate(steps)) {
          if (events.some((e) => e.kind === 'offline' && e.type === 'open')) expect(obs.now).toBeGreaterThanOrEqual(obs.controllerStartedAt + DELAY);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an offline alert closes only after its board’s heartbeats have been fresh, unbroken, for the recovery time', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const seen = simulate(steps);
        seen.forEach(({ obs, events }, i) => {
          if (!events.some((e) => e.kind === 'offline' && e.type === 'close')) return;
          expect(seen[i]!.fresh).toBe(true);
          // The unbroken run of fresh observations that ends here began with a heartbeat at least recoverMs ago.
          let j = i;
          while (j > 0 && seen[j - 1]!.fresh) j--;
          expect(obs.now - seen[j]!.obs.lastHeartbeatAt!).toBeGreaterThanOrEqual(RULES.recoverMs);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('flapping: a board never silent for its delay never gets an offline alert, whatever it does in between', () => {
    const flaps = fc.array(stepArb({ dt: fc.integer({ min: S, max: 9 * MIN }), beat: fc.constant(true), dark: fc.constant(false), restart: fc.constant(false) }), { maxLength: 300 });
    fc.assert(
      fc.property(flaps, (steps) => {
        const events = simulate(steps).flatMap((x) => x.events);
        expect(events.filter((e) => e.kind === 'offline')).toEqual([]);
      }),
    );
  });

  it('flapping after an outage: at most one offline episode per stretch of ≥ delay of silence', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const seen = simulate(steps);
        let longSilences = 0;
        let prevHb: number | null = null;
        let counted = false;
        let opens = 0;
        for (const { obs, events } of seen) {
          if (obs.lastHeartbeatAt !== prevHb) {
            prevHb = obs.lastHeartbeatAt;
            counted = false;
          }
          if (!counted && prevHb !== null && obs.now - prevHb >= DELAY) {
            longSilences++;
            counted = true;
          }
          opens += events.filter((e) => e.kind === 'offline' && e.type === 'open').length;
        }
        expect(opens).toBeLessThanOrEqual(longSilences);
      }),
      { numRuns: 300 },
    );
  });

  it('always dark: no offline alert; never heard from: no alert at all', () => {
    fc.assert(
      fc.property(fc.array(stepArb({ dark: fc.constant(true) }), { maxLength: 150 }), (steps) => {
        expect(simulate(steps).flatMap((x) => x.events).filter((e) => e.kind === 'offline')).toEqual([]);
      }),
    );
    fc.assert(
      fc.property(fc.array(stepArb({ beat: fc.constant(false) }), { maxLength: 150 }), (steps) => {
        expect(simulate(steps).flatMap((x) => x.events)).toEqual([]);
      }),
    );
  });

  it('looking again changes nothing: the same observation twice gives no second event', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        let state: BoardAlertState | null = null;
        for (const { obs } of simulate(steps)) {
          state = stepAlerts(state, obs).state;
          const again = stepAlerts(state, obs);
          expect(again.events).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the state survives being saved and read back (a restart without downtime changes nothing)', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const strip = (s: Seen[]) => s.map((x) => x.events);
        expect(strip(simulate(steps, RULES, { roundTrip: true }))).toEqual(strip(simulate(steps)));
      }),
      { numRuns: 200 },
    );
  });

  it('off-schedule and pending open only after their thresholds of continuous trouble', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const seen = simulate(steps);
        seen.forEach(({ obs, events }, i) => {
          for (const e of events.filter((x) => x.type === 'open')) {
            const k: AlertKind = e.kind;
            if (k === 'off-schedule') {
              expect(obs.now - e.since).toBeGreaterThanOrEqual(RULES.offScheduleMs);
              // Every fresh observation since the trouble began saw the wrong slide, on the current version.
              for (let j = i; j >= 0 && seen[j]!.obs.lastHeartbeatAt! >= e.since; j--) {
                const hb = seen[j]!.obs.heartbeat!;
                expect(hb.slideId === 'khau-hieu' && !hb.black).toBe(false);
              }
            }
            if (k === 'manifest-pending') {
              expect(obs.heartbeat!.version).not.toBe(obs.manifest!.version);
              expect(obs.now - e.since).toBeGreaterThanOrEqual(RULES.pendingMs);
              expect(e.since).toBeGreaterThanOrEqual(obs.controllerStartedAt);
            }
            if (k === 'player-error') expect(obs.heartbeat!.lastError).not.toBeNull();
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the initial state is a state like any other', () => {
    expect(stepAlerts(initialAlertState(), new World().obs())).toEqual(stepAlerts(null, new World().obs()));
  });
});
