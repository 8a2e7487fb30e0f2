// The installation on PostgreSQL as an operator meets it: an existing SQLite installation copied
// over with `npm run cli -- migrate-to-postgres` and run from there (boards, slides, accounts,
// audit trail, what the boards play, the pictures), and two processes with disks of their own on
// one database, each serving what the other drew or received.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { cli } from '../helpers/cli.ts';
import { startController, tempDataDir } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';

const databases: TestDatabase[] = [];
const controllers: TestController[] = [];
afterAll(async () => {
  for (const c of controllers.reverse()) await c.close().catch(() => {});
  for (const d of databases) await d.drop();
});

async function database(): Promise<TestDatabase> {
  const d = await createTestDatabase();
  databases.push(d);
  return d;
}

async function controller(opts: Parameters<typeof startController>[0]): Promise<TestController> {
  const c = await startController({ listen: false, ...opts });
  controllers.push(c);
  return c;
}

const call = (c: TestController, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

const picture = () =>
  sharp({ create: { width: 1200, height: 600, channels: 3, background: { r: 180, g: 20, b: 30 } } })
    .composite([{ input: Buffer.from('<svg width="400" height="400"><polygon points="200,20 250,160 390,160 280,240 320,380 200,300 80,380 120,240 10,160 150,160" fill="yellow"/></svg>'), top: 100, left: 400 }])
    .jpeg()
    .toBuffer();

const upload = async (c: TestController, bytes: Buffer) => {
  const res = await c.app.inject({ method: 'POST', url: '/api/media?name=co.jpg', payload: bytes, headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'image/jpeg' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; thumbnailUrl: string }>();
};

const imagesOf = (m: Manifest): string[] => [...new Set(JSON.stringify(m).match(/\/media\/[0-9a-f]{64}\.(png|webp)/g) ?? [])];

describe('migrate-to-postgres', () => {
  it('copies a populated SQLite installation, counts every table on both sides, and the controller runs on it', async () => {
    // An installation in use, on SQLite.
    const lite = await controller({ databaseUrl: null });
    const board = lite.first!.boardId;
    const media = await upload(lite, await picture());
    expect((await call(lite, 'POST', '/api/slides', { id: 'co-to-quoc', kind: 'image', mediaId: media.id, fit: 'contain', background: '#000000' })).statusCode).toBe(201);
    expect((await call(lite, 'PUT', '/api/playlists/hien-ke-2020', { name: 'Hiến kế', items: [{ slideId: 'khau-hieu' }, { slideId: 'co-to-quoc' }] })).statusCode).toBe(200);
    const editor = await lite.user('bien-tap', ['editor']);
    const manifest = (await call(lite, 'GET', `/api/boards/${board}/manifest`)).json<Manifest>();
    const images = imagesOf(manifest);
    expect(images.length).toBeGreaterThanOrEqual(2);
    const before = {
      boards: (await call(lite, 'GET', '/api/boards')).json<unknown>(),
      slides: (await call(lite, 'GET', '/api/slides')).json<unknown>(),
      users: (await call(lite, 'GET', '/api/users')).json<unknown>(),
      images: await Promise.all(images.map(async (url) => (await lite.app.inject({ method: 'GET', url })).rawPayload)),
    };
    const auditRecords = await lite.ctx.store.audit.count();
    const dataDir = lite.dataDir;
    await lite.close({ keepData: true });
    controllers.splice(controllers.indexOf(lite), 1);

    const target = await database();
    const copied = await cli(dataDir, 'migrate-to-postgres', '--to', target.url);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toContain(`the audit trail is intact (${auditRecords} records)`);
    const rows = new Map(copied.stdout.split('\n').map((l) => l.trim().split(/\s{2,}/)).filter((c) => c.length === 3).map(([t, a, b]) => [t!, [a, b]]));
    for (const table of ['boards', 'slides', 'playlists', 'users', 'audit_log', 'renditions', 'media_blobs', 'manifests']) {
      expect(rows.get(table), table).toBeDefined();
      expect(rows.get(table)![0], table).toBe(rows.get(table)![1]);
      expect(Number(rows.get(table)![0]), table).toBeGreaterThan(0);
    }

    // Copying again into the same database is refused: it holds data now.
    const again = await cli(dataDir, 'migrate-to-postgres', '--to', target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The target PostgreSQL database is not empty');

    // The controller on PostgreSQL, on another machine's empty disk: everything is there.
    const onPg = await controller({ databaseUrl: target.url, dataDir: tempDataDir() });
    expect((await call(onPg, 'GET', '/api/boards')).json()).toEqual(before.boards);
    expect((await call(onPg, 'GET', '/api/slides')).json()).toEqual(before.slides);
    expect((await call(onPg, 'GET', '/api/users')).json()).toEqual(expect.arrayContaining(before.users as unknown[]));
    const again2 = (await call(onPg, 'GET', `/api/boards/${board}/manifest`)).json<Manifest>();
    expect(again2.version).toBe(manifest.version);
    for (const [i, url] of images.entries()) {
      const res = await onPg.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.rawPayload.equals(before.images[i]!), url).toBe(true);
    }
    expect((await onPg.app.inject({ method: 'GET', url: media.thumbnailUrl })).statusCode).toBe(200);
    // An account signs in with its password as before.
    const login = await onPg.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'bien-tap', password: editor.password } });
    expect(login.statusCode, login.body).toBe(200);
    // New rows take new ids past the copied ones (identity sequences moved on).
    expect((await onPg.user('van-hanh', ['operator'])).token).toBeTruthy();
    expect((await onPg.ctx.services.audit.verify()).ok).toBe(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000); // two command-line runs, one of them a whole copy
});

describe('two processes on one PostgreSQL, each with its own disk', () => {
  it('serve each other\'s pictures and renditions, fetched from the database once', async () => {
    const shared = await database();
    const a = await controller({ databaseUrl: shared.url });
    const b = await controller({ databaseUrl: shared.url, dataDir: tempDataDir() });
    expect(a.dataDir).not.toBe(b.dataDir);
    const media = await upload(a, await picture());
    expect((await b.app.inject({ method: 'GET', url: media.thumbnailUrl })).statusCode).toBe(200);
    // A slide made through B from the picture A received: B draws it from the master in the database.
    expect((await call(b, 'POST', '/api/slides', { id: 'co-to-quoc', kind: 'image', mediaId: media.id, fit: 'cover', background: '#000000' })).statusCode).toBe(201);
    expect((await call(b, 'PUT', '/api/playlists/hien-ke-2020', { name: 'Hiến kế', items: [{ slideId: 'co-to-quoc' }] })).statusCode).toBe(200);
    const m = (await call(b, 'GET', `/api/boards/${a.first!.boardId}/manifest`)).json<Manifest>();
    const [image] = imagesOf(m);
    expect(image).toMatch(/\.webp$/);
    // A player connected to A fetches what B drew.
    const fromA = await a.app.inject({ method: 'GET', url: image! });
    expect(fromA.statusCode).toBe(200);
    const meta = await sharp(fromA.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 576, 288]);
    expect(fs.existsSync(`${a.dataDir}/media/${image!.slice('/media/'.length)}`)).toBe(true);
  });
});

