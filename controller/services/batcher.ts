// Reports that arrive together, written together. A publish brings a thousand acknowledgements
// within milliseconds and a fleet of 10,000 boards about 670 heartbeats a second: a transaction
// each would be a commit each (on PostgreSQL, several round trips each, all behind one write lock).
// One batch is written at a time; whatever arrives meanwhile waits for it and then goes in the
// next batch whole, so under load batches grow instead of queuing as many small ones.

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(e: unknown): void;
}

export class Batcher<T, R = void> {
  private pending: Pending<T, R>[] = [];
  /** The next batch's write, once one is due. */
  private scheduled: Promise<void> | null = null;
  /** The batch being written (settled when none is); never rejects. */
  private writing: Promise<void> = Promise.resolve();
  private readonly unsettled = new Set<Promise<unknown>>();

  /**
   * write: writes one batch and gives each item's result, in order (a rejection fails every item of
   * that batch, and only those). oncePer: a batch holds one item per key at most; the others wait
   * for the next batch (a board's second heartbeat before its first is written).
   */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly oncePer?: (item: T) => string,
  ) {}

  /** Queues an item; resolves with its result once its batch is written. */
  push(item: T): Promise<R> {
    const done = new Promise<R>((resolve, reject) => this.pending.push({ item, resolve, reject }));
    const settled: Promise<unknown> = done.then(
      (): unknown => this.unsettled.delete(settled),
      (): unknown => this.unsettled.delete(settled),
    );
    this.unsettled.add(settled);
    this.schedule();
    return done;
  }

  /** Resolves once every item pushed so far is written (or failed). */
  async written(): Promise<void> {
    await Promise.all([...this.unsettled]);
  }

  /** Resolves once nothing is pending or being written (what the app waits for before it closes). */
  async idle(): Promise<void> {
    while (this.unsettled.size) await this.written();
    await this.writing;
  }

  private schedule(): void {
    // After the batch being written, and after the socket messages read in that turn of the event loop.
    this.scheduled ??= this.writing.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = null;
    let batch = this.pending;
    this.pending = [];
    if (this.oncePer) {
      const keys = new Set<string>();
      const now: Pending<T, R>[] = [];
      for (const p of batch) {
        const key = this.oncePer(p.item);
        if (keys.has(key)) this.pending.push(p);
        else {
          keys.add(key);
          now.push(p);
        }
      }
      batch = now;
    }
    const writing = this.run(batch);
    this.writing = writing;
    if (this.pending.length) this.schedule();
    await writing;
  }

  private async run(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
