// What boards that play the same share is stored once: a publish to many boards writes one content
// and a small row per board, every board still reads its own whole manifest back, and contents no
// board names any more are pruned. On both engines (the suite runs on SQLite and PostgreSQL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { SEED_PLAYLIST_ID } from '../../controller/services/bootstrap.ts';
import { SlideSchema } from '../../playlists/slide.ts';
import { migrate } from '../../controller/store/database.ts';
import { createPostgresStore, createStore } from '../../controller/store/index.ts';
import type { Store } from '../../controller/store/index.ts';
import { migrations } from '../../controller/store/migrations.ts';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from '../../controller/store/postgres-schema.ts';
import { migratePostgres, openPool } from '../../controller/store/postgres.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { createTestDatabase, TEST_ON_POSTGRES } from '../helpers/postgres.ts';

const DAY = 86_400_000;
let c: TestController;
let clock = Date.now();
const BOARDS = ['cong-1', 'cong-2', 'cong-3', 'cong-4', 'cong-5', 'cong-6'];

beforeAll(async () => {
  c = await startController({ listen: false, now: () => clock });
  const { store } = c.ctx;
  await store.transaction(async (tx) => {
    // Two sizes, three boards each.
    for (const [i, id] of BOARDS.entries()) await tx.boards.insert({ id, name: `Cổng ${i + 1}`, width: i % 2 ? 1216 : 576, height: i % 2 ? 400 : 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, clock);
    await tx.groups.save({ id: 'cong', name: 'Cổng thành phố', boardIds: BOARDS, defaultPlaylistId: SEED_PLAYLIST_ID }, clock);
  });
});
afterAll(async () => {
  await c?.close();
});

const contents = async () => Number(await c.ctx.store.sql.value('SELECT COUNT(*) FROM manifest_contents'));
const named = async () => Number(await c.ctx.store.sql.value('SELECT COUNT(DISTINCT content_hash) FROM manifests WHERE board_id IN (?, ?, ?, ?, ?, ?)', ...BOARDS));

describe('manifests of boards that play the same', () => {
  let compiled: Manifest[];

  it('are stored as one content per size, and each board reads its own whole manifest back', async () => {
    compiled = await c.ctx.services.publisher.recompile(BOARDS);
    expect(new Set(compiled.map((m) => m.version)).size).toBe(BOARDS.length);
    expect(await named()).toBe(2);
    const read = await c.ctx.store.manifests.latestMany(BOARDS);
    for (const m of compiled) {
      expect(read.get(m.boardId)).toEqual(m);
      expect(await c.ctx.store.manifests.latest(m.boardId)).toEqual(m);
    }
    // The board's own size, not the other one's.
    expect(read.get('cong-2')!.board).toMatchObject({ width: 1216, height: 400 });
  });

  it('cannot be changed by one reader under another board', async () => {
    const m = (await c.ctx.store.manifests.latest('cong-1'))!;
    expect(() => (m.segments as unknown[]).push({})).toThrow(TypeError);
    expect(() => Object.assign(m.board, { width: 1 })).toThrow(TypeError);
    expect((await c.ctx.store.manifests.latest('cong-3'))!.board.width).toBe(576);
  });

  it('leave the old content to the nightly prune once nothing names it, after a day', async () => {
    const before = await contents();
    // A different loop on the whole group: two new contents; the two old ones are named by nobody.
    await c.ctx.store.transaction((tx) => tx.groups.save({ id: 'cong', name: 'Cổng thành phố', boardIds: BOARDS, defaultPlaylistId: null }, clock));
    const now = await c.ctx.services.publisher.recompile(BOARDS);
    expect(await named()).toBe(2);
    expect(await contents()).toBe(before + 2);

    // The same day: kept (a content is saved just before the boards that name it).
    expect((await c.ctx.services.maintenance.prune(systemActor('test'))).manifestContents).toBe(0);
    clock += 2 * DAY;
    const pruned = await c.ctx.services.maintenance.prune(systemActor('test'));
    expect(pruned.manifestContents).toBeGreaterThanOrEqual(2);
    expect(await contents()).toBe(before + 2 - pruned.manifestContents);
    for (const m of now) expect(await c.ctx.store.manifests.latest(m.boardId)).toEqual(m);
  });
});

/** Migration 13 (shared manifest contents) over a database with manifests saved the old way, on this run's engine. */
async function migrateOver(legacy: Manifest): Promise<{ store: Store; close(): Promise<void> }> {
  const old = [...migrations].filter((m) => m.version < 13).sort((a, b) => a.version - b.version);
  const board = `INSERT INTO boards (id, name, width, height, time_zone, pitch_mm, created_at) VALUES ('cu', 'Bảng cũ', 576, 288, 'Asia/Ho_Chi_Minh', 10, 1)`;
  const manifest = `INSERT INTO manifests (board_id, version, body, generated_at) VALUES ('cu', '${legacy.version}', '${JSON.stringify(legacy)}', ${legacy.generatedAt})`;
  if (!TEST_ON_POSTGRES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-m13-'));
    const db = new Database(path.join(dir, 'ledgate.sqlite'));
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of old) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }
    db.exec(board);
    db.exec(manifest);
    expect(migrate(db)).toEqual([13]);
    const store = createStore(db);
    return { store, close: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const database = await createTestDatabase();
  const pool = openPool(database.url);
  await pool.query(`BEGIN; ${POSTGRES_BASELINE} COMMIT;`);
  for (const m of old.filter((m) => m.version > POSTGRES_BASELINE_VERSION)) await pool.query(`BEGIN; ${m.postgres!} INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, 'x', 1); COMMIT;`);
  await pool.query(board);
  await pool.query(manifest);
  expect(await migratePostgres(pool)).toEqual([13]);
  const store = createPostgresStore(pool);
  return { store, close: async () => { await store.close(); await database.drop(); } };
}

describe('boards of one size in two time zones, compiled together', () => {
  it('each show the clock in their own time zone', async () => {
    const { store } = c.ctx;
    const zones = { 'dong-ho-hcm': 'Asia/Ho_Chi_Minh', 'dong-ho-tokyo': 'Asia/Tokyo' } as const;
    await store.transaction(async (tx) => {
      for (const [id, timeZone] of Object.entries(zones)) await tx.boards.insert({ id, name: id, width: 576, height: 288, timeZone, pitchMm: 10 }, clock);
      await tx.content.upsertSlide(SlideSchema.parse({ id: 'dong-ho', kind: 'clock' }), null, clock);
      await tx.content.upsertPlaylist({ id: 'dong-ho', name: 'Đồng hồ', items: [{ slideId: 'dong-ho' }] } as never, null, clock);
      await tx.groups.save({ id: 'dong-ho', name: 'Đồng hồ', boardIds: Object.keys(zones), defaultPlaylistId: 'dong-ho' }, clock);
    });
    const compiled = await c.ctx.services.publisher.recompile(Object.keys(zones));
    for (const m of compiled) {
      const clockItem = m.segments.flatMap((s) => (s.kind === 'play' ? s.items : [])).find((i) => i.type === 'clock');
      expect(clockItem).toMatchObject({ type: 'clock', timeZone: zones[m.boardId as keyof typeof zones] });
    }
  });
});

describe('a change committed by another process while boards compile', () => {
  // 1,000 boards compile in two chunks (250, then 750); each chunk's inputs are read while the one
  // before it compiles. The change (another controller process's, committed with its audit record)
  // lands just before the first or the second chunk is saved: what was compiled or read before it
  // is compiled again. Boards saved before it keep what was right then (the other process's own
  // compile follows its change); every board saved after it has the state after it.
  const ids = Array.from({ length: 1000 }, (_, i) => `xa-${String(i).padStart(4, '0')}`);
  for (const at of [1, 2]) {
    it(`leaves no board saved after it with a manifest of the state before it (the change before save ${at})`, async () => {
      const { store } = c.ctx;
      const { publisher } = c.ctx.services;
      const group = `xa-${at}`;
      const loop = (defaultPlaylistId: string | null) => store.transaction((tx) => tx.groups.save({ id: group, name: 'Xã', boardIds: ids, defaultPlaylistId }, clock));
      await store.transaction(async (tx) => {
        for (const id of ids) if (!(await tx.boards.get(id))) await tx.boards.insert({ id, name: id, width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, clock);
      });
      // Every board's version with the group's loop and without it.
      await loop(SEED_PLAYLIST_ID);
      const withLoop = new Map((await publisher.recompile(ids)).map((m) => [m.boardId, m.version]));
      await loop(null);
      const without = new Map((await publisher.recompile(ids)).map((m) => [m.boardId, m.version]));
      expect([...without].filter(([id, v]) => withLoop.get(id) === v)).toEqual([]);

      // The loop again, compiled by this process; the other process drops it during that compile.
      await loop(SEED_PLAYLIST_ID);
      let savedBefore = new Set<string>();
      const transaction = store.transaction.bind(store);
      let saves = 0;
      store.transaction = (async (fn: never, opts?: { durable?: boolean }) => {
        if (opts?.durable === false && ++saves === at) {
          savedBefore = new Set([...(await store.manifests.versionsOf(ids))].filter(([id, v]) => withLoop.get(id) === v).map(([id]) => id));
          await transaction(async (tx) => {
            await tx.groups.save({ id: group, name: 'Xã', boardIds: ids, defaultPlaylistId: null }, clock);
            await tx.audit.append({ at: clock, actor: { kind: 'system', id: null, name: 'other process', roles: [], ip: null }, action: 'group.save', target: { kind: 'group', id: group } });
          });
        }
        return transaction(fn, opts as never);
      }) as typeof store.transaction;
      let compiled: Manifest[];
      try {
        compiled = await publisher.recompile(ids);
      } finally {
        store.transaction = transaction;
      }
      expect(saves).toBeGreaterThan(at);
      expect(savedBefore.size).toBe(at === 1 ? 0 : 250);
      const expected = new Map(ids.map((id) => [id, savedBefore.has(id) ? withLoop.get(id) : without.get(id)]));
      // What was returned, saved and (for a player) pushed.
      expect(new Map(compiled.map((m) => [m.boardId, m.version]))).toEqual(expected);
      expect(await store.manifests.versionsOf(ids)).toEqual(expected);
    });
  }
});

describe('a manifest saved before contents were shared', () => {
  it('reads back whole after the migration, and the board keeps its version', async () => {
    const legacy: Manifest = {
      schemaVersion: 3,
      boardId: 'cu',
      version: 'a'.repeat(64),
      generatedAt: 1_700_000_000_000,
      board: { width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' },
      horizon: { from: 1_700_000_000_000, to: 1_700_172_800_000 },
      segments: [],
      brightness: [],
      fallback: null,
    };
    const { store, close } = await migrateOver(legacy);
    try {
      expect(await store.manifests.latest('cu')).toEqual(legacy);
      expect(await store.manifests.versionsOf(['cu'])).toEqual(new Map([['cu', legacy.version]]));
    } finally {
      await close();
    }
  });
});
