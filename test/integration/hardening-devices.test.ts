// What a paired device may store (defect 10 of the hardening issue): proof of play is checked
// record by record — it must be a showing that could have happened — and a device is slowed to
// what a real board could send; what is not taken is not acknowledged, so a real player resends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { systemActor } from '../../controller/services/actor.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
const SHA = 'a'.repeat(64);
let c: TestController;
let player: Socket;

beforeAll(async () => {
  c = await startController();
  const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), BOARD)).grant, null);
  player = connect(c.url, '/player', { token });
  await nextEvent(player, 'manifest');
});
afterAll(async () => {
  player?.close();
  await c.close();
});

const record = (id: string, startedAt: number, endedAt: number) => ({ id, boardId: BOARD, slideId: 'khau-hieu', sha256: SHA, layer: 'campaign', entryIds: ['demo-hien-ke-2020'], startedAt, endedAt });
const send = (batch: unknown[]) => new Promise<string[]>((resolve) => player.emit('pop', batch, resolve));
const stored = async () => (await c.ctx.store.sql.column('SELECT id FROM proof_of_play ORDER BY id')) as string[];

describe('proof of play from a device', () => {
  it('stores only showings that could have happened, acknowledging the rest so the box forgets them', async () => {
    const now = Date.now();
    const acked = await send([
      record('pop-ok-0000001', now - 16_000, now - 8_000),
      record('pop-epoch-00001', 0, 1e15),
      record('pop-backwards-1', now - 8_000, now - 16_000),
      record('pop-future-0001', now + 3_600_000, now + 3_608_000),
      record('pop-ancient-001', now - 90 * 86_400_000, now - 90 * 86_400_000 + 8_000),
      record('pop-toolong-001', now - 5 * 3_600_000, now - 1_000),
    ]);
    expect(acked).toHaveLength(6);
    expect(await stored()).toEqual(['pop-ok-0000001']);
  });

  it('slows a device sending more than a board could, without losing what it sends later', async () => {
    const now = Date.now();
    let taken = 0;
    for (let b = 0; b < 12; b++) {
      const batch = Array.from({ length: 500 }, (_, i) => record(`pop-flood-${String(b * 500 + i).padStart(6, '0')}`, now - 60_000, now - 52_000));
      taken += (await send(batch)).length;
    }
    // The bucket holds 5,000 (less the one stored above); a little refills during the test.
    expect(taken).toBeGreaterThanOrEqual(4999);
    expect(taken).toBeLessThan(6000);
    expect((await stored()).length).toBe(1 + taken);
  });
});
