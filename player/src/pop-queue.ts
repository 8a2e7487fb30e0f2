// Proof of play on the device: every display (which slide, from which entry and layer, on which
// board, from when to when) is kept durably until the controller confirms it. Records carry a
// unique id, so a batch sent twice (a lost acknowledgement, a reload) is stored once.
import type { PlayRecord } from '../../playlists/protocol.ts';

/** One display, as sent to the controller (the protocol's record). */
export type PopRecord = PlayRecord;

/** Durable storage of pending records (IndexedDB on the box, memory in tests). */
export interface PopStore {
  put(record: PopRecord): Promise<void>;
  /** The oldest records, at most `limit`. */
  oldest(limit: number): Promise<PopRecord[]>;
  remove(ids: string[]): Promise<void>;
  count(): Promise<number>;
}

/** Sends a batch; resolves with the ids the controller has stored (duplicates included). */
export type PopSender = (batch: PopRecord[]) => Promise<string[]>;

export const BATCH_SIZE = 200;
/** Past this, the oldest records are dropped: a box offline for weeks must not fill its disk. */
export const MAX_PENDING = 50_000;

export class PopQueue {
  private sending: Promise<number> | null = null;

  constructor(
    private readonly store: PopStore,
    private readonly send: PopSender,
    private readonly maxPending: number = MAX_PENDING,
  ) {}

  async record(r: PopRecord): Promise<void> {
    if (!(r.endedAt > r.startedAt)) return;
    await this.store.put(r);
    const n = await this.store.count();
    if (n > this.maxPending) await this.store.remove((await this.store.oldest(n - this.maxPending)).map((x) => x.id));
  }

  /** Sends everything pending, batch by batch; stops at the first failure (kept for next time). */
  flush(): Promise<number> {
    if (!this.sending) {
      // No Promise.prototype.finally: Chrome 61 on old player boxes lacks it.
      const clear = () => {
        this.sending = null;
      };
      this.sending = this.drain().then(
        (n) => {
          clear();
          return n;
        },
        (e: unknown) => {
          clear();
          throw e;
        },
      );
    }
    return this.sending;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.store.oldest(BATCH_SIZE);
      if (!batch.length) return sent;
      let stored: string[];
      try {
        stored = await this.send(batch);
      } catch {
        return sent;
      }
      const ids = new Set(batch.map((b) => b.id));
      const confirmed = stored.filter((id) => ids.has(id));
      if (!confirmed.length) return sent;
      await this.store.remove(confirmed);
      sent += confirmed.length;
    }
  }
}

export class MemoryPopStore implements PopStore {
  private readonly records = new Map<string, PopRecord>();
  async put(r: PopRecord): Promise<void> {
    this.records.set(r.id, r);
  }
  async oldest(limit: number): Promise<PopRecord[]> {
    return [...this.records.values()].sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }
  async remove(ids: string[]): Promise<void> {
    for (const id of ids) this.records.delete(id);
  }
  async count(): Promise<number> {
    return this.records.size;
  }
}
