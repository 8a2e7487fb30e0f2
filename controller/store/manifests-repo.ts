// The latest compiled manifest of each board: the board's row (version, time, whether it was
// pushed) and the content it plays, kept once for every board that plays the same
// (manifest_contents, by the hash of its text).
import type { Manifest, ManifestContent, ManifestToSave } from '../../playlists/manifest.ts';
import { deepFreeze, Repo } from './repo.ts';

/**
 * Manifests per INSERT on PostgreSQL (five parameters each): a compile chunk's boards (250) in one
 * statement, one round trip.
 */
const SAVE_CHUNK = 500;

/**
 * Contents parsed, by hash: a hash names one text for ever (it is that text's sha256, or for a
 * manifest saved before contents were shared, its board and version), so what was parsed once is
 * good for any board, process-wide. Frozen: the thousands of manifests built on one content share
 * its objects, and none may change them. The most recently used are kept.
 */
const parsed = new Map<string, Readonly<ManifestContent>>();
const PARSED_KEPT = 512;

function remember(hash: string, content: Readonly<ManifestContent>): void {
  parsed.delete(hash);
  parsed.set(hash, content);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
}

interface HeadRow {
  boardId: string;
  version: string;
  generatedAt: number;
  contentHash: string;
}

export class ManifestsRepo extends Repo {
  async latest(boardId: string): Promise<Manifest | undefined> {
    return (await this.latestMany([boardId])).get(boardId);
  }

  /**
   * These boards' latest manifests, in a few queries; each content is read and parsed once however
   * many boards play it. A manifest of an older schema is as good as none: it gets recompiled.
   */
  async latestMany(boardIds: readonly string[]): Promise<Map<string, Manifest>> {
    const out = new Map<string, Manifest>();
    if (!boardIds.length) return out;
    const rows = await this.inChunks<HeadRow>(boardIds, (any) => `SELECT board_id AS "boardId", version, generated_at AS "generatedAt", content_hash AS "contentHash" FROM manifests WHERE ${any('board_id')}`);
    const contents = new Map<string, Readonly<ManifestContent>>();
    const missing: string[] = [];
    for (const hash of new Set(rows.map((r) => r.contentHash))) {
      const known = parsed.get(hash);
      if (known) contents.set(hash, known);
      else missing.push(hash);
    }
    if (missing.length) {
      const read = await this.inChunks<{ hash: string; body: string }>(missing, (any) => `SELECT hash, body FROM manifest_contents WHERE ${any('hash')}`);
      for (const { hash, body } of read) contents.set(hash, deepFreeze(JSON.parse(body) as ManifestContent));
    }
    for (const [hash, content] of contents) remember(hash, content);
    for (const r of rows) {
      const content = contents.get(r.contentHash);
      if (content?.schemaVersion !== 3) continue;
      out.set(r.boardId, { ...content, boardId: r.boardId, version: r.version, generatedAt: r.generatedAt });
    }
    return out;
  }

  /** These boards' current versions and when they were made, in a few queries. */
  async heads(boardIds: readonly string[]): Promise<Map<string, { version: string; generatedAt: number }>> {
    const rows = await this.inChunks<{ boardId: string; version: string; generatedAt: number }>(boardIds, (any) => `SELECT board_id AS "boardId", version, generated_at AS "generatedAt" FROM manifests WHERE ${any('board_id')}`);
    return new Map(rows.map((r) => [r.boardId, { version: r.version, generatedAt: r.generatedAt }]));
  }

  /** These boards' current versions, in a few queries. */
  async versionsOf(boardIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.inChunks<{ boardId: string; version: string }>(boardIds, (any) => `SELECT board_id AS "boardId", version FROM manifests WHERE ${any('board_id')}`);
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
    for (const body of (await this.sql.column('SELECT body FROM manifest_contents WHERE hash IN (SELECT content_hash FROM manifests)')) as string[]) {
      for (const m of body.matchAll(/\/media\/([0-9a-f]{64})\./g)) out.add(m[1]!);
    }
    return out;
  }

  /**
   * Several boards' manifests: each content they share once (kept if it is there already), then
   * the boards' rows, many per statement (a publish to a thousand boards is a handful of
   * round trips, and writes its 48 hours once). announced: the saving process pushes them to the
   * players itself (false: the CLI, which cannot). Call it in a transaction.
   */
  async saveMany(ms: readonly ManifestToSave[], announced = true): Promise<void> {
    const contents = new Map(ms.map((m) => [m.shared.hash, m]));
    await this.writeRows(
      [...contents.values()],
      SAVE_CHUNK,
      (values) => `INSERT INTO manifest_contents (hash, body, created_at) VALUES ${values} ON CONFLICT(hash) DO NOTHING`,
      '(?, ?, ?)',
      ({ shared, manifest }) => [shared.hash, shared.body, manifest.generatedAt],
    );
    await this.writeRows(
      ms,
      SAVE_CHUNK,
      (values) =>
        `INSERT INTO manifests (board_id, version, content_hash, generated_at, announced) VALUES ${values}
           ON CONFLICT(board_id) DO UPDATE SET version = excluded.version, content_hash = excluded.content_hash, generated_at = excluded.generated_at, announced = excluded.announced`,
      '(?, ?, ?, ?, ?)',
      ({ manifest: m, shared }) => [m.boardId, m.version, shared.hash, m.generatedAt, announced ? 1 : 0],
    );
  }

  /**
   * Deletes contents no board's manifest names any more, saved before `before` (one saved just now
   * is about to be named). Returns how many. Call it in a transaction.
   */
  async pruneContents(before: number): Promise<number> {
    return (await this.sql.run('DELETE FROM manifest_contents WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.content_hash = manifest_contents.hash)', before)).changes;
  }
}
