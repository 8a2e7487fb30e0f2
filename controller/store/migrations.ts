// Versioned schema migrations, applied in order at start inside one transaction each.
// Append new ones; never edit a migration that has shipped.
export interface Migration {
  version: number;
  name: string;
  /** SQLite's text. */
  sql: string;
  /**
   * PostgreSQL's text, for every migration after the baseline (./postgres-schema.ts builds 1–10 at
   * once); the store refuses to open a PostgreSQL database with a migration lacking it.
   */
  postgres?: string;
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
  {
    version: 2,
    name: 'scheduling engine: groups, windows and layers, display schedule, overrides, heartbeats',
    sql: `
      CREATE TABLE board_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        default_playlist_id TEXT REFERENCES playlists(id),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES board_groups(id) ON DELETE CASCADE,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, board_id)
      );
      CREATE INDEX group_members_board ON group_members(board_id);
      ALTER TABLE boards ADD COLUMN default_playlist_id TEXT REFERENCES playlists(id);
      ALTER TABLE boards ADD COLUMN display TEXT NOT NULL DEFAULT '{"brightness":[],"powerOff":[]}';
      -- The whole entry (layer, priority, dates, recurrence) as JSON; targets stay relational.
      ALTER TABLE schedule_entries ADD COLUMN body TEXT NOT NULL DEFAULT '{"layer":"campaign","priority":50,"startDate":null,"endDate":null,"excludedDates":[],"recurrence":{"kind":"always"}}';
      CREATE TABLE schedule_group_targets (
        entry_id TEXT NOT NULL REFERENCES schedule_entries(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL REFERENCES board_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (entry_id, group_id)
      );
      CREATE INDEX schedule_group_targets_group ON schedule_group_targets(group_id);
      CREATE TABLE overrides (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('emergency', 'blackout')),
        targets TEXT NOT NULL,
        playlist_id TEXT REFERENCES playlists(id),
        starts_at INTEGER NOT NULL,
        expires_at INTEGER,
        cleared_at INTEGER,
        reason TEXT,
        created_by TEXT NOT NULL
      );
      ALTER TABLE board_delivery ADD COLUMN playing_version TEXT;
      ALTER TABLE board_delivery ADD COLUMN playing_at INTEGER;
      ALTER TABLE board_delivery ADD COLUMN heartbeat TEXT;
      -- Manifests of the walking skeleton (schema 1) are recompiled at start.
      DELETE FROM manifests;
    `,
  },
  {
    version: 3,
    name: 'slide kinds: uploaded pictures, rendition metadata',
    sql: `
      CREATE TABLE media (
        sha256 TEXT PRIMARY KEY,
        format TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        original_name TEXT,
        uploaded_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      ALTER TABLE renditions ADD COLUMN ext TEXT NOT NULL DEFAULT 'png';
      ALTER TABLE renditions ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
      -- Manifests of schema 2 are recompiled at start.
      DELETE FROM manifests;
    `,
  },
  {
    version: 4,
    name: 'proof of play',
    sql: `
      CREATE TABLE proof_of_play (
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        slide_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        layer TEXT NOT NULL,
        entry_ids TEXT NOT NULL,
        playlist_id TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX proof_of_play_board_time ON proof_of_play(board_id, started_at);
    `,
  },
  {
    version: 5,
    name: 'governance: roles, account security, drafts and approval, the audit trail',
    sql: `
      -- A user holds one or more roles.
      CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'approver', 'operator', 'viewer')),
        PRIMARY KEY (user_id, role)
      );
      INSERT INTO user_roles (user_id, role) SELECT id, role FROM users;
      ALTER TABLE users DROP COLUMN role;
      ALTER TABLE users ADD COLUMN duties TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE users ADD COLUMN disabled_at INTEGER;
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
      ALTER TABLE users ADD COLUMN totp_secret TEXT;
      ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
      ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
      CREATE TABLE recovery_codes (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        used_at INTEGER,
        PRIMARY KEY (user_id, code_hash)
      );
      ALTER TABLE auth_tokens ADD COLUMN last_used_at INTEGER;
      ALTER TABLE auth_tokens ADD COLUMN ip TEXT;
      ALTER TABLE auth_tokens ADD COLUMN user_agent TEXT;
      UPDATE auth_tokens SET last_used_at = created_at;

      -- Drafts of slides, playlists and schedule entries: boards only ever play what was approved.
      CREATE TABLE changes (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('slide', 'playlist', 'entry')),
        target_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('save', 'delete')),
        body TEXT,
        base_hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'discarded')),
        -- Goes up with every edit: an approval names the version its reviewer saw.
        version INTEGER NOT NULL DEFAULT 1,
        author_id INTEGER NOT NULL,
        author_name TEXT NOT NULL,
        contributors TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        submitted_at INTEGER,
        reviewed_at INTEGER,
        reviewer_name TEXT,
        reason TEXT
      );
      -- One open change per item: a second editor edits the same draft, never a rival one.
      CREATE UNIQUE INDEX changes_open ON changes(kind, target_id) WHERE status IN ('draft', 'submitted', 'rejected');
      CREATE INDEX changes_status ON changes(status, updated_at);

      ALTER TABLE overrides ADD COLUMN cleared_by TEXT;

      -- The audit trail: append-only (the triggers refuse UPDATE and DELETE) and tamper-evident
      -- (each record carries the hash of the one before it).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT NOT NULL,
        actor_roles TEXT NOT NULL,
        ip TEXT,
        action TEXT NOT NULL,
        target_kind TEXT,
        target_id TEXT,
        before TEXT,
        after TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_target ON audit_log(target_kind, target_id);
      CREATE INDEX audit_log_actor ON audit_log(actor_name);
      CREATE INDEX audit_log_action ON audit_log(action);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 6,
    name: 'reports: self-describing proof of play, daily rollups, board status history',
    sql: `
      -- A showing keeps what it showed, as it was (a slide, playlist or board deleted or renamed
      -- since never changes a past report), and the board's local day it began on.
      ALTER TABLE proof_of_play ADD COLUMN slide_title TEXT NOT NULL DEFAULT '';
      ALTER TABLE proof_of_play ADD COLUMN campaign_id TEXT;
      ALTER TABLE proof_of_play ADD COLUMN playlist_name TEXT;
      ALTER TABLE proof_of_play ADD COLUMN board_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE proof_of_play ADD COLUMN day TEXT NOT NULL DEFAULT '';
      CREATE INDEX proof_of_play_day_board ON proof_of_play(day, board_id);
      -- Records stored before this version get their day at UTC+7 (every board so far is in Việt Nam).
      UPDATE proof_of_play SET
        day = date(started_at / 1000 + 7 * 3600, 'unixepoch'),
        board_name = COALESCE((SELECT name FROM boards b WHERE b.id = proof_of_play.board_id), board_id),
        playlist_name = (SELECT name FROM playlists p WHERE p.id = proof_of_play.playlist_id),
        campaign_id = (SELECT campaign_id FROM slides s WHERE s.id = proof_of_play.slide_id),
        slide_title = COALESCE((SELECT COALESCE(json_extract(body, '$.name'), json_extract(body, '$.text'), json_extract(body, '$.caption')) FROM slides s WHERE s.id = proof_of_play.slide_id), slide_id);

      -- Daily rollups per board × local day × slide (as shown) × playlist × layer: kept for good.
      -- They grow with each record stored and are rolled up again from the raw records nightly.
      -- Kept in day order (WITHOUT ROWID): a year's report reads one stretch of the file.
      CREATE TABLE play_daily (
        board_id TEXT NOT NULL,
        day TEXT NOT NULL,
        slide_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        playlist_id TEXT NOT NULL,
        layer TEXT NOT NULL,
        campaign_id TEXT,
        slide_title TEXT NOT NULL,
        playlist_name TEXT,
        board_name TEXT NOT NULL,
        showings INTEGER NOT NULL,
        airtime_ms INTEGER NOT NULL,
        PRIMARY KEY (day, board_id, slide_id, sha256, playlist_id, layer)
      ) WITHOUT ROWID;
      INSERT INTO play_daily (board_id, day, slide_id, sha256, playlist_id, layer, campaign_id, slide_title, playlist_name, board_name, showings, airtime_ms)
        SELECT board_id, day, slide_id, sha256, COALESCE(playlist_id, ''), layer, MAX(campaign_id), MAX(slide_title), MAX(playlist_name), MAX(board_name), COUNT(*), SUM(ended_at - started_at)
          FROM proof_of_play GROUP BY board_id, day, slide_id, sha256, COALESCE(playlist_id, ''), layer;

      -- Each board's status over time from the one status function, compacted: one row per
      -- stretch in one state (ended_at null: the current one). 'unknown': the controller itself was
      -- not running, so nobody could tell.
      CREATE TABLE board_intervals (
        board_id TEXT NOT NULL,
        state TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        PRIMARY KEY (board_id, started_at)
      );
      CREATE INDEX board_intervals_open ON board_intervals(board_id) WHERE ended_at IS NULL;
      CREATE INDEX board_intervals_end ON board_intervals(ended_at);
      -- A board's name and time zone outlive it in its reports.
      CREATE TABLE board_names (
        board_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL
      );
      INSERT INTO board_names (board_id, name, time_zone) SELECT id, name, time_zone FROM boards;
      -- A small picture of every image shown, for reports: renditions no manifest names are
      -- pruned, a report of last year still shows what ran.
      CREATE TABLE report_thumbnails (
        sha256 TEXT PRIMARY KEY,
        png BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'alerts',
    sql: `
      -- An episode of trouble on a board (offline, off schedule, manifest pending, player error),
      -- self-describing like the reports: the board's name and time zone are copied in. One row per
      -- (board, kind, episode): the same episode is never raised twice.
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        board_id TEXT NOT NULL,
        board_name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        episode TEXT NOT NULL,
        since INTEGER NOT NULL,
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        detail TEXT NOT NULL,
        detail_en TEXT NOT NULL,
        close_detail TEXT,
        close_detail_en TEXT,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE UNIQUE INDEX alerts_episode ON alerts(board_id, kind, episode);
      CREATE INDEX alerts_open ON alerts(board_id) WHERE closed_at IS NULL;
      CREATE INDEX alerts_opened_at ON alerts(opened_at);
      CREATE INDEX alerts_closed_at ON alerts(closed_at);
      -- Each alert's opening and closing (or a day's digest), per channel, sent once: written with
      -- the alert in one transaction; an attempt is counted before sending, so a crash mid-send
      -- sends again at most once; a failure waits longer each time and is kept, never lost.
      CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER REFERENCES alerts(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        channel TEXT NOT NULL,
        digest_day TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at INTEGER,
        last_error TEXT,
        delivered_at INTEGER,
        abandoned_at INTEGER
      );
      CREATE UNIQUE INDEX alert_deliveries_once ON alert_deliveries(channel, event, COALESCE(alert_id, 0), digest_day);
      CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id);
      CREATE INDEX alert_deliveries_due ON alert_deliveries(next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
      -- The alert machine's state per board (playlists/alert-machine.ts): a restart neither forgets
      -- an episode nor raises it again.
      CREATE TABLE alert_machine (
        board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        state TEXT NOT NULL
      );
      -- A board's own offline delay in minutes; null: the installation's default.
      ALTER TABLE boards ADD COLUMN offline_alert_minutes INTEGER;
    `,
  },
  {
    version: 8,
    name: 'report schedules',
    sql: `
      -- Reports mailed on a schedule (services/report-schedules.ts). body: the schedule as saved
      -- (JSON, playlists/api/reports.ts). next_run_at: the next occurrence, or the next retry while
      -- failing; due_at: the occurrence the pending run is for (the period it reports on), so a
      -- retry hours later still reports on the same period. A failure never disables a schedule.
      CREATE TABLE report_schedules (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        next_run_at INTEGER,
        due_at INTEGER,
        last_run_at INTEGER,
        last_result TEXT,
        last_error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX report_schedules_due ON report_schedules(next_run_at);
    `,
  },
  {
    version: 9,
    name: 'announced manifests',
    sql: `
      -- Whether a manifest was pushed to the players when it was saved. A controller process saves
      -- with 1 and pushes it at once; a process without players' sockets (the CLI) saves with 0, and
      -- the running controller pushes those (jobs/external-changes.ts). Works the same on any
      -- database engine and across several controller processes.
      ALTER TABLE manifests ADD COLUMN announced INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX manifests_unannounced ON manifests(board_id) WHERE announced = 0;
    `,
  },
  {
    version: 10,
    name: 'shared pairing codes and sign-in throttle',
    sql: `
      -- What several controller processes must share, kept in the database instead of one process's
      -- memory: the codes waiting players show (a code shown through one process is approved
      -- through another), and each account's failed sign-ins (guessing from many addresses is
      -- slowed whichever process answers).
      CREATE TABLE pairing_codes (
        code TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX pairing_codes_address ON pairing_codes(address);
      CREATE INDEX pairing_codes_expires ON pairing_codes(expires_at);
      CREATE TABLE sign_in_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        paused_until INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'campaign order',
    sql: `
      -- A campaign's slides and playlists in the order of the file they came from, kept as a value:
      -- PostgreSQL has no insertion order (SQLite's rowid gave it until now, and numbers the rows
      -- already imported).
      ALTER TABLE slides ADD COLUMN campaign_position INTEGER;
      ALTER TABLE playlists ADD COLUMN campaign_position INTEGER;
      UPDATE slides SET campaign_position = (SELECT COUNT(*) FROM slides s WHERE s.campaign_id = slides.campaign_id AND s.rowid < slides.rowid) WHERE campaign_id IS NOT NULL;
      UPDATE playlists SET campaign_position = (SELECT COUNT(*) FROM playlists p WHERE p.campaign_id = playlists.campaign_id AND p.rowid < playlists.rowid) WHERE campaign_id IS NOT NULL;
    `,
    postgres: `
      ALTER TABLE slides ADD COLUMN campaign_position bigint;
      ALTER TABLE playlists ADD COLUMN campaign_position bigint;
    `,
  },
  {
    version: 12,
    name: 'media in the database',
    sql: `
      -- The bytes of every media file (renditions, uploaded pictures, their thumbnails) by its path
      -- under DATA_DIR/media, for installations on PostgreSQL: several processes on several
      -- machines all reach them, and one database backup holds everything. Each process keeps
      -- what it served on its own disk as a cache. The embedded SQLite installation keeps its
      -- media as files only; the table is here so that both engines have one schema (and the
      -- copy to PostgreSQL fills it from the files).
      CREATE TABLE media_blobs (
        name TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
    postgres: `
      CREATE TABLE media_blobs (
        name text PRIMARY KEY,
        bytes bytea NOT NULL,
        created_at bigint NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'shared manifest contents',
    sql: `
      -- What a manifest plays (its 48 hours of segments) is stored once per content, by its hash,
      -- not once per board: a thousand gateway boards playing one campaign share one text. A
      -- board's row keeps its version, time and a reference to that content. A publish to 1,000
      -- boards writes one content and 1,000 small rows, not 1,000 copies of the same 48 hours; a
      -- reconnect storm reads and parses each content once. Contents no manifest names any more are
      -- pruned nightly. Rows already saved keep their own text, under a key of their own.
      CREATE TABLE manifest_contents (
        hash TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      INSERT INTO manifest_contents (hash, body, created_at)
        SELECT 'board:' || board_id || ':' || version, body, generated_at FROM manifests;
      CREATE TABLE manifests_shared (
        board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        generated_at INTEGER NOT NULL,
        announced INTEGER NOT NULL DEFAULT 1,
        content_hash TEXT NOT NULL REFERENCES manifest_contents(hash)
      );
      INSERT INTO manifests_shared (board_id, version, generated_at, announced, content_hash)
        SELECT board_id, version, generated_at, announced, 'board:' || board_id || ':' || version FROM manifests;
      DROP TABLE manifests;
      ALTER TABLE manifests_shared RENAME TO manifests;
      CREATE INDEX manifests_unannounced ON manifests(board_id) WHERE announced = 0;
      CREATE INDEX manifests_content ON manifests(content_hash);
    `,
    postgres: `
      CREATE TABLE manifest_contents (
        hash text PRIMARY KEY,
        body text NOT NULL,
        created_at bigint NOT NULL
      );
      INSERT INTO manifest_contents (hash, body, created_at)
        SELECT 'board:' || board_id || ':' || version, body, generated_at FROM manifests;
      ALTER TABLE manifests ADD COLUMN content_hash text REFERENCES manifest_contents(hash);
      UPDATE manifests SET content_hash = 'board:' || board_id || ':' || version;
      ALTER TABLE manifests ALTER COLUMN content_hash SET NOT NULL;
      ALTER TABLE manifests DROP COLUMN body;
      CREATE INDEX manifests_content ON manifests(content_hash);
    `,
  },
];
