// The store: one object holding every repository over one database, SQLite (one connection, the
// embedded default) or PostgreSQL (a pool). Its interface is asynchronous and a transaction hands
// its function a store bound to it, so every caller runs alike on either engine; nothing above the
// store knows which one it is on.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Db } from './database.ts';
import { isPostgresConflict, openUnsyncedPool, PostgresSql } from './postgres.ts';
import { isSqliteConflict, SqliteSql } from './sqlite.ts';
import type { Dialect, Sql, TransactionOptions } from './sql.ts';
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
  readonly dialect: Dialect;
  /**
   * The SQLite handle, for tests and benchmarks that inspect or damage the file on purpose;
   * undefined on PostgreSQL.
   */
  db?: Db;
  /** Statements outside the repositories, for tests and tools that read what they check (either engine). */
  sql: Sql;
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
   * Runs fn in one write transaction (one writer at a time, taken at once so two processes never
   * deadlock on an upgrade): all of it is written, or none. fn must do its reads and writes through
   * the store it is given (`tx`); the store the transaction was opened on refuses to be used while
   * it is open. A transaction opened on `tx` nests (a savepoint). A uniqueness or reference
   * violation comes out as a StoreConflict, whatever the database engine calls it. `opts`: for
   * derived data (TransactionOptions); a nested transaction is its parent's.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  getState(key: string): Promise<string | undefined>;
  setState(key: string, value: string): Promise<void>;
  /** Whether the database answers a query now (readiness). */
  ping(): Promise<boolean>;
  /** Closes the connection(s). */
  close(): Promise<void>;
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

/** A FIFO lock handed from one holder to the next, so a waiter can never be overtaken. */
class Mutex {
  private held = false;
  private readonly waiters: (() => void)[] = [];

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

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.lock();
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }
}

/** The transaction the running code is inside, if any (followed across awaits). */
interface Frame {
  owner: object;
  open: boolean;
}
const inside = new AsyncLocalStorage<Frame>();

type Repos = Omit<Store, 'dialect' | 'db' | 'sql' | 'transaction' | 'getState' | 'setState' | 'ping' | 'close'>;
type Gate = <T>(run: () => Promise<T>) => Promise<T>;

function reposOver(sql: Sql): Repos {
  return {
    users: new UsersRepo(sql),
    boards: new BoardsRepo(sql),
    content: new ContentRepo(sql),
    groups: new GroupsRepo(sql),
    overrides: new OverridesRepo(sql),
    plays: new PlaysRepo(sql),
    history: new HistoryRepo(sql),
    devices: new DevicesRepo(sql),
    media: new MediaRepo(sql),
    manifests: new ManifestsRepo(sql),
    changes: new ChangesRepo(sql),
    audit: new AuditRepo(sql),
    alerts: new AlertsRepo(sql),
    reportSchedules: new ReportSchedulesRepo(sql),
  };
}

/** The repositories with each async method run through `gate`. */
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

/** A Sql whose every call runs through gate. */
function gatedSql(sql: Sql, gate: Gate): Sql {
  return {
    dialect: sql.dialect,
    get: (text, ...p) => gate(() => sql.get(text, ...p)),
    all: (text, ...p) => gate(() => sql.all(text, ...p)),
    value: (text, ...p) => gate(() => sql.value(text, ...p)),
    column: (text, ...p) => gate(() => sql.column(text, ...p)),
    run: (text, ...p) => gate(() => sql.run(text, ...p)),
    runEach: (text, lists) => gate(() => sql.runEach(text, lists)),
    exec: (script) => gate(() => sql.exec(script)),
    transaction: (fn, opts) => gate(() => sql.transaction(fn, opts)),
  };
}

interface Engine {
  /** Statements outside a transaction; its transaction() opens one. */
  sql: Sql;
  /** SQLite: one connection, so one statement or transaction at a time in this process. */
  serial: boolean;
  isConflict(e: unknown): boolean;
  db?: Db;
  close(): Promise<void>;
}

function build(engine: Engine): Store {
  const mutex = engine.serial ? new Mutex() : null;
  const owner = {};
  const conflict = (e: unknown): unknown => (engine.isConflict(e) ? new StoreConflict((e as Error).message) : e);

  // Inside a transaction (SQLite: the mutex is held by it, waiting for it there would wait for
  // ever; PostgreSQL: the statement would run outside the transaction, unseen by it).
  const misuse = (): Error | null =>
    inside.getStore()?.owner === owner && inside.getStore()?.open
      ? new Error('store used outside its transaction while the transaction is open — use the tx passed to the function')
      : null;

  // A call outside a transaction: on SQLite after the transactions and calls queued before it
  // (a repository method may await between its statements: nothing may slip in between).
  const outside: Gate = (run) => {
    const error = misuse();
    if (error) return Promise.reject(error);
    const mapped = () => run().catch((e: unknown) => Promise.reject(conflict(e)));
    return mutex ? mutex.run(mapped) : mapped();
  };

  const helpers = (sql: Sql) => ({
    getState: (key: string) => sql.value<string>('SELECT value FROM app_state WHERE key = ?', key),
    setState: async (key: string, value: string) => {
      await sql.run('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
    },
  });

  // An answer within 3 s, or the database counts as out of reach (a load balancer's check must not hang).
  const ping = async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), 3000);
      });
      return await Promise.race([engine.sql.value('SELECT 1 AS ok').then((v) => Number(v) === 1), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  /** The store a transaction's function is given: statements run directly on the transaction. */
  const bound = (sql: Sql): Store => ({
    dialect: engine.sql.dialect,
    db: engine.db,
    sql,
    ...reposOver(sql),
    ...helpers(sql),
    ping,
    close: engine.close,
    transaction: async (fn) => {
      try {
        return await sql.transaction((inner) => fn(bound(inner)));
      } catch (e) {
        throw conflict(e);
      }
    },
  });

  const outer = helpers(engine.sql);
  return {
    dialect: engine.sql.dialect,
    db: engine.db,
    sql: gatedSql(engine.sql, outside),
    ...gated(reposOver(engine.sql), outside),
    getState: (key) => outside(() => outer.getState(key)),
    setState: (key, value) => outside(() => outer.setState(key, value)),
    ping: () => outside(ping),
    close: engine.close,
    transaction: async (fn, opts) => {
      const error = misuse();
      if (error) throw error;
      const run = async () => {
        const frame: Frame = { owner, open: true };
        try {
          return await engine.sql.transaction((sql) => inside.run(frame, () => fn(bound(sql))), opts);
        } catch (e) {
          throw conflict(e);
        } finally {
          frame.open = false;
        }
      };
      return mutex ? mutex.run(run) : run();
    },
  };
}

/** The store over an open SQLite file (./database.ts opens it and brings its schema up to date). */
export function createStore(db: Db): Store {
  return build({ sql: new SqliteSql(db), serial: true, isConflict: isSqliteConflict, db, close: async () => void db.close() });
}

/** The store over a PostgreSQL pool whose schema is up to date (./postgres.ts migratePostgres). */
export function createPostgresStore(pool: pg.Pool): Store {
  // Opened when first asked for (a command-line process never writes players' reports).
  let unsynced: pg.Pool | undefined;
  return build({
    sql: new PostgresSql(pool, 0, () => (unsynced ??= openUnsyncedPool(pool))),
    serial: false,
    isConflict: isPostgresConflict,
    close: async () => {
      await Promise.all([pool.end(), unsynced?.end()]);
    },
  });
}
