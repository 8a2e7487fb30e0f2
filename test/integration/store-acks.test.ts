// Acknowledgements are written in sets (a publish brings one or two from every board at once): the
// set statements must leave each board's delivery state exactly as writing them one by one does,
// whatever order they came in. On both engines (the suite runs on SQLite and PostgreSQL).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../controller/store/boards-repo.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

let c: TestController;
const BOARDS = ['a', 'b', 'c'];

beforeAll(async () => {
  c = await startController({ listen: false });
  const now = Date.now();
  for (const side of ['one', 'set']) for (const b of BOARDS) await c.ctx.store.boards.insert({ id: `${side}-${b}`, name: `${side} ${b}`, width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, now);
});
afterAll(async () => {
  await c?.close();
});

const ackArb = fc.record({ board: fc.constantFrom(...BOARDS), state: fc.constantFrom<'delivered' | 'ready'>('delivered', 'ready'), version: fc.constantFrom('v1', 'v2', 'v3'), at: fc.integer({ min: 1, max: 1000 }) });

describe('recordAcks', () => {
  it('leaves every board as recording the same acknowledgements one by one does', async () => {
    const { store } = c.ctx;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(ackArb, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), async (batches) => {
        await store.sql.run("DELETE FROM board_delivery WHERE board_id LIKE 'one-%' OR board_id LIKE 'set-%'");
        for (const batch of batches) {
          for (const a of batch) await store.boards.recordAck(`one-${a.board}`, a.state, a.version, a.at);
          await store.transaction((tx) => tx.boards.recordAcks(batch.map((a): Ack => ({ boardId: `set-${a.board}`, state: a.state, version: a.version, at: a.at }))));
        }
        for (const b of BOARDS) expect(await store.boards.delivery(`set-${b}`), b).toEqual(await store.boards.delivery(`one-${b}`));
      }),
      { numRuns: 150 },
    );
  });
});
