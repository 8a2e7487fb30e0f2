// Versioned schema migrations, applied in order at start inside one transaction each.
// Append new ones; never edit a migration that has shipped.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'walking skeleton',
    sql: `
      CREATE TABLE app_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'operator')),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE auth_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
        label TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        time_zone TEXT NOT NULL,
        pitch_mm REAL NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT,
        imported_at INTEGER NOT NULL
      );
      CREATE TABLE slides (
        id TEXT PRIMARY KEY,
        campaign_id TEXT REFERENCES campaigns(id),
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE playlists (
        id TEXT PRIMARY KEY,
        campaign_id TEXT REFERENCES campaigns(id),
        name TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE playlist_items (
        playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        slide_id TEXT NOT NULL REFERENCES slides(id),
        duration_seconds REAL,
        PRIMARY KEY (playlist_id, position)
      );
      CREATE INDEX playlist_items_slide ON playlist_items(slide_id);
      CREATE TABLE schedule_entries (
        id TEXT PRIMARY KEY,
        playlist_id TEXT NOT NULL REFERENCES playlists(id),
        kind TEXT NOT NULL,
        anchor_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE schedule_targets (
        entry_id TEXT NOT NULL REFERENCES schedule_entries(id) ON DELETE CASCADE,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        PRIMARY KEY (entry_id, board_id)
      );
      CREATE INDEX schedule_targets_board ON schedule_targets(board_id);
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        paired_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_seen_at INTEGER
      );
      CREATE TABLE grants (
        grant_hash TEXT PRIMARY KEY,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE TABLE renditions (
        cache_key TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE manifests (
        board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        body TEXT NOT NULL,
        generated_at INTEGER NOT NULL
      );
      CREATE TABLE board_delivery (
        board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        delivered_version TEXT,
        delivered_at INTEGER,
        ready_version TEXT,
        ready_at INTEGER
      );
    `,
  },
];
