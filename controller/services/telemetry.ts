// What paired players report: acknowledgements (delivered, ready), heartbeats and proof of play.
// A device reaches only its own board: it gets that board's manifest and nothing else, and its
// reports are stored for that board alone. Reports are telemetry, not changes: they are kept in
// their own tables, not in the audit trail (at 15-second heartbeats it would drown every change).
import type { z } from 'zod';
import type { Manifest } from '../../playlists/manifest.ts';
import { AckSchema, HeartbeatSchema, PlayRecordSchema } from '../../playlists/protocol-schemas.ts';
import type { PlayRecord } from '../../playlists/protocol.ts';
import { localDay } from '../../playlists/report-time.ts';
import { slideTitle } from '../../playlists/slide.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { Batcher } from './batcher.ts';
import type { Publisher } from './compile.ts';
import type { Events } from './events.ts';
import type { StatusHistory } from './status-history.ts';

type Device = Actor & { kind: 'device' };
type Heartbeat = z.infer<typeof HeartbeatSchema>;

interface Beat {
  device: Device;
  heartbeat: Heartbeat;
}

interface ReceivedAck {
  boardId: string;
  state: 'delivered' | 'ready';
  version: string;
  at: number;
}
export const MAX_POP_BATCH = 500;
/** The longest a showing can be: a slide lasts at most an hour; a scrolling line a little longer. */
export const MAX_SHOWING_MS = 2 * 3_600_000;
/** What a report that is not one (a malformed payload) resolves to: nothing is written. */
const IGNORED: Promise<void> = Promise.resolve();

/** A player kept offline keeps its records this long. */
export const MAX_POP_AGE_MS = 31 * 86_400_000;
/** Players time their records on the controller's clock; this much ahead is a clock not yet synced. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;
/**
 * Records a device may store: a bucket of 5,000 that refills at 100 a second — a board makes about
 * 8 a minute, a box back from a month offline empties its backlog within the hour, a device
 * sending impossible volumes is slowed to that (what is not taken is not acknowledged: a real
 * player sends it again later).
 */
const BUCKET = { capacity: 5000, perSecond: 100 };
/** A version this old that the player has not acknowledged was lost on the way (a push takes well under a second). */
export const RESEND_AFTER_MS = 5000;

