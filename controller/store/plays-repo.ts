// Proof of play: what each board showed, from when to when, as its player reported it. Stored by
// the record's own id, so a batch sent twice is stored once.
import type { PlayRecord } from '../../playlists/protocol.ts';
import { Repo } from './repo.ts';

export class PlaysRepo extends Repo {
  /** Stores new records (a known id is skipped); returns how many were new. */
  insert(records: PlayRecord[], deviceId: string, boardId: string, now: number): number {
    let added = 0;
    const stmt = this.q(
      'INSERT OR IGNORE INTO proof_of_play (id, board_id, device_id, slide_id, sha256, layer, entry_ids, playlist_id, started_at, ended_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of records) added += stmt.run(r.id, boardId, deviceId, r.slideId, r.sha256, r.layer, JSON.stringify(r.entryIds), r.playlistId ?? null, r.startedAt, r.endedAt, now).changes;
    })();
    return added;
  }

  forBoard(boardId: string, from: number, to: number): (PlayRecord & { deviceId: string })[] {
    const rows = this.q(
      'SELECT id, board_id AS boardId, device_id AS deviceId, slide_id AS slideId, sha256, layer, entry_ids AS entryIds, playlist_id AS playlistId, started_at AS startedAt, ended_at AS endedAt FROM proof_of_play WHERE board_id = ? AND ended_at > ? AND started_at < ? ORDER BY started_at',
    ).all(boardId, from, to) as (Omit<PlayRecord, 'entryIds'> & { deviceId: string; entryIds: string })[];
    return rows.map((r) => ({ ...r, entryIds: JSON.parse(r.entryIds) as string[] }));
  }
}
