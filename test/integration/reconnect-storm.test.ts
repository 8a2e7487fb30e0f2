// A reconnect storm (a power cut ends, the controller restarts) brings thousands of players back
// within seconds. Their handshakes' device tokens and their boards' manifests are read together,
// a few queries for many players: each player must still get exactly its own answer — its own
// board's manifest, and a refusal for a revoked or unknown token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../controller/services/actor.ts';
import { DevicesRepo } from '../../controller/store/devices-repo.ts';
import { ManifestsRepo } from '../../controller/store/manifests-repo.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, connectError, nextEvent } from '../helpers/sockets.ts';

let c: TestController;
const BOARDS = Array.from({ length: 12 }, (_, i) => `cong-${i + 1}`);
const tokens = new Map<string, string>();
let revoked = '';

/** The lengths of the lists a repository method was called with, while counting. */
function countCalls<R extends object>(repo: R, name: keyof R & string, raw: (...args: never[]) => Promise<unknown>): number[] {
  const calls: number[] = [];
  // An async function on the repository: the store gates it like its own methods.
  (repo as Record<string, unknown>)[name] = async function (this: R, list: readonly unknown[]) {
    calls.push(list.length);
    return raw.call(this, list as never);
  };
  return calls;
}

beforeAll(async () => {
  c = await startController();
  const setup = systemActor('test');
  await c.ctx.store.transaction(async (tx) => {
    for (const [i, id] of BOARDS.entries()) await tx.boards.insert({ id, name: `Cổng ${i + 1}`, width: i % 2 ? 1216 : 576, height: i % 2 ? 400 : 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, Date.now());
  });
  for (const id of BOARDS) tokens.set(id, (await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(setup, id)).grant, null)).token);
  // Every board but the last has a saved manifest; the last is compiled when its player connects.
  await c.ctx.services.publisher.recompile(BOARDS.slice(0, -1));
  const gone = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(setup, BOARDS[0]!)).grant, null);
  await c.ctx.services.pairing.revokeDevice(setup, gone.deviceId);
  revoked = gone.token;
});
afterAll(async () => {
  await c.close();
});

describe('players connecting together', () => {
  it('are authenticated in one lookup, each with its own device; revoked and unknown tokens refused', async () => {
    const calls = countCalls(c.ctx.store.devices, 'byTokenHashes', DevicesRepo.prototype.byTokenHashes);
    const presented = [...BOARDS.map((b) => tokens.get(b)!), revoked, 'lgd_not-a-token-of-anyone'];
    // Handshakes in one turn of the event loop.
    const devices = await Promise.all(presented.map((t) => c.ctx.services.pairing.authenticateDevice(t, '10.0.0.9')));
    expect(calls).toEqual([presented.length]);
    expect(devices.slice(0, BOARDS.length).map((d) => d?.boardId)).toEqual(BOARDS);
    expect(new Set(devices.slice(0, BOARDS.length).map((d) => d!.deviceId)).size).toBe(BOARDS.length);
    expect(devices.slice(BOARDS.length)).toEqual([undefined, undefined]);
  });

  it('get their own boards’ manifests from one read, a board never compiled compiled then', async () => {
    const calls = countCalls(c.ctx.store.manifests, 'latestMany', ManifestsRepo.prototype.latestMany);
    const devices = await Promise.all(BOARDS.map((b) => c.ctx.services.pairing.authenticateDevice(tokens.get(b)!)));
    const manifests = await Promise.all(devices.map((d) => c.ctx.services.telemetry.connected(d!)));
    expect(manifests.map((m) => m.boardId)).toEqual(BOARDS);
    expect(manifests.map((m) => m.board.width)).toEqual(BOARDS.map((_, i) => (i % 2 ? 1216 : 576)));
    // One read for the twelve; the board never compiled was compiled (and read once more on the way).
    expect(calls[0]).toBe(BOARDS.length);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(await c.ctx.store.manifests.versionsOf(BOARDS)).toEqual(new Map(manifests.map((m) => [m.boardId, m.version])));
  });

  it('over real sockets: each player receives its own board’s manifest; a revoked token is refused', async () => {
    const sockets = BOARDS.map((b) => connect(c.url, '/player', { token: tokens.get(b)! }));
    const refused = connect(c.url, '/player', { token: revoked });
    const refusal = connectError(refused);
    try {
      const got = await Promise.all(sockets.map((s) => nextEvent<{ boardId: string }>(s, 'manifest')));
      expect(got.map((m) => m.boardId)).toEqual(BOARDS);
      expect((await refusal).message).toBe('unauthorized');
    } finally {
      for (const s of [...sockets, refused]) s.close();
    }
  });
});
