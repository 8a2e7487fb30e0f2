// Campaigns, slides, playlists and schedule entries: what staff write and arrange.
import type { Playlist, PlaylistItem } from '../../playlists/playlist.ts';
import type { ScheduleEntry } from '../../playlists/schedule.ts';
import { SlideSchema } from '../../playlists/slide.ts';
import type { Slide } from '../../playlists/slide.ts';
import { Repo } from './repo.ts';

export class ContentRepo extends Repo {
  async upsertCampaign(c: { id: string; name: string; source?: string | undefined }, now: number): Promise<void> {
    this.q('INSERT INTO campaigns (id, name, source, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, imported_at = excluded.imported_at')
      .run(c.id, c.name, c.source ?? null, now);
  }

  async listCampaigns(): Promise<{ id: string; name: string; source: string | null; slides: number; playlists: number }[]> {
    return this.q(
      `SELECT c.id, c.name, c.source,
              (SELECT COUNT(*) FROM slides s WHERE s.campaign_id = c.id) AS slides,
              (SELECT COUNT(*) FROM playlists p WHERE p.campaign_id = c.id) AS playlists
         FROM campaigns c ORDER BY c.name, c.id`,
    ).all() as { id: string; name: string; source: string | null; slides: number; playlists: number }[];
  }

  /** A campaign with the slides and playlists imported with it (their approved versions). */
  async campaign(id: string): Promise<{ campaign: { id: string; name: string; source: string | null }; slideIds: string[]; playlistIds: string[] } | undefined> {
    const campaign = this.q('SELECT id, name, source FROM campaigns WHERE id = ?').get(id) as { id: string; name: string; source: string | null } | undefined;
    if (!campaign) return undefined;
    return {
      campaign,
      slideIds: this.q('SELECT id FROM slides WHERE campaign_id = ? ORDER BY rowid').pluck().all(id) as string[],
      playlistIds: this.q('SELECT id FROM playlists WHERE campaign_id = ? ORDER BY rowid').pluck().all(id) as string[],
    };
  }

  async deleteSlide(id: string): Promise<boolean> {
    return this.q('DELETE FROM slides WHERE id = ?').run(id).changes > 0;
  }

  async deletePlaylist(id: string): Promise<boolean> {
    return this.q('DELETE FROM playlists WHERE id = ?').run(id).changes > 0;
  }

  /** Schedule entries that name a board directly (not through a group). */
  async entriesNamingBoard(boardId: string): Promise<{ id: string; name: string | null }[]> {
    return (this.q("SELECT e.id, json_extract(e.body, '$.name') AS name FROM schedule_entries e JOIN schedule_targets t ON t.entry_id = e.id WHERE t.board_id = ? ORDER BY e.id").all(boardId) as { id: string; name: string | null }[]);
  }

  /** Approved entries that play a playlist. */
  async entriesPlaying(playlistId: string): Promise<{ id: string; name: string | null }[]> {
    return this.q("SELECT id, json_extract(body, '$.name') AS name FROM schedule_entries WHERE playlist_id = ? ORDER BY id").all(playlistId) as { id: string; name: string | null }[];
  }

  async upsertSlide(slide: Slide, campaignId: string | null, now: number): Promise<void> {
    const { id, kind, ...body } = slide;
    this.q('INSERT INTO slides (id, campaign_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at, campaign_id = COALESCE(excluded.campaign_id, slides.campaign_id)')
      .run(id, campaignId, kind, JSON.stringify(body), now);
  }

  async getSlide(id: string): Promise<Slide | undefined> {
    const row = this.q('SELECT id, kind, body FROM slides WHERE id = ?').get(id) as { id: string; kind: string; body: string } | undefined;
    // Through the schema: rows written before a field existed get its default.
    return row ? SlideSchema.parse({ ...JSON.parse(row.body), id: row.id, kind: row.kind }) : undefined;
  }

  async listSlides(): Promise<Slide[]> {
    const rows = this.q('SELECT id, kind, body FROM slides ORDER BY id').all() as { id: string; kind: string; body: string }[];
    return rows.map((row) => SlideSchema.parse({ ...JSON.parse(row.body), id: row.id, kind: row.kind }));
  }

  async upsertPlaylist(p: Playlist, campaignId: string | null, now: number): Promise<void> {
    this.q('INSERT INTO playlists (id, campaign_id, name, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, campaign_id = COALESCE(excluded.campaign_id, playlists.campaign_id)')
      .run(p.id, campaignId, p.name, now);
    this.q('DELETE FROM playlist_items WHERE playlist_id = ?').run(p.id);
    const insert = this.q('INSERT INTO playlist_items (playlist_id, position, slide_id, duration_seconds) VALUES (?, ?, ?, ?)');
    p.items.forEach((item, position) => insert.run(p.id, position, item.slideId, item.durationSeconds ?? null));
  }

  async getPlaylist(id: string): Promise<Playlist | undefined> {
    return this.playlist(id);
  }

  async listPlaylists(): Promise<Playlist[]> {
    const ids = this.q('SELECT id FROM playlists ORDER BY name').pluck().all() as string[];
    return ids.map((id) => this.playlist(id)!);
  }

  /** Synchronous, so a listing reads every playlist in one turn (nothing interleaves). */
  private playlist(id: string): Playlist | undefined {
    const head = this.q('SELECT id, name FROM playlists WHERE id = ?').get(id) as { id: string; name: string } | undefined;
    if (!head) return undefined;
    const rows = this.q('SELECT slide_id AS slideId, duration_seconds AS durationSeconds FROM playlist_items WHERE playlist_id = ? ORDER BY position')
      .all(id) as { slideId: string; durationSeconds: number | null }[];
    const items: PlaylistItem[] = rows.map((r) => (r.durationSeconds === null ? { slideId: r.slideId } : { slideId: r.slideId, durationSeconds: r.durationSeconds }));
    return { id: head.id, name: head.name, items };
  }

