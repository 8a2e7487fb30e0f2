// The store: one object holding every repository over one database handle.
import type { Db } from './database.ts';
import { BoardsRepo } from './boards-repo.ts';
import { ContentRepo } from './content-repo.ts';
import { DevicesRepo } from './devices-repo.ts';
import { GroupsRepo } from './groups-repo.ts';
import { OverridesRepo } from './overrides-repo.ts';
import { PlaysRepo } from './plays-repo.ts';
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
  devices: DevicesRepo;
  media: MediaRepo;
  manifests: ManifestsRepo;
  /** Runs fn in one SQLite transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T;
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
}

export function createStore(db: Db): Store {
  return {
    db,
    users: new UsersRepo(db),
    boards: new BoardsRepo(db),
    content: new ContentRepo(db),
    groups: new GroupsRepo(db),
    overrides: new OverridesRepo(db),
    plays: new PlaysRepo(db),
    devices: new DevicesRepo(db),
    media: new MediaRepo(db),
    manifests: new ManifestsRepo(db),
    transaction: (fn) => db.transaction(fn)(),
    getState: (key) => db.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(key) as string | undefined,
    setState: (key, value) => {
      db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    },
  };
}
