// A push lost on the way (a Redis restart between processes, a socket dropping as it was sent) is
// caught by the player's next heartbeat: a board that reports an older version and never
// acknowledged the latest is sent it again — once it is old enough not to be still in flight.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../controller/services/actor.ts';
import { RESEND_AFTER_MS } from '../../controller/services/telemetry.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import { adminApi } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';

let c: TestController;
let clock = Date.now();
const api = adminApi(() => c);

// Heartbeats the controller is still handling (on PostgreSQL a handler's queries take turns of
// the event loop; its answer, if any, follows them).
const handling = new Set<Promise<unknown>>();

beforeAll(async () => {
  c = await startController({ now: () => clock });
  const { telemetry } = c.ctx.services;
  const heartbeat = telemetry.heartbeat.bind(telemetry);
  telemetry.heartbeat = (...args) => {
    const p = heartbeat(...args);
    handling.add(p);
    void p.finally(() => handling.delete(p));
    return p;
  };
  expect((await api('POST', '/api/slides', { id: 'giam-toc', kind: 'text', text: 'Giảm tốc độ – Chú ý an toàn giao thông' })).statusCode).toBe(201);
  expect((await api('PUT', '/api/playlists/an-toan', { name: 'An toàn giao thông', items: [{ slideId: 'giam-toc' }] })).statusCode).toBe(200);
});
afterAll(async () => {
  await c.close();
});

function heartbeat(socket: Socket, version: string): void {
  socket.emit('heartbeat', { version, slideId: null, black: false, clockOffsetMs: 0, rttMs: 1, uptimeS: 1, screen: { width: 576, height: 288 }, userAgent: 'test', lastError: null });
}

/**
 * Every manifest the socket received once the controller handled the heartbeats sent (a later
 * request answered after that: events on one socket keep their order).
 */
async function received(socket: Socket, got: Manifest[]): Promise<string[]> {
  await new Promise((resolve) => socket.emit('time:sync', resolve));
  while (handling.size) await Promise.allSettled([...handling]);
  await new Promise((resolve) => socket.emit('time:sync', resolve));
  return got.map((m) => m.version);
}

describe('a heartbeat behind the latest version', () => {
  it('gets the latest manifest again, only when it was never acknowledged and is not still in flight', async () => {
    const board = c.first!.boardId;
    const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), board)).grant, null);
    const socket = connect(c.url, '/player', { token });
    try {
      const first = await nextEvent<Manifest>(socket, 'manifest');
      socket.emit('ack', { version: first.version, state: 'delivered' });
      socket.emit('ack', { version: first.version, state: 'ready' });
      const got: Manifest[] = [];
      socket.on('manifest', (m: Manifest) => got.push(m));

      // A new version, whose push this player "lost": it never acknowledges it.
      expect((await api('POST', '/api/schedule-entries', { id: 'an-toan', playlistId: 'an-toan', targets: { boardIds: [board] }, layer: 'interrupt' })).statusCode).toBe(201);
      const latest = (await c.ctx.store.manifests.latest(board))!;
      expect(latest.version).not.toBe(first.version);
      await expect.poll(() => got.length).toBe(1);
      got.length = 0;

      // Just published: the push may still be on its way, so nothing is sent again.
      heartbeat(socket, first.version);
      expect(await received(socket, got)).toEqual([]);

      // Later, still on the old version and never acknowledged: sent again.
      clock += RESEND_AFTER_MS;
      heartbeat(socket, first.version);
      expect(await received(socket, got)).toEqual([latest.version]);

      // Once the player says it holds it, no more.
      socket.emit('ack', { version: latest.version, state: 'delivered' });
      clock += RESEND_AFTER_MS;
      heartbeat(socket, first.version);
      heartbeat(socket, latest.version);
      expect(await received(socket, got)).toEqual([latest.version]);
    } finally {
      socket.close();
    }
  });
});
