// The store's transactions over the one SQLite connection: all or nothing, nested as savepoints,
// statements from outside queued behind an open transaction, the misuse guard, StoreConflict.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../playlists/board.ts';
import { openDatabase } from '../../controller/store/database.ts';
import type { Db } from '../../controller/store/database.ts';
import { createStore, StoreConflict } from '../../controller/store/index.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { AuditService } from '../../controller/services/audit.ts';
import { Door } from '../../controller/services/door.ts';
import { Events } from '../../controller/services/events.ts';
import type { Store } from '../../controller/store/index.ts';

const board = (id: string): Board => ({ id, name: `Bảng ${id}`, width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 });
const GUARD = /store used outside its transaction while the transaction is open — use the tx passed to the function/;

let dir: string;
let db: Db;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-store-'));
  db = openDatabase(dir);
  store = createStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('store transactions', () => {
  it('commits what the function wrote and returns its result', async () => {
    const result = await store.transaction(async (tx) => {
      await tx.boards.insert(board('a'), 1);
      await tx.setState('k', 'v');
      return 42;
    });
    expect(result).toBe(42);
    expect((await store.boards.get('a'))?.name).toBe('Bảng a');
    expect(await store.getState('k')).toBe('v');
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back everything when the function throws, and rethrows', async () => {
    const boom = new Error('boom');
    await expect(
      store.transaction(async (tx) => {
        await tx.boards.insert(board('a'), 1);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.boards.get('a')).toBeUndefined();
    expect(db.inTransaction).toBe(false);
    // The store is usable afterwards.
    await store.transaction((tx) => tx.boards.insert(board('b'), 1));
    expect(await store.boards.ids()).toEqual(['b']);
  });

  it('nests a transaction opened on tx as a savepoint: the inner one rolls back alone', async () => {
    await store.transaction(async (tx) => {
      await tx.boards.insert(board('outer'), 1);
      await expect(
        tx.transaction(async (inner) => {
          await inner.boards.insert(board('inner'), 1);
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await tx.transaction((inner) => inner.boards.insert(board('kept'), 1));
    });
    expect(await store.boards.ids()).toEqual(['kept', 'outer']);
  });

  it('an outer failure undoes a released savepoint too', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.transaction((inner) => inner.boards.insert(board('inner'), 1));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await store.boards.ids()).toEqual([]);
  });

  it('refuses the outer store inside its own transaction instead of waiting for ever', async () => {
    await expect(
      store.transaction(async () => {
        await store.boards.get('a');
      }),
    ).rejects.toThrow(GUARD);
    await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(GUARD);
    // After the transaction the outer store works again.
    expect(await store.boards.ids()).toEqual([]);
  });

  it('runs statements from outside after an open transaction, in the order they came', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = store.transaction(async (t) => {
      await t.boards.insert(board('a'), 1);
      order.push('tx wrote');
      await gate;
      order.push('tx done');
    });
    // Let the transaction begin.
    await new Promise((r) => setImmediate(r));
    const read = store.boards.ids().then((ids) => {
      order.push(`read ${ids.join(',')}`);
    });
    const write = store.boards.insert(board('b'), 2).then(() => {
      order.push('write');
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['tx wrote']);
    release();
    await Promise.all([tx, read, write]);
    // The read saw the committed transaction, not half of it; the write came after the read.
    expect(order).toEqual(['tx wrote', 'tx done', 'read a', 'write']);
  });

  it('queues transactions one after another', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = store.transaction(async (tx) => {
      await held;
      await tx.setState('n', '1');
      order.push('first');
    });
    const second = store.transaction(async (tx) => {
      order.push(`second sees ${await tx.getState('n')}`);
    });
    // The second is queued while the first is open.
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second sees 1']);
  });

  it('turns a uniqueness violation into a StoreConflict, and rolls back', async () => {
    await store.boards.insert(board('a'), 1);
    const attempt = store.transaction(async (tx) => {
      await tx.boards.insert(board('b'), 1);
      await tx.boards.insert(board('a'), 1);
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreConflict);
    expect(await store.boards.ids()).toEqual(['a']);
  });

  it('turns one outside a transaction into a StoreConflict too: a 409 in both languages, whatever the engine says', async () => {
    await store.boards.insert(board('a'), 1);
    const err = await store.boards.insert(board('a'), 1).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StoreConflict);
    expect(err).toMatchObject({ statusCode: 409, code: 'conflict', messages: { vi: expect.stringContaining('Xung đột') as string, en: expect.stringContaining('conflicts') as string } });
    expect(String((err as Error).message)).not.toMatch(/SQLITE|UNIQUE/);
  });
});

describe('the audit chain under concurrent changes', () => {
  it('stays one unbroken chain when many changes pass the door at once, and a refused one leaves no record', async () => {
    const door = new Door(store, new Events(), Date.now);
    const actor = systemActor('test');
    const changes = Array.from({ length: 40 }, (_, i) =>
      door.pass(actor, null, async (tx) => {
        await tx.boards.insert(board(`b${i}`), i);
        // Yield mid-transaction: the others must wait, not interleave.
        await new Promise((r) => setImmediate(r));
        return { action: 'board.create', target: { kind: 'board', id: `b${i}` }, after: { i }, result: i };
      }),
    );
    const duplicate = door.pass(actor, null, async (tx) => {
      await tx.boards.insert(board('b0'), 0);
      return { action: 'board.create', target: { kind: 'board', id: 'b0' }, result: -1 };
    });
    expect(await Promise.all(changes)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await expect(duplicate).rejects.toMatchObject({ statusCode: 409 });
    const verdict = await new AuditService(store).verify();
    expect(verdict).toMatchObject({ ok: true, records: 40, breaks: 0 });
    expect((await store.audit.query({})).map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
