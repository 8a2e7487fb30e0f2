// The latest compiled manifest of each board.
import type { Manifest } from '../../playlists/manifest.ts';
import { Repo } from './repo.ts';

/** Manifests per INSERT on PostgreSQL: five parameters each. */
const SAVE_CHUNK = 200;

export class ManifestsRepo extends Repo {
  async latest(boardId: string): Promise<Manifest | undefined> {
    const body = (await this.sql.value('SELECT body FROM manifests WHERE board_id = ?', boardId)) as string | undefined;
    if (!body) return undefined;
    const m = JSON.parse(body) as Manifest;
    // A manifest of an older schema is as good as none: it gets recompiled.
    return m.schemaVersion === 3 ? m : undefined;
  }

  /** One board's current version and when it was made, without reading the manifest itself. */
  async head(boardId: string): Promise<{ version: string; generatedAt: number } | undefined> {
    return (await this.sql.get('SELECT version, generated_at AS "generatedAt" FROM manifests WHERE board_id = ?', boardId)) as { version: string; generatedAt: number } | undefined;
  }

  /** These boards' current versions and when they were made, in a few queries. */
  async heads(boardIds: readonly string[]): Promise<Map<string, { version: string; generatedAt: number }>> {
    const rows = await this.inChunks<{ boardId: string; version: string; generatedAt: number }>(boardIds, (ph) => `SELECT board_id AS "boardId", version, generated_at AS "generatedAt" FROM manifests WHERE board_id IN (${ph})`);
    return new Map(rows.map((r) => [r.boardId, { version: r.version, generatedAt: r.generatedAt }]));
  }

  /** One board's current version (no parsing of the manifest). */
  async version(boardId: string): Promise<string | undefined> {
    return (await this.sql.value('SELECT version FROM manifests WHERE board_id = ?', boardId)) as string | undefined;
  }

  /** These boards' current versions, in a few queries. */
  async versionsOf(boardIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.inChunks<{ boardId: string; version: string }>(boardIds, (ph) => `SELECT board_id AS "boardId", version FROM manifests WHERE board_id IN (${ph})`);
    return new Map(rows.map((r) => [r.boardId, r.version]));
  }

  /** Every board's current version. */
  async versions(): Promise<Map<string, string>> {
    const rows = (await this.sql.all('SELECT board_id AS "boardId", version FROM manifests')) as { boardId: string; version: string }[];
    return new Map(rows.map((r) => [r.boardId, r.version]));
  }

  /** Boards whose latest manifest was saved by a process that could not push it (the CLI). */
  async unannounced(): Promise<{ boardId: string; version: string }[]> {
    return (await this.sql.all('SELECT board_id AS "boardId", version FROM manifests WHERE announced = 0')) as { boardId: string; version: string }[];
  }

  /** Notes that this version was pushed; false if a newer one was saved meanwhile (that one is pushed in turn). */
  async markAnnounced(boardId: string, version: string): Promise<boolean> {
    return (await this.sql.run('UPDATE manifests SET announced = 1 WHERE board_id = ? AND version = ? AND announced = 0', boardId, version)).changes === 1;
  }

  /** Every media sha256 any current manifest names (what the prune job must keep). */
  async referencedMedia(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const body of (await this.sql.column('SELECT body FROM manifests')) as string[]) {
      for (const m of body.matchAll(/\/media\/([0-9a-f]{64})\./g)) out.add(m[1]!);
    }
    return out;
  }

  /**
   * Several boards' manifests, a few hundred per statement (a publish to a thousand boards is a
   * handful of round trips). announced: the saving process pushes them to the players itself (false:
   * the CLI, which cannot).
   */
  async saveMany(ms: readonly Manifest[], announced = true): Promise<void> {
    await this.inRows(ms, SAVE_CHUNK, (chunk) =>
      this.sql.run(
        `INSERT INTO manifests (board_id, version, body, generated_at, announced) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT(board_id) DO UPDATE SET version = excluded.version, body = excluded.body, generated_at = excluded.generated_at, announced = excluded.announced`,
        ...chunk.flatMap((m) => [m.boardId, m.version, JSON.stringify(m), m.generatedAt, announced ? 1 : 0]),
      ),
    );
  }
}
