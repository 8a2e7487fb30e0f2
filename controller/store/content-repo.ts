// Campaigns, slides, playlists and schedule entries: what staff write and arrange.
import type { Playlist, PlaylistItem } from '../../playlists/playlist.ts';
import type { ScheduleEntry } from '../../playlists/schedule.ts';
import type { Slide } from '../../playlists/slide.ts';
import type { Db } from './database.ts';

export class ContentRepo {
  constructor(private readonly db: Db) {}

  upsertCampaign(c: { id: string; name: string; source?: string | undefined }, now: number): void {
    this.db
      .prepare('INSERT INTO campaigns (id, name, source, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, imported_at = excluded.imported_at')
      .run(c.id, c.name, c.source ?? null, now);
  }

  upsertSlide(slide: Slide, campaignId: string | null, now: number): void {
    const { id, kind, ...body } = slide;
    this.db
      .prepare('INSERT INTO slides (id, campaign_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, body = excluded.body, updated_at = excluded.updated_at, campaign_id = COALESCE(excluded.campaign_id, slides.campaign_id)')
      .run(id, campaignId, kind, JSON.stringify(body), now);
  }

  getSlide(id: string): Slide | undefined {
    const row = this.db.prepare('SELECT id, kind, body FROM slides WHERE id = ?').get(id) as { id: string; kind: string; body: string } | undefined;
    return row ? ({ id: row.id, kind: row.kind, ...JSON.parse(row.body) } as Slide) : undefined;
  }

  listSlides(): Slide[] {
    const rows = this.db.prepare('SELECT id, kind, body FROM slides ORDER BY id').all() as { id: string; kind: string; body: string }[];
    return rows.map((row) => ({ id: row.id, kind: row.kind, ...JSON.parse(row.body) }) as Slide);
  }

  upsertPlaylist(p: Playlist, campaignId: string | null, now: number): void {
    this.db
      .prepare('INSERT INTO playlists (id, campaign_id, name, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, campaign_id = COALESCE(excluded.campaign_id, playlists.campaign_id)')
      .run(p.id, campaignId, p.name, now);
    this.db.prepare('DELETE FROM playlist_items WHERE playlist_id = ?').run(p.id);
    const insert = this.db.prepare('INSERT INTO playlist_items (playlist_id, position, slide_id, duration_seconds) VALUES (?, ?, ?, ?)');
    p.items.forEach((item, position) => insert.run(p.id, position, item.slideId, item.durationSeconds ?? null));
  }

  getPlaylist(id: string): Playlist | undefined {
    const head = this.db.prepare('SELECT id, name FROM playlists WHERE id = ?').get(id) as { id: string; name: string } | undefined;
    if (!head) return undefined;
    const rows = this.db
      .prepare('SELECT slide_id AS slideId, duration_seconds AS durationSeconds FROM playlist_items WHERE playlist_id = ? ORDER BY position')
      .all(id) as { slideId: string; durationSeconds: number | null }[];
    const items: PlaylistItem[] = rows.map((r) => (r.durationSeconds === null ? { slideId: r.slideId } : { slideId: r.slideId, durationSeconds: r.durationSeconds }));
    return { id: head.id, name: head.name, items };
  }

  listPlaylists(): Playlist[] {
    const ids = this.db.prepare('SELECT id FROM playlists ORDER BY name').pluck().all() as string[];
    return ids.map((id) => this.getPlaylist(id)!);
  }

  playlistsUsingSlide(slideId: string): string[] {
    return this.db.prepare('SELECT DISTINCT playlist_id FROM playlist_items WHERE slide_id = ?').pluck().all(slideId) as string[];
  }

  insertEntry(e: ScheduleEntry, now: number): void {
    this.db.prepare('INSERT INTO schedule_entries (id, playlist_id, kind, anchor_at, created_at) VALUES (?, ?, ?, ?, ?)').run(e.id, e.playlistId, e.kind, e.anchorAt, now);
    const target = this.db.prepare('INSERT INTO schedule_targets (entry_id, board_id) VALUES (?, ?)');
    for (const boardId of new Set(e.boardIds)) target.run(e.id, boardId);
  }

  deleteEntry(id: string): boolean {
    return this.db.prepare('DELETE FROM schedule_entries WHERE id = ?').run(id).changes > 0;
  }

  getEntry(id: string): ScheduleEntry | undefined {
    return this.entries('WHERE e.id = ?', [id])[0];
  }

  listEntries(): ScheduleEntry[] {
    return this.entries('', []);
  }

  entriesForBoard(boardId: string): ScheduleEntry[] {
    return this.entries('WHERE e.id IN (SELECT entry_id FROM schedule_targets WHERE board_id = ?)', [boardId]);
  }

  boardsForPlaylist(playlistId: string): string[] {
    return this.db
      .prepare('SELECT DISTINCT t.board_id FROM schedule_targets t JOIN schedule_entries e ON e.id = t.entry_id WHERE e.playlist_id = ?')
      .pluck()
      .all(playlistId) as string[];
  }

  private entries(where: string, params: unknown[]): ScheduleEntry[] {
    const rows = this.db
      .prepare(`SELECT e.id, e.playlist_id AS playlistId, e.kind, e.anchor_at AS anchorAt, group_concat(t.board_id, char(31)) AS boards
                  FROM schedule_entries e LEFT JOIN schedule_targets t ON t.entry_id = e.id ${where}
                 GROUP BY e.id ORDER BY e.created_at, e.id`)
      .all(...params) as { id: string; playlistId: string; kind: 'always'; anchorAt: number; boards: string | null }[];
    return rows.map((r) => ({ id: r.id, playlistId: r.playlistId, kind: r.kind, anchorAt: r.anchorAt, boardIds: r.boards ? r.boards.split('\u001f').sort() : [] }));
  }
}
