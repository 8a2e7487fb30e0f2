// Proof of play: what each board showed, from when to when, as its player reported it. Stored by
// the record's own id, so a batch sent twice is stored once. Each record carries what it showed as
// it was (the slide's words, its campaign, the playlist's and the board's names, the board's local
// day), so deleting or renaming any of them never changes a past report. Daily rollups per board ×
// day × slide grow with every record stored (reports read only them, so a report of today is as
// quick as last month's), are rolled up again from the raw records each night (a repair, if
// anything drifted), and are kept for good; raw records for a while (services/reports.ts).
import type { PlayRecord } from '../../playlists/protocol.ts';
import { Repo } from './repo.ts';

export interface Described {
  boardName: string;
  /** The slide's words or title, by slide id. */
  slideTitle(slideId: string): string;
  /** The board's local day of an instant. */
  day(t: number): string;
}

/** A rollup row: showings and airtime of one slide (as shown) from one playlist in one layer on one board-day. */
export interface DailyRow {
  boardId: string;
  day: string;
  slideId: string;
  sha256: string;
  playlistId: string;
  campaignId: string | null;
  slideTitle: string;
  boardName: string;
  showings: number;
  airtimeMs: number;
}

export class PlaysRepo extends Repo {
  /** Stores new records (a known id is skipped) with what they showed; returns how many were new. */
  async insert(records: PlayRecord[], deviceId: string, boardId: string, described: Described, now: number): Promise<number> {
    let added = 0;
    const insert = `INSERT INTO proof_of_play (id, board_id, device_id, slide_id, sha256, layer, entry_ids, playlist_id, started_at, ended_at, received_at,
         slide_title, campaign_id, playlist_name, board_name, day)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT campaign_id FROM slides WHERE id = ?), (SELECT name FROM playlists WHERE id = ?), ?, ?)
       ON CONFLICT DO NOTHING`;
    // The day's rollup grows with each new record: reports read rollups only, and are current.
    const grow = `INSERT INTO play_daily (board_id, day, slide_id, sha256, playlist_id, layer, campaign_id, slide_title, playlist_name, board_name, showings, airtime_ms)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT campaign_id FROM slides WHERE id = ?), ?, (SELECT name FROM playlists WHERE id = ?), ?, ?, ?)
       ON CONFLICT (day, board_id, slide_id, sha256, playlist_id, layer)
       DO UPDATE SET showings = play_daily.showings + excluded.showings, airtime_ms = play_daily.airtime_ms + excluded.airtime_ms`;
    await this.sql.transaction(async (sql) => {
      const groups = new Map<string, { r: PlayRecord; day: string; showings: number; airtimeMs: number }>();
      for (const r of records) {
        const day = described.day(r.startedAt);
        const n = (
          await sql.run(insert, r.id, boardId, deviceId, r.slideId, r.sha256, r.layer, JSON.stringify(r.entryIds), r.playlistId ?? null, r.startedAt, r.endedAt, now,
            described.slideTitle(r.slideId), r.slideId, r.playlistId ?? null, described.boardName, day)
        ).changes;
        if (!n) continue;
        added += 1;
        const key = [day, r.slideId, r.sha256, r.playlistId ?? '', r.layer].join('\u0000');
        const g = groups.get(key);
        if (g) {
          g.showings += 1;
          g.airtimeMs += r.endedAt - r.startedAt;
        } else groups.set(key, { r, day, showings: 1, airtimeMs: r.endedAt - r.startedAt });
      }
      for (const { r, day, showings, airtimeMs } of groups.values()) {
        await sql.run(grow, boardId, day, r.slideId, r.sha256, r.playlistId ?? '', r.layer, r.slideId, described.slideTitle(r.slideId), r.playlistId ?? null, described.boardName, showings, airtimeMs);
      }
    });
    return added;
  }

  async forBoard(boardId: string, from: number, to: number): Promise<(PlayRecord & { deviceId: string })[]> {
    const rows = (await this.sql.all('SELECT id, board_id AS "boardId", device_id AS "deviceId", slide_id AS "slideId", sha256, layer, entry_ids AS "entryIds", playlist_id AS "playlistId", started_at AS "startedAt", ended_at AS "endedAt" FROM proof_of_play WHERE board_id = ? AND ended_at > ? AND started_at < ? ORDER BY started_at', boardId, from, to)) as (Omit<PlayRecord, 'entryIds'> & { deviceId: string; entryIds: string })[];
    return rows.map((r) => ({ ...r, entryIds: JSON.parse(r.entryIds) as string[] }));
  }