describe('transactions of derived data on PostgreSQL', () => {
  it('commit without waiting for the disk when not durable, and a user\'s change still waits for it', async () => {
    const c = await controller({ databaseUrl: (await database()).url });
    const { store } = c.ctx;
    const setting = () => store.sql.value<string>('SHOW synchronous_commit');
    expect(await store.transaction((tx) => tx.sql.value<string>('SHOW synchronous_commit'), { durable: false })).toBe('off');
    expect(await store.transaction((tx) => tx.sql.value<string>('SHOW synchronous_commit'))).toBe('on');
    // Only for that transaction.
    expect(await setting()).toBe('on');
    // Non-atomic writes (players' acknowledgements): each statement commits by itself, no
    // transaction open around it, on a session that does not wait for the disk.
    const unsynced = { durable: false, lock: false, atomic: false };
    const twoStatements = async (tx: typeof store) => [await tx.sql.value<string>("SELECT current_setting('synchronous_commit')"), String(await tx.sql.value('SELECT pg_current_xact_id()')), String(await tx.sql.value('SELECT pg_current_xact_id()'))];
    const [commits, first, second] = await store.transaction(twoStatements, unsynced);
    expect(commits).toBe('off');
    expect(first).not.toBe(second);
    const [, inOne, sameOne] = await store.transaction(twoStatements, { durable: false, lock: false });
    expect(inOne).toBe(sameOne);
    expect(await setting()).toBe('on');
  });

  it('acknowledgements are written while a change holds the one-writer lock; another change waits for it', async () => {
    const c = await controller({ databaseUrl: (await database()).url });
    const { store } = c.ctx;
    const boardId = c.first!.boardId;
    const version = 'b'.repeat(64);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lockTaken!: () => void;
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    const order: string[] = [];
    const change = store.transaction(async () => {
      lockTaken();
      await held;
      order.push('change ends');
    });
    await taken;
    const second = store.transaction(async () => void order.push('second change'));
    await store.transaction((tx) => tx.boards.recordAcks([{ boardId, state: 'delivered', version, at: 1 }]), { durable: false, lock: false });
    // As the controller writes them: not atomic, on the connections that do not wait for the disk.
    await store.transaction((tx) => tx.boards.recordAcks([{ boardId, state: 'ready', version, at: 2 }]), { durable: false, lock: false, atomic: false });
    order.push('acks written');
    expect((await store.boards.deliveries([boardId])).get(boardId)).toMatchObject({ deliveredVersion: version, readyVersion: version });
    release();
    await Promise.all([change, second]);
    expect(order).toEqual(['acks written', 'change ends', 'second change']);
  });
});
