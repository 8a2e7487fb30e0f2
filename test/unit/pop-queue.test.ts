import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, MAX_PENDING, MemoryPopStore, PopQueue } from '../../player/src/pop-queue.ts';
import type { PopRecord } from '../../player/src/pop-queue.ts';

const rec = (i: number): PopRecord => ({ id: `r${i}`, boardId: 'b', slideId: 's', sha256: 'x'.repeat(64), layer: 'campaign', entryIds: ['e'], startedAt: 1000 + i * 10, endedAt: 1005 + i * 10 });

/** A controller that stores by id (duplicates once) and can be switched off. */
function controller() {
  const stored = new Map<string, PopRecord>();
  let up = true;
  const batches: number[] = [];
  return {
    stored,
    batches,
    set up(v: boolean) {
      up = v;
    },
    send: async (batch: PopRecord[]) => {
      if (!up) throw new Error('offline');
      batches.push(batch.length);
      for (const r of batch) if (!stored.has(r.id)) stored.set(r.id, r);
      return batch.map((r) => r.id);
    },
  };
}

describe('proof-of-play queue', () => {
  it('sends in batches and empties the store once confirmed', async () => {
    const c = controller();
    const store = new MemoryPopStore();
    const q = new PopQueue(store, c.send);
    for (let i = 0; i < 450; i++) await q.record(rec(i));
    expect(await q.flush()).toBe(450);
    expect(c.batches).toEqual([BATCH_SIZE, BATCH_SIZE, 50]);
    expect(await store.count()).toBe(0);
    expect(c.stored.size).toBe(450);
  });

  it('keeps records through an outage and delivers each exactly once after it', async () => {
    const c = controller();
    const store = new MemoryPopStore();
    const q = new PopQueue(store, c.send);
    c.up = false;
    for (let i = 0; i < 30; i++) await q.record(rec(i));
    expect(await q.flush()).toBe(0);
    expect(await store.count()).toBe(30);
    c.up = true;
    expect(await q.flush()).toBe(30);
    expect(c.stored.size).toBe(30);
  });

  it('stores a batch sent twice (lost acknowledgement) once', async () => {
    const c = controller();
    const store = new MemoryPopStore();
    let lose = true;
    const q = new PopQueue(store, async (batch) => {
      const ids = await c.send(batch);
      if (lose) {
        lose = false;
        throw new Error('ack lost');
      }
      return ids;
    });
    for (let i = 0; i < 5; i++) await q.record(rec(i));
    await q.flush(); // delivered, but the box never heard back
    expect(await store.count()).toBe(5);
    await q.flush(); // sent again
    expect(await store.count()).toBe(0);
    expect(c.stored.size).toBe(5);
    expect(c.batches).toEqual([5, 5]);
  });

  it('does not run two flushes at once', async () => {
    const c = controller();
    const q = new PopQueue(new MemoryPopStore(), c.send);
    for (let i = 0; i < 3; i++) await q.record(rec(i));
    const [a, b] = await Promise.all([q.flush(), q.flush()]);
    expect(a).toBe(3);
    expect(b).toBe(3);
    expect(c.batches).toEqual([3]);
  });

  it('ignores empty displays and, past its cap, drops the oldest records', async () => {
    const store = new MemoryPopStore();
    const q = new PopQueue(store, async () => [], 10);
    await q.record({ ...rec(1), endedAt: rec(1).startedAt });
    expect(await store.count()).toBe(0);
    for (let i = 0; i < 25; i++) await q.record(rec(i));
    expect((await store.oldest(100)).map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i + 15}`));
    expect(MAX_PENDING).toBeGreaterThanOrEqual(10_000);
  });
});
