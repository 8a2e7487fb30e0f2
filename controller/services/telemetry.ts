// What paired players report: acknowledgements (delivered, ready), heartbeats and proof of play.
// A device reaches only its own board: it gets that board's manifest and nothing else, and its
// reports are stored for that board alone. Reports are telemetry, not changes: they are kept in
// their own tables, not in the audit trail (at 15-second heartbeats it would drown every change).
import type { Manifest } from '../../playlists/manifest.ts';
import { AckSchema, HeartbeatSchema, PlayRecordSchema } from '../../playlists/protocol-schemas.ts';
import type { PlayRecord } from '../../playlists/protocol.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import type { Publisher } from './compile.ts';
import type { Events } from './events.ts';

type Device = Actor & { kind: 'device' };
export const MAX_POP_BATCH = 500;

export class TelemetryService {
  constructor(
    private readonly store: Pick<Store, 'boards' | 'devices' | 'plays'>,
    private readonly publisher: Publisher,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  /** A player connected: its board's current manifest. */
  connected(device: Device): Promise<Manifest> {
    this.store.devices.touch(device.deviceId, this.now());
    return this.publisher.current(device.boardId);
  }

  ack(device: Device, payload: unknown): void {
    const ack = AckSchema.safeParse(payload);
    if (!ack.success) return;
    this.store.boards.recordAck(device.boardId, ack.data.state, ack.data.version, this.now());
    this.events.emit('delivery', device.boardId);
  }

  heartbeat(device: Device, payload: unknown): void {
    const hb = HeartbeatSchema.safeParse(payload);
    if (!hb.success) return;
    this.store.boards.recordHeartbeat(device.boardId, hb.data.version ?? '', JSON.stringify({ ...hb.data, deviceId: device.deviceId }), this.now());
    this.store.devices.touch(device.deviceId, this.now());
    this.events.emit('delivery', device.boardId);
  }

  /**
   * A batch of proof-of-play records, taken record by record: one bad record must not block the
   * queue behind it on the box. Records for another board (a box re-paired since) are not this
   * board's proof: dropped, not stored. Returns the ids handled, so the player forgets them.
   */
  playRecords(device: Device, payload: unknown): string[] | null {
    if (!Array.isArray(payload) || payload.length > MAX_POP_BATCH) return null;
    const valid: PlayRecord[] = [];
    const handled: string[] = [];
    for (const raw of payload as unknown[]) {
      const r = PlayRecordSchema.safeParse(raw);
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length <= 100) handled.push(id);
      if (r.success && r.data.boardId === device.boardId) valid.push(r.data);
    }
    this.store.plays.insert(valid, device.deviceId, device.boardId, this.now());
    return handled;
  }
}
