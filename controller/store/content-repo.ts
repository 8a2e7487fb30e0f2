// Campaigns, slides, playlists and schedule entries: what staff write and arrange.
import type { Playlist, PlaylistItem } from '../../playlists/playlist.ts';
import type { ScheduleEntry } from '../../playlists/schedule.ts';
import { SlideSchema } from '../../playlists/slide.ts';
import type { Slide } from '../../playlists/slide.ts';
import { Repo } from './repo.ts';

interface SlideRow {
  id: string;
  kind: string;
  body: string;
}

/** Through the schema: rows written before a field existed get its default. */
const slideOf = (row: SlideRow): Slide => SlideSchema.parse({ ...JSON.parse(row.body), id: row.id, kind: row.kind });

export class ContentRepo extends Repo {
  async upsertCampaign(c: { id: string; name: string; source?: string | undefined }, now: number): Promise<void> {
    await this.sql.run('INSERT INTO campaigns (id, name, source, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, imported_at = excluded.imported_at', c.id, c.name, c.source ?? null, now);
  }

  async listCampaigns(): Promise<{ id: string; name: string; source: string | null; slides: number; playlists: number }[]> {
    return (await this.sql.all(`SELECT c.id, c.name, c.source,
              (SELECT COUNT(*) FROM slides s WHERE s.campaign_id = c.id) AS slides,
              (SELECT COUNT(*) FROM playlists p WHERE p.campaign_id = c.id) AS playlists
         FROM campaigns c ORDER BY c.name, c.id`,)) as { id: string; name: string; source: string | null; slides: number; playlists: number }[];
  }

  /** A campaign with the slides and playlists imported with it (their approved versions). */
  async campaign(id: string): Promise<{ campaign: { id: string; name: string; source: string | null }; slideIds: string[]; playlistIds: string[] } | undefined> {
    const campaign = (await this.sql.get('SELECT id, name, source FROM campaigns WHERE id = ?', id)) as { id: string; name: string; source: string | null } | undefined;
    if (!campaign) return undefined;
    return {
      campaign,
      slideIds: (await this.sql.column('SELECT id FROM slides WHERE campaign_id = ? ORDER BY campaign_position, id', id)) as string[],
      playlistIds: (await this.sql.column('SELECT id FROM playlists WHERE campaign_id = ? ORDER BY campaign_position, id', id)) as string[],
    };
  }

  async deleteSlide(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM slides WHERE id = ?', id)).changes > 0;
  }

  async deletePlaylist(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM playlists WHERE id = ?', id)).changes > 0;
  }

  /** Schedule entries that name a board directly (not through a group). */
  async entriesNamingBoard(boardId: string): Promise<{ id: string; name: string | null }[]> {
    return ((await this.sql.all(`SELECT e.id, ${this.jsonText('e.body', 'name')} AS name FROM schedule_entries e JOIN schedule_targets t ON t.entry_id = e.id WHERE t.board_id = ? ORDER BY e.id`, boardId)) as { id: string; name: string | null }[]);
  }

  /** Approved entries that play a playlist. */
  async entriesPlaying(playlistId: string): Promise<{ id: string; name: string | null }[]> {
    return (await this.sql.all(`SELECT id, ${this.jsonText('body', 'name')} AS name FROM schedule_entries WHERE playlist_id = ? ORDER BY id`, playlistId)) as { id: string; name: string | null }[];
  }

  /** position: its place in the campaign file it was imported from. */
  async upsertSlide(slide: Slide, campaignId: string | null, now: number, position: number | null = null): Promise<void> {
    const { id, kind, ...body } = slide;
    await this.sql.run(
      `INSERT INTO slides (id, campaign_id, kind, body, updated_at, campaign_position) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at,
           campaign_id = COALESCE(excluded.campaign_id, slides.campaign_id), campaign_position = COALESCE(excluded.campaign_position, slides.campaign_position)`,
      id,
      campaignId,
      kind,
      JSON.stringify(body),
      now,
      position,
    );
  }