  /**
   * Board-days of [from, to] whose rollup no longer matches their raw records (showings or airtime
   * differ): one pass over the raw records in day order, without grouping by slide.
   */
  async driftedDays(from: string, to: string): Promise<{ boardId: string; day: string }[]> {
    const raw = (await this.sql.all('SELECT day, board_id AS "boardId", COUNT(*) AS showings, SUM(ended_at - started_at) AS "airtimeMs" FROM proof_of_play WHERE day BETWEEN ? AND ? GROUP BY day, board_id', from, to)) as {
      day: string;
      boardId: string;
      showings: number;
      airtimeMs: number;
    }[];
    const rolled = (await this.sql.all('SELECT day, board_id AS "boardId", SUM(showings) AS showings, SUM(airtime_ms) AS "airtimeMs" FROM play_daily WHERE day BETWEEN ? AND ? GROUP BY day, board_id', from, to)) as typeof raw;
    const key = (r: { day: string; boardId: string }) => `${r.day}\u0000${r.boardId}`;
    const sums = new Map(rolled.map((r) => [key(r), r]));
    return raw.filter((r) => {
      const s = sums.get(key(r));
      return !s || s.showings !== r.showings || s.airtimeMs !== r.airtimeMs;
    }).map(({ boardId, day }) => ({ boardId, day }));
  }

  /** Board-days with raw records on days in [from, to]. */
  async boardDays(from: string, to: string): Promise<{ boardId: string; day: string }[]> {
    return (await this.sql.all('SELECT DISTINCT board_id AS "boardId", day FROM proof_of_play WHERE day BETWEEN ? AND ? ORDER BY day, board_id', from, to)) as { boardId: string; day: string }[];
  }

  /** Rolls one board-day up again from its raw records (the nightly job, and a repair). A board-day without raw records keeps its rollup. */
  async rollUp(boardId: string, day: string): Promise<number> {
    return this.sql.transaction(async (sql) => {
      if (!(await sql.get('SELECT 1 FROM proof_of_play WHERE board_id = ? AND day = ? LIMIT 1', boardId, day))) return 0;
      await sql.run('DELETE FROM play_daily WHERE board_id = ? AND day = ?', boardId, day);
      return (await sql.run(`INSERT INTO play_daily (board_id, day, slide_id, sha256, playlist_id, layer, campaign_id, slide_title, playlist_name, board_name, showings, airtime_ms)
         SELECT board_id, day, slide_id, sha256, COALESCE(playlist_id, ''), layer, MAX(campaign_id), MAX(slide_title), MAX(playlist_name), MAX(board_name), COUNT(*), SUM(ended_at - started_at)
           FROM proof_of_play WHERE board_id = ? AND day = ? GROUP BY board_id, day, slide_id, sha256, COALESCE(playlist_id, ''), layer`, boardId, day)).changes;
    });
  }

  /** Showings and airtime per board × day × slide × playlist × layer for days in [from, to]. */
  async daily(from: string, to: string, boardIds: readonly string[] | null): Promise<DailyRow[]> {
    // Only what a report reads: a year of 100 boards is some 200,000 rows.
    const all = (await this.sql.all(`SELECT board_id AS "boardId", day, slide_id AS "slideId", sha256, playlist_id AS "playlistId", campaign_id AS "campaignId", slide_title AS "slideTitle", board_name AS "boardName", showings, airtime_ms AS "airtimeMs"
         FROM play_daily WHERE day BETWEEN ? AND ?`, from, to)) as DailyRow[];
    if (!boardIds) return all;
    const wanted = new Set(boardIds);
    return all.filter((r) => wanted.has(r.boardId));
  }

  /**
   * Removes up to `limit` raw records of board-days before `day` (whole days: a day is never left
   * half there, so rolling it up again can never shrink it); their rollups stay for good.
   */
  async pruneRawBefore(day: string, limit: number): Promise<number> {
    return (await this.sql.run('DELETE FROM proof_of_play WHERE id IN (SELECT id FROM proof_of_play WHERE day < ? LIMIT ?)', day, limit)).changes;
  }

  /** Images shown with no report thumbnail yet. */
  async shaWithoutThumbnail(limit: number): Promise<string[]> {
    return (await this.sql.column('SELECT DISTINCT sha256 FROM play_daily p WHERE NOT EXISTS (SELECT 1 FROM report_thumbnails t WHERE t.sha256 = p.sha256) LIMIT ?', limit)) as string[];
  }

  async saveThumbnail(sha256: string, png: Buffer, now: number): Promise<void> {
    await this.sql.run('INSERT INTO report_thumbnails (sha256, png, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', sha256, png, now);
  }

  async thumbnail(sha256: string): Promise<Buffer | undefined> {
    return (await this.sql.value('SELECT png FROM report_thumbnails WHERE sha256 = ?', sha256)) as Buffer | undefined;
  }
}