export class TelemetryService {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly store: Pick<Store, 'boards' | 'devices' | 'plays' | 'content' | 'manifests' | 'transaction'>,
    private readonly publisher: Publisher,
    private readonly events: Events,
    private readonly history: Pick<StatusHistory, 'heartbeatsIn'>,
    private readonly now: () => number,
  ) {}

  /** A player connected: its board's current manifest. */
  async connected(device: Device): Promise<Manifest> {
    this.touchSoon(device.deviceId);
    return (await this.saved.push(device.boardId)) ?? this.publisher.current(device.boardId);
  }

  /**
   * The saved manifests of boards whose players connect in the same turn of the event loop, read
   * together (a reconnect storm: thousands within seconds).
   */
  private readonly saved = new Batcher<string, Manifest | undefined>(async (boardIds) => {
    const found = await this.store.manifests.latestMany(boardIds);
    return boardIds.map((id) => found.get(id));
  });

  /** Resolves once the reports received so far (acknowledgements, heartbeats) are written and connecting players' manifests read (the app waits for it when it closes). */
  async idle(): Promise<void> {
    await Promise.all([this.acks.idle(), this.beats.idle(), this.saved.idle()]);
  }

  private touching: Set<string> | null = null;

  /** Notes a device's sign of life, written with the others of the same turn (a reconnect storm brings thousands). */
  private touchSoon(deviceId: string): void {
    if (this.touching) {
      this.touching.add(deviceId);
      return;
    }
    const ids = (this.touching = new Set([deviceId]));
    setImmediate(() => {
      this.touching = null;
      // Lost only if the database is out of reach: the next heartbeat writes it again.
      this.store.devices.touchMany([...ids], this.now()).catch(() => undefined);
    });
  }

  /**
   * An acknowledgement (delivered, ready). A publish brings one or two from every board within
   * milliseconds: those that arrive together are written in one transaction (one commit, not one
   * per acknowledgement), then announced. Resolves once written; acknowledgements written together
   * return the same promise.
   */
  ack(device: Device, payload: unknown): Promise<void> {
    const ack = AckSchema.safeParse(payload);
    if (!ack.success) return IGNORED;
    // The batch's promise: the acknowledgements written together share it.
    return this.acks.add({ boardId: device.boardId, state: ack.data.state, version: ack.data.version, at: this.now() });
  }

  private readonly acks = new Batcher<ReceivedAck>(async (batch) => {
    // What players report they report again: not durable. Set writes of board_delivery rows only,
    // nothing read and re-checked: without the one-writer lock (a publish's saves do not wait for
    // them), and not atomic (each row is whole on its own: one round trip a statement on PostgreSQL).
    await this.store.transaction((tx) => tx.boards.recordAcks(batch), { durable: false, lock: false, atomic: false });
    for (const a of batch) this.events.emit('delivery', a.boardId, { kind: 'ack', state: a.state, version: a.version });
    return batch.map(() => undefined);
  });

  /**
   * A heartbeat. Returns the board's latest manifest when the player shows it never received it
   * (to send again), else null: a push lost on the way (a Redis restart between processes, a socket
   * that dropped as it was sent) reaches the board within a heartbeat or two.
   *
   * Heartbeats are written together (one transaction, set statements; a board's second heartbeat
   * before its first is written goes in the next batch). 10,000 boards beat about 670 times a
   * second, and on PostgreSQL a transaction of its own for each would be a dozen round trips each.
   */
  async heartbeat(device: Device, payload: unknown): Promise<Manifest | null> {
    const hb = HeartbeatSchema.safeParse(payload);
    if (!hb.success) return null;
    return this.beats.push({ device, heartbeat: hb.data });
  }

  private readonly beats = new Batcher<Beat, Manifest | null>(
    (batch) => this.writeBeats(batch),
    (b) => b.device.boardId,
  );

  /** Writes one batch of heartbeats; for each, the manifest to send again (or null). */
  private async writeBeats(batch: Beat[]): Promise<(Manifest | null)[]> {
    // An acknowledgement the player sent before this heartbeat is written first.
    await this.acks.written();
    const now = this.now();
    const ids = batch.map((b) => b.device.boardId);
    const before = await this.store.boards.deliveries(ids);
    // Not durable: a board beats again within 15 s (and its status history is written from that beat alike).
    await this.store.transaction(async (tx) => {
      await tx.boards.recordHeartbeats(batch.map((b) => ({ boardId: b.device.boardId, version: b.heartbeat.version ?? '', report: JSON.stringify({ ...b.heartbeat, deviceId: b.device.deviceId }) })), now);
      await tx.devices.touchMany(batch.map((b) => b.device.deviceId), now);
      await this.history.heartbeatsIn(tx, batch.map((b) => ({ boardId: b.device.boardId, previousAt: before.get(b.device.boardId)!.playingAt, heartbeat: b.heartbeat, at: now })));
    }, { durable: false });
    const heads = await this.store.manifests.heads(ids);
    const missed = batch
      .filter((b) => {
        const head = heads.get(b.device.boardId);
        return head && b.heartbeat.version !== head.version && before.get(b.device.boardId)!.deliveredVersion !== head.version && now - head.generatedAt >= RESEND_AFTER_MS;
      })
      .map((b) => b.device.boardId);
    const resend = await this.store.manifests.latestMany(missed);
    for (const b of batch) this.events.emit('delivery', b.device.boardId, { kind: 'heartbeat' });
    return batch.map((b) => resend.get(b.device.boardId) ?? null);
  }

  /**
   * A batch of proof-of-play records, taken record by record: one bad record must not block the
   * queue behind it on the box. Records for another board (a box re-paired since) are not this
   * board's proof: dropped, not stored. Returns the ids handled, so the player forgets them.
   */
  async playRecords(device: Device, payload: unknown): Promise<string[] | null> {
    if (!Array.isArray(payload) || payload.length > MAX_POP_BATCH) return null;
    const now = this.now();
    const allowance = this.take(device.deviceId, payload.length, now);
    const valid: PlayRecord[] = [];
    const handled: string[] = [];
    for (const raw of (payload as unknown[]).slice(0, allowance)) {
      const r = PlayRecordSchema.safeParse(raw);
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length <= 100) handled.push(id);
      // Impossible records are acknowledged (the box may forget them) but are not proof of anything.
      if (r.success && r.data.boardId === device.boardId && plausible(r.data, now)) valid.push(r.data);
    }
    if (valid.length) await this.store.plays.insert(valid, device.deviceId, device.boardId, await this.describe(device.boardId, valid), now);
    return handled;
  }

  /** What a record copies in: the board's name and day, the slide's words as they are now (the approved version the board plays). */
  private async describe(boardId: string, records: PlayRecord[]) {
    const board = await this.store.boards.get(boardId);
    const timeZone = board?.timeZone ?? 'Asia/Ho_Chi_Minh';
    // Read before the insert, which asks for them while it writes.
    const titles = new Map<string, string>();
    for (const slideId of new Set(records.map((r) => r.slideId))) {
      const slide = await this.store.content.getSlide(slideId);
      titles.set(slideId, slide ? slideTitle(slide) : slideId);
    }
    return {
      boardName: board?.name ?? boardId,
      day: (t: number) => localDay(t, timeZone),
      slideTitle: (slideId: string) => titles.get(slideId) ?? slideId,
    };
  }

  /** How many of n records this device may store now (its bucket), taking them. */
  private take(deviceId: string, n: number, now: number): number {
    const b = this.buckets.get(deviceId) ?? { tokens: BUCKET.capacity, at: now };
    b.tokens = Math.min(BUCKET.capacity, b.tokens + ((now - b.at) / 1000) * BUCKET.perSecond);
    b.at = now;
    const granted = Math.max(0, Math.min(n, Math.floor(b.tokens)));
    b.tokens -= granted;
    this.buckets.set(deviceId, b);
    return granted;
  }
}

/** A showing that could have happened: it ends after it starts, lasts no longer than a slide can, and lies between a month ago and now. */
function plausible(r: PlayRecord, now: number): boolean {
  return r.endedAt >= r.startedAt && r.endedAt - r.startedAt <= MAX_SHOWING_MS && r.startedAt >= now - MAX_POP_AGE_MS && r.endedAt <= now + CLOCK_TOLERANCE_MS;
}