  async getSlide(id: string): Promise<Slide | undefined> {
    const row = await this.sql.get<SlideRow>('SELECT id, kind, body FROM slides WHERE id = ?', id);
    return row ? slideOf(row) : undefined;
  }

  /** Several slides in one query (a playlist's), by id; ids with no slide are absent. */
  async getSlides(ids: readonly string[]): Promise<Map<string, Slide>> {
    const rows = await this.inChunks<SlideRow>([...new Set(ids)], (any) => `SELECT id, kind, body FROM slides WHERE ${any('id')}`);
    return new Map(rows.map((row) => [row.id, slideOf(row)]));
  }

  async listSlides(): Promise<Slide[]> {
    return (await this.sql.all<SlideRow>('SELECT id, kind, body FROM slides ORDER BY id')).map(slideOf);
  }

  async upsertPlaylist(p: Playlist, campaignId: string | null, now: number, position: number | null = null): Promise<void> {
    await this.sql.run(
      `INSERT INTO playlists (id, campaign_id, name, updated_at, campaign_position) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at,
           campaign_id = COALESCE(excluded.campaign_id, playlists.campaign_id), campaign_position = COALESCE(excluded.campaign_position, playlists.campaign_position)`,
      p.id,
      campaignId,
      p.name,
      now,
      position,
    );
    await this.sql.run('DELETE FROM playlist_items WHERE playlist_id = ?', p.id);
    for (const [position, item] of p.items.entries()) {
      await this.sql.run('INSERT INTO playlist_items (playlist_id, position, slide_id, duration_seconds) VALUES (?, ?, ?, ?)', p.id, position, item.slideId, item.durationSeconds ?? null);
    }
  }

  async getPlaylist(id: string): Promise<Playlist | undefined> {
    return this.playlist(id);
  }

  async listPlaylists(): Promise<Playlist[]> {
    const ids = (await this.sql.column('SELECT id FROM playlists ORDER BY name')) as string[];
    const out: Playlist[] = [];
    for (const id of ids) out.push((await this.playlist(id))!);
    return out;
  }

  private async playlist(id: string): Promise<Playlist | undefined> {
    const head = (await this.sql.get('SELECT id, name FROM playlists WHERE id = ?', id)) as { id: string; name: string } | undefined;
    if (!head) return undefined;
    const rows = (await this.sql.all('SELECT slide_id AS "slideId", duration_seconds AS "durationSeconds" FROM playlist_items WHERE playlist_id = ? ORDER BY position', id)) as { slideId: string; durationSeconds: number | null }[];
    const items: PlaylistItem[] = rows.map((r) => (r.durationSeconds === null ? { slideId: r.slideId } : { slideId: r.slideId, durationSeconds: r.durationSeconds }));
    return { id: head.id, name: head.name, items };
  }

  async playlistsUsingSlide(slideId: string): Promise<string[]> {
    return (await this.sql.column('SELECT DISTINCT playlist_id FROM playlist_items WHERE slide_id = ?', slideId)) as string[];
  }

  /** Inserts or replaces an entry and its targets. */
  async saveEntry(e: ScheduleEntry, now: number): Promise<void> {
    const { id, playlistId, targets, anchorAt, ...body } = e;
    await this.sql.run(`INSERT INTO schedule_entries (id, playlist_id, kind, anchor_at, created_at, body) VALUES (?, ?, 'entry', ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET playlist_id = excluded.playlist_id, anchor_at = excluded.anchor_at, body = excluded.body`, id, playlistId, anchorAt, now, JSON.stringify(body));
    await this.sql.run('DELETE FROM schedule_targets WHERE entry_id = ?', id);
    await this.sql.run('DELETE FROM schedule_group_targets WHERE entry_id = ?', id);
    for (const boardId of new Set(targets.boardIds)) await this.sql.run('INSERT INTO schedule_targets (entry_id, board_id) VALUES (?, ?)', id, boardId);
    for (const groupId of new Set(targets.groupIds)) await this.sql.run('INSERT INTO schedule_group_targets (entry_id, group_id) VALUES (?, ?)', id, groupId);
  }

