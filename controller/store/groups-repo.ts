// Board groups ("Tất cả cửa ngõ", "Cửa ngõ phía Bắc"): members and an optional default playlist.
import type { Group } from '../../playlists/schedule.ts';
import { Repo } from './repo.ts';

export class GroupsRepo extends Repo {
  async save(g: Group, now: number): Promise<void> {
    this.q(
      'INSERT INTO board_groups (id, name, default_playlist_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, default_playlist_id = excluded.default_playlist_id',
    ).run(g.id, g.name, g.defaultPlaylistId, now);
    this.q('DELETE FROM group_members WHERE group_id = ?').run(g.id);
    for (const boardId of new Set(g.boardIds)) this.q('INSERT INTO group_members (group_id, board_id) VALUES (?, ?)').run(g.id, boardId);
  }

  async get(id: string): Promise<Group | undefined> {
    return this.group(id);
  }

  async list(): Promise<Group[]> {
    const ids = this.q('SELECT id FROM board_groups ORDER BY name, id').pluck().all() as string[];
    return ids.map((id) => this.group(id)!);
  }

  /** Synchronous, so a listing reads every group in one turn (nothing interleaves). */
  private group(id: string): Group | undefined {
    const row = this.q('SELECT id, name, default_playlist_id AS defaultPlaylistId FROM board_groups WHERE id = ?').get(id) as Omit<Group, 'boardIds'> | undefined;
    if (!row) return undefined;
    return { ...row, boardIds: this.q('SELECT board_id FROM group_members WHERE group_id = ? ORDER BY board_id').pluck().all(id) as string[] };
  }

  async delete(id: string): Promise<boolean> {
    return this.q('DELETE FROM board_groups WHERE id = ?').run(id).changes > 0;
  }

  /** The groups a board belongs to, in id order (the first with a default playlist wins). */
  async groupsOfBoard(boardId: string): Promise<Omit<Group, 'boardIds'>[]> {
    return this.q(
      'SELECT g.id, g.name, g.default_playlist_id AS defaultPlaylistId FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE m.board_id = ? ORDER BY g.id',
    ).all(boardId) as Omit<Group, 'boardIds'>[];
  }

  /** The groups of each of these boards (ordered by id, as groupsOfBoard), in a few queries. */
  async groupsOfBoards(boardIds: readonly string[]): Promise<Map<string, Omit<Group, 'boardIds'>[]>> {
    const rows = this.inChunks<Omit<Group, 'boardIds'> & { boardId: string }>(
      boardIds,
      (ph) => `SELECT m.board_id AS boardId, g.id, g.name, g.default_playlist_id AS defaultPlaylistId FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE m.board_id IN (${ph}) ORDER BY g.id`,
    );
    const out = new Map<string, Omit<Group, 'boardIds'>[]>(boardIds.map((id) => [id, []]));
    for (const { boardId, ...g } of rows) out.get(boardId)?.push(g);
    return out;
  }

  /** Groups whose default playlist this is. */
  async withDefaultPlaylist(playlistId: string): Promise<{ id: string; name: string }[]> {
    return this.q('SELECT id, name FROM board_groups WHERE default_playlist_id = ? ORDER BY name').all(playlistId) as { id: string; name: string }[];
  }

  /** Entries that target this group. */
  async entriesTargeting(groupId: string): Promise<string[]> {
    return this.q('SELECT entry_id FROM schedule_group_targets WHERE group_id = ?').pluck().all(groupId) as string[];
  }
}
