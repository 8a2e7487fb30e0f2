// The store: one object holding every repository over one database handle.
import type { Db } from './database.ts';
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
   * upgrade): all of it is written, or none. A uniqueness or reference violation comes out as a
   * StoreConflict, whatever the database engine calls it.
   */
  transaction<T>(fn: () => T): T;
  getState(key: string): string | undefined;
  /** Whether the database answers a query now (readiness). */
  ping(): Promise<boolean>;
  setState(key: string, value: string): void;
}

/** Two writers raced for the same id, or something a row refers to is gone. */
export class StoreConflict extends Error {}

export function createStore(db: Db): Store {
  return {
    db,
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
    transaction: (fn) => {
      try {
        // Nested calls run inside the outer transaction (better-sqlite3 uses a savepoint).
        return db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate();
      } catch (e) {
        if (String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw new StoreConflict((e as Error).message);
        throw e;
      }
    },
    ping: async () => {
      try {
        return db.prepare('SELECT 1 AS ok').pluck().get() === 1;
      } catch {
        return false;
      }
    },
    getState: (key) => db.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(key) as string | undefined,
    setState: (key, value) => {
      db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    },
  };
}
