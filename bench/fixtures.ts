// Shared set-up for the benchmarks: a controller on a temporary data dir with N boards of the
// gateway sizes in one group, the seed campaign scheduled on the group, and a paired device each.
import { DEFAULT_HEAP_GROWTH_PERCENT, limitHeapGrowth } from '../controller/heap.ts';
import { systemActor } from '../controller/services/actor.ts';
import type { TestController } from '../test/helpers/controller.ts';
import { startController } from '../test/helpers/controller.ts';
import { createTestDatabase } from '../test/helpers/postgres.ts';

export const GROUP = 'bench';
export const SIZES = [
  [576, 288],
  [1216, 400],
] as const;

/** `--postgres` on a benchmark's command line: its controllers run on PostgreSQL (a database of their own, dropped after). */
export const ON_POSTGRES = process.argv.includes('--postgres');

/** A controller for a benchmark, on SQLite or (ON_POSTGRES) on a fresh PostgreSQL database dropped at close. */
export async function benchStart(opts: Omit<NonNullable<Parameters<typeof startController>[0]>, 'databaseUrl'> = {}): Promise<TestController> {
  // As the controller's process sets it at start (controller/server.ts, HEAP_GROWTH_PERCENT): this
  // benchmark's process is the controller.
  limitHeapGrowth(Number(process.env.HEAP_GROWTH_PERCENT ?? DEFAULT_HEAP_GROWTH_PERCENT));
  if (!ON_POSTGRES) return startController({ ...opts, databaseUrl: null });
  const database = await createTestDatabase();
  const c = await startController({ ...opts, databaseUrl: database.url });
  const close = c.close.bind(c);
  c.close = async (opts) => {
    await close(opts);
    await database.drop();
  };
  return c;
}

export async function benchController(boards: number): Promise<{ c: TestController; tokens: Map<string, string> }> {
  const c = await benchStart();
  const { store } = c.ctx;
  const { pairing } = c.ctx.services;
  const setup = systemActor('bench set-up');
  const now = Date.now();
  const ids: string[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < boards; i++) {
      const [width, height] = SIZES[i % SIZES.length]!;
      const id = `bang-${String(i).padStart(5, '0')}`;
      await tx.boards.insert({ id, name: `Bảng ${i}`, width, height, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, now);
      ids.push(id);
    }
    await tx.groups.save({ id: GROUP, name: 'Bench', boardIds: ids, defaultPlaylistId: 'hien-ke-2020' }, now);
  });
  const tokens = new Map<string, string>();
  // Each pairing is its own audited change (the services open their own transactions).
  for (const id of ids) tokens.set(id, (await pairing.redeemGrant((await pairing.createGrant(setup, id)).grant, null)).token);
  return { c, tokens };
}

export { percentile } from './percentile.ts';

export function machine(): string {
  // Imported lazily: this module is also loaded by the client process.
  return `${process.platform} ${process.arch}, node ${process.version}`;
}