  async playlistsUsingSlide(slideId: string): Promise<string[]> {
    return this.q('SELECT DISTINCT playlist_id FROM playlist_items WHERE slide_id = ?').pluck().all(slideId) as string[];
  }

  /** Inserts or replaces an entry and its targets. */
  async saveEntry(e: ScheduleEntry, now: number): Promise<void> {
    const { id, playlistId, targets, anchorAt, ...body } = e;
    this.q(
      `INSERT INTO schedule_entries (id, playlist_id, kind, anchor_at, created_at, body) VALUES (?, ?, 'entry', ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET playlist_id = excluded.playlist_id, anchor_at = excluded.anchor_at, body = excluded.body`,
    ).run(id, playlistId, anchorAt, now, JSON.stringify(body));
    this.q('DELETE FROM schedule_targets WHERE entry_id = ?').run(id);
    this.q('DELETE FROM schedule_group_targets WHERE entry_id = ?').run(id);
    for (const boardId of new Set(targets.boardIds)) this.q('INSERT INTO schedule_targets (entry_id, board_id) VALUES (?, ?)').run(id, boardId);
    for (const groupId of new Set(targets.groupIds)) this.q('INSERT INTO schedule_group_targets (entry_id, group_id) VALUES (?, ?)').run(id, groupId);
  }

  async deleteEntry(id: string): Promise<boolean> {
    return this.q('DELETE FROM schedule_entries WHERE id = ?').run(id).changes > 0;
  }

  async getEntry(id: string): Promise<ScheduleEntry | undefined> {
    return this.entries('WHERE e.id = ?', [id])[0];
  }

  async listEntries(): Promise<ScheduleEntry[]> {
    return this.entries('', []);
  }

  /** Entries that target the board directly or through one of its groups. */
  async entriesForBoard(boardId: string): Promise<ScheduleEntry[]> {
    return this.entries(
      `WHERE e.id IN (SELECT entry_id FROM schedule_targets WHERE board_id = ?
                      UNION SELECT t.entry_id FROM schedule_group_targets t JOIN group_members m ON m.group_id = t.group_id WHERE m.board_id = ?)`,
      [boardId, boardId],
    );
  }

  /**
   * The entries reaching each of these boards (as entriesForBoard, same order), in a few queries:
   * which entries reach which board, then every entry once (schedules hold tens or hundreds of
   * entries, boards thousands).
   */
  async entriesForBoards(boardIds: readonly string[]): Promise<Map<string, ScheduleEntry[]>> {
    const reach = this.inChunks<{ boardId: string; entryId: string }>(
      boardIds,
      (ph) =>
        `SELECT board_id AS boardId, entry_id AS entryId FROM schedule_targets WHERE board_id IN (${ph})
         UNION SELECT m.board_id, t.entry_id FROM schedule_group_targets t JOIN group_members m ON m.group_id = t.group_id WHERE m.board_id IN (${ph})`,
      (chunk) => [...chunk, ...chunk],
    );
    const byBoard = new Map<string, Set<string>>(boardIds.map((id) => [id, new Set()]));
    for (const r of reach) byBoard.get(r.boardId)?.add(r.entryId);
    const all = reach.length ? this.entries('', []) : [];
    return new Map([...byBoard].map(([boardId, ids]) => [boardId, all.filter((e) => ids.has(e.id))]));
  }

  /** Every board an entry reaches, directly or through its groups. */
  async boardsForTargets(targets: { boardIds: string[]; groupIds: string[] }): Promise<string[]> {
    const boards = new Set(targets.boardIds);
    for (const groupId of targets.groupIds) {
      for (const b of this.q('SELECT board_id FROM group_members WHERE group_id = ?').pluck().all(groupId) as string[]) boards.add(b);
    }
    return [...boards].sort();
  }

  /** Boards whose manifest a change to this playlist affects: schedules and defaults. */
  async boardsForPlaylist(playlistId: string): Promise<string[]> {
    return this.q(
      `SELECT t.board_id FROM schedule_targets t JOIN schedule_entries e ON e.id = t.entry_id WHERE e.playlist_id = @p
       UNION SELECT m.board_id FROM schedule_group_targets t JOIN schedule_entries e ON e.id = t.entry_id JOIN group_members m ON m.group_id = t.group_id WHERE e.playlist_id = @p
       UNION SELECT id FROM boards WHERE default_playlist_id = @p
       UNION SELECT m.board_id FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE g.default_playlist_id = @p`,
    )
      .pluck()
      .all({ p: playlistId }) as string[];
  }

  private entries(where: string, params: unknown[]): ScheduleEntry[] {
    const rows = this.q(
      `SELECT e.id, e.playlist_id AS playlistId, e.anchor_at AS anchorAt, e.body,
              (SELECT group_concat(board_id, char(31)) FROM schedule_targets WHERE entry_id = e.id) AS boards,
              (SELECT group_concat(group_id, char(31)) FROM schedule_group_targets WHERE entry_id = e.id) AS groups
         FROM schedule_entries e ${where} ORDER BY e.created_at, e.id`,
    ).all(...params) as { id: string; playlistId: string; anchorAt: number; body: string; boards: string | null; groups: string | null }[];
    const split = (v: string | null) => (v ? v.split('\u001f').sort() : []);
    return rows.map((r) => ({
      ...(JSON.parse(r.body) as Omit<ScheduleEntry, 'id' | 'playlistId' | 'targets' | 'anchorAt'>),
      id: r.id,
      playlistId: r.playlistId,
      anchorAt: r.anchorAt,
      targets: { boardIds: split(r.boards), groupIds: split(r.groups) },
    }));
  }
}
