// Reports written in batches: while one batch is written, what arrives waits and then goes in one
// next batch (not in as many small ones queued behind it); a board's second report waits for the
// batch after its first; a failed write fails its own batch only.
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../controller/services/batcher.ts';

/** A write that records each batch and waits until the test lets it finish. */
function gatedWriter<T>() {
  const batches: T[][] = [];
  const gates: (() => void)[] = [];
  let started: (() => void) | null = null;
  const write = async (items: T[]): Promise<string[]> => {
    batches.push(items);
    started?.();
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((i) => `written ${String(i)}`);
  };
  const nextStart = () => new Promise<void>((resolve) => (started = resolve));
  const release = () => gates.shift()!();
  return { batches, write, nextStart, release };
}

describe('Batcher', () => {
  it('writes what arrived during a write as one next batch, and answers each item', async () => {
    const w = gatedWriter<number>();
    const batcher = new Batcher<number, string>(w.write);
    let first = w.nextStart();
    const a = batcher.push(1);
    await first;
    // Arriving over several turns of the event loop while the first is written.
    const rest: Promise<string>[] = [];
    for (const n of [2, 3, 4, 5]) {
      rest.push(batcher.push(n));
      await new Promise((r) => setImmediate(r));
    }
    expect(w.batches).toEqual([[1]]);
    first = w.nextStart();
    w.release();
    expect(await a).toBe('written 1');
    await first;
    expect(w.batches).toEqual([[1], [2, 3, 4, 5]]);
    w.release();
    expect(await Promise.all(rest)).toEqual(['written 2', 'written 3', 'written 4', 'written 5']);
    await batcher.idle();
    expect(w.batches).toHaveLength(2);
  });

  it('holds one item per key in a batch; the others go in the next', async () => {
    const batches: string[][] = [];
    const batcher = new Batcher<string>(
      async (items) => {
        batches.push(items);
        return items.map(() => undefined);
      },
      (item) => item.split(':')[0]!,
    );
    await Promise.all(['a:1', 'a:2', 'b:1', 'a:3'].map((i) => batcher.push(i)));
    expect(batches).toEqual([['a:1', 'b:1'], ['a:2'], ['a:3']]);
  });

  it('fails the items of a failed write only; the next batch is written', async () => {
    const written: string[] = [];
    const batcher = new Batcher<string>(async (items) => {
      if (items.includes('bad')) throw new Error('database out of reach');
      written.push(...items);
      return items.map(() => undefined);
    });
    const bad = batcher.push('bad');
    const sameBatch = batcher.push('with-bad');
    await expect(bad).rejects.toThrow('database out of reach');
    await expect(sameBatch).rejects.toThrow('database out of reach');
    await batcher.push('good');
    expect(written).toEqual(['good']);
  });

  it('written() waits for every item pushed before it, and not for later ones', async () => {
    const w = gatedWriter<number>();
    const batcher = new Batcher<number, string>(w.write);
    const started = w.nextStart();
    void batcher.push(1);
    await started;
    let done = false;
    const waiting = batcher.written().then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    const second = w.nextStart();
    void batcher.push(2);
    w.release();
    await waiting;
    expect(done).toBe(true);
    await second;
    w.release();
    await batcher.idle();
  });

  it('add() resolves with its batch, rejects with a failed one, and the next batch is still written', async () => {
    const written: string[][] = [];
    const batcher = new Batcher<string>(async (items) => {
      written.push(items);
      if (items.includes('bad')) throw new Error('database out of reach');
      return items.map(() => undefined);
    });
    const outcomes = await Promise.allSettled([batcher.add('x'), batcher.add('bad'), batcher.add('y')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(batcher.add('after')).resolves.toBeUndefined();
    expect(written).toEqual([['x', 'bad', 'y'], ['after']]);
  });

  it('written() waits for items a key sent to a later batch', async () => {
    const batches: string[][] = [];
    const batcher = new Batcher<string>(
      async (items) => {
        batches.push(items);
        await new Promise((r) => setImmediate(r));
        return items.map(() => undefined);
      },
      (item) => item.split(':')[0]!,
    );
    for (const i of ['a:1', 'a:2', 'a:3']) void batcher.add(i);
    await batcher.written();
    expect(batches).toEqual([['a:1'], ['a:2'], ['a:3']]);
  });
});
