// The store: one object holding every repository over one database handle. Its interface is
// asynchronous and a transaction hands its function a store bound to it, so the same callers can
// run over a connection pool (PostgreSQL) as over the one SQLite connection used here.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.ts';
import { Conflict } from '../errors.ts';
import { AlertsRepo } from './alerts-repo.ts';
import { AuditRepo } from './audit-repo.ts';
import { BoardsRepo } from './boards-repo.ts';
import { ChangesRepo } from './changes-repo.ts';
import { ContentRepo } from './content-repo.ts';
import { DevicesRepo } from './devices-repo.ts';
import { GroupsRepo } from './groups-repo.ts';
import { HistoryRepo } from './history-repo.ts';
import { OverridesRepo } from './overrides-repo.ts';
import { PlaysRepo } from './plays-repo.ts';
import { ReportSchedulesRepo } from './report-schedules-repo.ts';
import { ManifestsRepo } from './manifests-repo.ts';
import { MediaRepo } from './media-repo.ts';
import { UsersRepo } from './users-repo.ts';

export interface Store {
  /** The raw handle, for tests and benchmarks that inspect or damage the file on purpose. */
  db: Db;
  users: UsersRepo;
  boards: BoardsRepo;
  content: ContentRepo;
  groups: GroupsRepo;
  overrides: OverridesRepo;
  plays: PlaysRepo;
  history: HistoryRepo;
  devices: DevicesRepo;
  media: MediaRepo;
  manifests: ManifestsRepo;
  changes: ChangesRepo;
  audit: AuditRepo;
  alerts: AlertsRepo;
  reportSchedules: ReportSchedulesRepo;
  /**
   * Runs fn in one write transaction (taken at once, so two processes never deadlock on an
   * upgrade): all of it is written, or none. fn must do its reads and writes through the store it
   * is given (`tx`); the store the transaction was opened on refuses to be used while it is open.
   * A transaction opened on `tx` nests (a savepoint). A uniqueness or reference violation comes
   * out as a StoreConflict, whatever the database engine calls it.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  getState(key: string): Promise<string | undefined>;
  setState(key: string, value: string): Promise<void>;
  /** Whether the database answers a query now (readiness). */
  ping(): Promise<boolean>;
}

/**
 * Two writers raced for the same id, or something a row refers to is gone — whatever the database
 * engine calls it. A 409 that says what to do; the door words it for the change at hand.
 */
export class StoreConflict extends Conflict {
  constructor(readonly reason: string) {
    super({
      vi: 'Xung đột với dữ liệu vừa được lưu (mã đã có, hoặc thứ nó tham chiếu không còn). Hãy tải lại rồi thử lại.',
      en: 'This conflicts with data saved meanwhile (an id exists already, or something it refers to is gone). Reload and try again.',
    });
  }
}

const conflict = (e: unknown): unknown =>
  String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT') ? new StoreConflict((e as Error).message) : e;

/** A FIFO lock handed from one holder to the next, so a waiter can never be overtaken. */
class Mutex {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  get free(): boolean {
    return !this.held;
  }

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

/** The transaction the running code is inside, if any (followed across awaits). */
interface Frame {
  owner: object;
  open: boolean;
}
const inside = new AsyncLocalStorage<Frame>();

type Repos = Omit<Store, 'db' | 'transaction' | 'getState' | 'setState' | 'ping'>;
type Gate = <T>(run: () => Promise<T>) => Promise<T>;

/**
 * The repositories with each async method run through `gate`. Repository methods do all their
 * work synchronously (better-sqlite3) before their promise settles, so running the call under
 * the gate covers every statement it makes.
 */
function gated(repos: Repos, gate: Gate): Repos {
  const wrap = <R extends object>(repo: R): R => {
    // Keyed by the method itself: one replaced on the repository (a benchmark's probe) is gated too.
    const cache = new WeakMap<object, unknown>();
    return new Proxy(repo, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function' || (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] !== 'AsyncFunction') return value;
        let fn = cache.get(value);
        if (!fn) {
          const method = value as (...args: unknown[]) => Promise<unknown>;
          fn = (...args: unknown[]) => gate(() => method.apply(target, args));
          cache.set(value, fn);
        }
        return fn;
      },
    });
  };
  return Object.fromEntries(Object.entries(repos).map(([k, r]) => [k, wrap(r as object)])) as unknown as Repos;
}

export function createStore(db: Db): Store {
  const repos: Repos = {
    users: new UsersRepo(db),
    boards: new BoardsRepo(db),
    content: new ContentRepo(db),
    groups: new GroupsRepo(db),
    overrides: new OverridesRepo(db),
    plays: new PlaysRepo(db),
    history: new HistoryRepo(db),
    devices: new DevicesRepo(db),
    media: new MediaRepo(db),
    manifests: new ManifestsRepo(db),
    changes: new ChangesRepo(db),
    audit: new AuditRepo(db),
    alerts: new AlertsRepo(db),
    reportSchedules: new ReportSchedulesRepo(db),
  };
  const mutex = new Mutex();
  const owner = {};

  // Inside a transaction the mutex is held by it: waiting for it there would wait for ever.
  const misuse = (): Error | null =>
    inside.getStore()?.owner === owner && inside.getStore()?.open
      ? new Error('store used outside its transaction while the transaction is open — use the tx passed to the function')
      : null;

  // A statement outside a transaction: at once when nothing holds the connection (the common
  // case costs no queuing), else after the transactions and statements queued before it.
  const outside: Gate = (run) => {
    const error = misuse();
    if (error) return Promise.reject(error);
    const mapped = () => run().catch((e: unknown) => Promise.reject(conflict(e)));
    if (mutex.free) return mapped();
    return mutex.lock().then(() => {
      try {
        return mapped();
      } finally {
        mutex.unlock();
      }
    });
  };

  const getState = async (key: string) => db.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(key) as string | undefined;
  const setState = async (key: string, value: string) => {
    db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  };

  const ping = async () => {
    try {
      return db.prepare('SELECT 1 AS ok').pluck().get() === 1;
    } catch {
      return false;
    }
  };

  /** The store a transaction's function is given: statements run directly (it holds the mutex). */
  const bound = (depth: number): Store => ({
    db,
    ...repos,
    getState,
    setState,
    ping,
    transaction: async (fn) => {
      const name = `sp${depth}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(bound(depth + 1));
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (e) {
        db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw conflict(e);
      }
    },
  });
  const tx = bound(0);

  return {
    db,
    ...gated(repos, outside),
    getState: (key) => outside(() => getState(key)),
    ping: () => outside(ping),
    setState: (key, value) => outside(() => setState(key, value)),
    transaction: async (fn) => {
      const error = misuse();
      if (error) throw error;
      await mutex.lock();
      const frame: Frame = { owner, open: true };
      try {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await inside.run(frame, () => fn(tx));
          db.exec('COMMIT');
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw conflict(e);
        }
      } finally {
        frame.open = false;
        mutex.unlock();
      }
    },
  };
}
