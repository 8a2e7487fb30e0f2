// Board groups ("Tất cả cửa ngõ", "Cửa ngõ phía Bắc"): members and an optional default playlist.
import type { Group } from '../../playlists/schedule.ts';
import { Repo } from './repo.ts';

/** Members written per INSERT on PostgreSQL (two parameters each, well under its 65,535). */
const MEMBERS_PER_STATEMENT = 500;

export class GroupsRepo extends Repo {
  async save(g: Group, now: number): Promise<void> {
    await this.sql.run('INSERT INTO board_groups (id, name, default_playlist_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, default_playlist_id = excluded.default_playlist_id', g.id, g.name, g.defaultPlaylistId, now);
    await this.sql.run('DELETE FROM group_members WHERE group_id = ?', g.id);
    // Many rows per statement: a group of every gateway board is thousands of members (on
    // PostgreSQL one statement each was a round trip each: 10,000 members took seconds).
    await this.writeRows([...new Set(g.boardIds)], MEMBERS_PER_STATEMENT, (values) => `INSERT INTO group_members (group_id, board_id) VALUES ${values}`, '(?, ?)', (boardId) => [g.id, boardId]);
  }

  async get(id: string): Promise<Group | undefined> {
    return this.group(id);
  }

  async list(): Promise<Group[]> {
    const rows = await this.sql.all<Omit<Group, 'boardIds'>>('SELECT id, name, default_playlist_id AS "defaultPlaylistId" FROM board_groups ORDER BY name, id');
    const members = await this.sql.all<{ groupId: string; boardId: string }>('SELECT group_id AS "groupId", board_id AS "boardId" FROM group_members ORDER BY board_id');
    const byGroup = new Map<string, string[]>(rows.map((r) => [r.id, []]));
    for (const m of members) byGroup.get(m.groupId)?.push(m.boardId);
    return rows.map((r) => ({ ...r, boardIds: byGroup.get(r.id) ?? [] }));
  }

  private async group(id: string): Promise<Group | undefined> {
    const row = (await this.sql.get('SELECT id, name, default_playlist_id AS "defaultPlaylistId" FROM board_groups WHERE id = ?', id)) as Omit<Group, 'boardIds'> | undefined;
    if (!row) return undefined;
    return { ...row, boardIds: (await this.sql.column('SELECT board_id FROM group_members WHERE group_id = ? ORDER BY board_id', id)) as string[] };
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM board_groups WHERE id = ?', id)).changes > 0;
  }

  /** The groups a board belongs to, in id order (the first with a default playlist wins). */
  async groupsOfBoard(boardId: string): Promise<Omit<Group, 'boardIds'>[]> {
    return (await this.sql.all('SELECT g.id, g.name, g.default_playlist_id AS "defaultPlaylistId" FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE m.board_id = ? ORDER BY g.id', boardId)) as Omit<Group, 'boardIds'>[];
  }

  /** The groups of each of these boards (ordered by id, as groupsOfBoard), in a few queries. */
  async groupsOfBoards(boardIds: readonly string[]): Promise<Map<string, Omit<Group, 'boardIds'>[]>> {
    const rows = await this.inChunks<Omit<Group, 'boardIds'> & { boardId: string }>(
      boardIds,
      (any) => `SELECT m.board_id AS "boardId", g.id, g.name, g.default_playlist_id AS "defaultPlaylistId" FROM board_groups g JOIN group_members m ON m.group_id = g.id WHERE ${any('m.board_id')} ORDER BY g.id`,
    );
    const out = new Map<string, Omit<Group, 'boardIds'>[]>(boardIds.map((id) => [id, []]));
    for (const { boardId, ...g } of rows) out.get(boardId)?.push(g);
    return out;
  }

  /** Groups whose default playlist this is. */
  async withDefaultPlaylist(playlistId: string): Promise<{ id: string; name: string }[]> {
    return (await this.sql.all('SELECT id, name FROM board_groups WHERE default_playlist_id = ? ORDER BY name', playlistId)) as { id: string; name: string }[];
  }

  /** Entries that target this group. */
  async entriesTargeting(groupId: string): Promise<string[]> {
    return (await this.sql.column('SELECT entry_id FROM schedule_group_targets WHERE group_id = ?', groupId)) as string[];
  }
}
