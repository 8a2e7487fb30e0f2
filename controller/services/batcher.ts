// Reports that arrive together, written together. A publish brings a thousand acknowledgements
// within milliseconds and a fleet of 10,000 boards about 670 heartbeats a second: a transaction
// each would be a commit each (on PostgreSQL, several round trips each, all behind one write lock).
// One batch is written at a time; whatever arrives meanwhile waits for it and then goes in the
// next batch whole, so under load batches grow instead of queuing as many small ones. A batch has
// one promise, whatever its size (thousands of items each with promises of their own would be
// thousands of allocations for the garbage collector in the middle of a publish). Reads that
// arrive together (a reconnect storm's handshakes) are batched the same way: the "write" reads.
interface Batch<T, R> {
  items: T[];
  /** oncePer's keys of the items in it. */
  keys: Set<string> | null;
  /** Each item's result, in order; rejects if the write failed. */
  done: Promise<R[]>;
  /** Settles with done, never rejects. */
  settled: Promise<void>;
  /** done without the results, made for the first item added without wanting one. */
  finished: Promise<void> | null;
  resolve(results: R[]): void;
  reject(e: unknown): void;
}

export class Batcher<T, R = void> {
  /** Batches not written yet, in the order they will be (more than one only with oncePer). */
  private queue: Batch<T, R>[] = [];
  /** The batch being written, if any. */
  private writing: Batch<T, R> | null = null;
  private scheduled = false;

  /**
   * write: writes one batch and gives each item's result, in order (a rejection fails every item of
   * that batch, and only those). oncePer: a batch holds one item per key at most; the others wait
   * for a later batch (a board's second heartbeat before its first is written).
   */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly oncePer?: (item: T) => string,
  ) {}

  /** Queues an item; resolves with its result once its batch is written. */
  push(item: T): Promise<R> {
    const { batch, index } = this.place(item);
    return batch.done.then((results) => results[index]!);
  }

  /** Queues an item whose result nobody needs; resolves once its batch is written (one promise for the whole batch). */
  add(item: T): Promise<void> {
    const { batch } = this.place(item);
    return (batch.finished ??= batch.done.then(noResult));
  }

  /** Resolves once every item queued so far is written (or failed). */
  async written(): Promise<void> {
    const last = this.queue[this.queue.length - 1] ?? this.writing;
    if (last) await last.settled;
  }

  /** Resolves once nothing is queued or being written (what the app waits for before it closes). */
  async idle(): Promise<void> {
    while (this.queue.length || this.writing) await this.written();
  }

  private place(item: T): { batch: Batch<T, R>; index: number } {
    const key = this.oncePer?.(item);
    let batch = key === undefined ? this.queue[0] : this.queue.find((b) => !b.keys!.has(key));
    if (!batch) {
      batch = newBatch<T, R>(key !== undefined);
      this.queue.push(batch);
    }
    if (key !== undefined) batch.keys!.add(key);
    batch.items.push(item);
    this.schedule();
    return { batch, index: batch.items.length - 1 };
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // After the socket messages read in this turn of the event loop.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.shift();
    if (!batch) return;
    this.writing = batch;
    try {
      batch.resolve(await this.write(batch.items));
    } catch (e) {
      batch.reject(e);
    }
    this.writing = null;
    if (this.queue.length) this.schedule();
  }
}

const noResult = (): void => undefined;

function newBatch<T, R>(keyed: boolean): Batch<T, R> {
  let resolve!: (results: R[]) => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<R[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed batch with nobody waiting on it is not an unhandled rejection: its items' callers see it.
  const settled = done.then(noResult, noResult);
  return { items: [], keys: keyed ? new Set() : null, done, settled, finished: null, resolve, reject };
}