  async deleteEntry(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM schedule_entries WHERE id = ?', id)).changes > 0;
  }

  async getEntry(id: string): Promise<ScheduleEntry | undefined> {
    return (await this.entries('WHERE e.id = ?', [id]))[0];
  }

  async listEntries(): Promise<ScheduleEntry[]> {
    return await this.entries('', []);
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
    const reach = await this.reach('board', boardIds);
    const byBoard = new Map<string, Set<string>>(boardIds.map((id) => [id, new Set()]));
    for (const r of reach) byBoard.get(r.boardId)?.add(r.entryId);
    const all = reach.length ? await this.entries('', []) : [];
    return new Map([...byBoard].map(([boardId, ids]) => [boardId, all.filter((e) => ids.has(e.id))]));
  }

  /** The boards each of these entries reaches, directly or through its groups. */
  async boardsOfEntries(entryIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(entryIds.map((id) => [id, new Set()]));
    for (const r of await this.reach('entry', entryIds)) out.get(r.entryId)?.add(r.boardId);
    return out;
  }

  /** Which entries reach which boards (directly or through a group), for a set of boards or of entries. */
  private reach(by: 'board' | 'entry', keys: readonly string[]): Promise<{ boardId: string; entryId: string }[]> {
    const [direct, grouped] = by === 'board' ? ['board_id', 'm.board_id'] : ['entry_id', 't.entry_id'];
    return this.inChunks(
      keys,
      (any) =>
        `SELECT board_id AS "boardId", entry_id AS "entryId" FROM schedule_targets WHERE ${any(direct)}
         UNION SELECT m.board_id, t.entry_id FROM schedule_group_targets t JOIN group_members m ON m.group_id = t.group_id WHERE ${any(grouped)}`,
      (list) => [list, list],
    );
  }

  /** Every board an entry reaches, directly or through its groups. */
  async boardsForTargets(targets: { boardIds: string[]; groupIds: string[] }): Promise<string[]> {
    const boards = new Set(targets.boardIds);
    for (const groupId of targets.groupIds) {
      for (const b of (await this.sql.column('SELECT board_id FROM group_members WHERE group_id = ?', groupId)) as string[]) boards.add(b);
    }
    return [...boards].sort();
  }

  /** Boards whose manifest a change to this playlist affects: schedules and defaults. */
  async boardsForPlaylist(playlistId: string): Promise<string[]> {
    return (await this.sql.column(`SELECT t.board_id FROM schedule_targets t JOIN schedule_entries e ON e.id = t.entry_id WHERE e.playlist_id = @p
       UNION SELECT m.board_id FROM schedule_group_targets t JOIN schedule_entries e ON e.id = t.entry_id JOIN group_members m ON m.group_id = t.group_id WHERE e.playlist_id = @p
       UNION SELECT id FROM boards WHERE default_playlist_id = @p
       UNION SELECT m.board_id FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE g.default_playlist_id = @p`, { p: playlistId })) as string[];
  }

  private async entries(where: string, params: unknown[]): Promise<ScheduleEntry[]> {
    const rows = (await this.sql.all(`SELECT e.id, e.playlist_id AS "playlistId", e.anchor_at AS "anchorAt", e.body,
              (SELECT string_agg(board_id, '\u001f') FROM schedule_targets WHERE entry_id = e.id) AS boards,
              (SELECT string_agg(group_id, '\u001f') FROM schedule_group_targets WHERE entry_id = e.id) AS groups
         FROM schedule_entries e ${where} ORDER BY e.created_at, e.id`, ...params)) as { id: string; playlistId: string; anchorAt: number; body: string; boards: string | null; groups: string | null }[];
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
