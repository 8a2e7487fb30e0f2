// /player: a paired player's connection. Its device token is checked before it may join its
// board's room; it gets its own board's manifest at once and every new version as it is
// published, and reports what it holds (delivered), has cached (ready), shows (heartbeats) and
// showed (proof of play) — for its own board only.
import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Manifest } from '../../playlists/manifest.ts';
import { PLAYER_NAMESPACE } from '../../playlists/protocol.ts';
import type { PlayerClientToServerEvents, PlayerServerToClientEvents } from '../../playlists/protocol.ts';
import type { Actor } from '../services/actor.ts';
import type { Services } from '../services/index.ts';
import { logged, loggedMiddleware } from './logged.ts';
import { frameManifests } from './manifest-wire.ts';

type PlayerSocketData = Actor & { kind: 'device' };
type PlayerSocket = Socket<PlayerClientToServerEvents, PlayerServerToClientEvents, Record<string, never>, PlayerSocketData>;

export const boardRoom = (boardId: string) => `board:${boardId}`;
const deviceRoom = (deviceId: string) => `device:${deviceId}`;

export function registerPlayerNamespace(io: Server, services: Services, log: FastifyBaseLogger): () => void {
  const nsp = io.of(PLAYER_NAMESPACE) as unknown as Namespace<PlayerClientToServerEvents, PlayerServerToClientEvents, Record<string, never>, PlayerSocketData>;
  // A publish sends a thousand boards the same content: its frame's bytes are made once.
  frameManifests(nsp.adapter);

  nsp.use(loggedMiddleware(log, 'player handshake failed', async (socket: PlayerSocket, next) => {
    const device = await services.pairing.authenticateDevice((socket.handshake.auth as { token?: unknown }).token, socket.handshake.address ?? null);
    if (!device) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', vi: 'Thiết bị chưa ghép nối hoặc đã bị thu hồi.', en: 'This device is not paired or was revoked.' };
      return next(err);
    }
    socket.data = device;
    next();
  }));

  // Acknowledgements written together share one promise (their batch's): a failed write is logged
  // once, not once for each of the thousand acknowledgements in it.
  const acksWatched = new WeakSet<Promise<void>>();
  nsp.on('connection', logged(log, 'player connection failed', async (socket: PlayerSocket) => {
    const device = socket.data;
    const { telemetry } = services;
    socket.on('ack', (payload: unknown) => {
      const written = telemetry.ack(device, payload);
      if (acksWatched.has(written)) return;
      acksWatched.add(written);
      written.catch((err: unknown) => log.error({ err }, 'player acks failed'));
    });
    socket.on(
      'heartbeat',
      logged(log, 'player heartbeat failed', async (payload: unknown) => {
        const missed = await telemetry.heartbeat(device, payload);
        if (missed) socket.emit('manifest', missed);
      }),
    );
    socket.on(
      'pop',
      logged(log, 'player proof of play failed', async (payload: unknown, callback: unknown) => {
        if (typeof callback !== 'function') return;
        const handled = await telemetry.playRecords(device, payload);
        if (handled) (callback as (ids: string[]) => void)(handled);
      }),
    );
    socket.on('time:sync', (callback) => {
      if (typeof callback === 'function') callback(services.now());
    });
    await socket.join([boardRoom(device.boardId), deviceRoom(device.deviceId)]);
    try {
      socket.emit('manifest', await telemetry.connected(device));
    } catch (e) {
      log.error({ err: e, boardId: device.boardId }, 'could not compile the manifest for a connecting player');
    }
  }));

  const onManifest = (manifest: Manifest) => nsp.to(boardRoom(manifest.boardId)).emit('manifest', manifest);
  const onRevoked = (deviceId: string) => nsp.in(deviceRoom(deviceId)).disconnectSockets(true);
  services.events.on('manifest', onManifest);
  services.events.on('device-revoked', onRevoked);
  return () => {
    services.events.off('manifest', onManifest);
    services.events.off('device-revoked', onRevoked);
  };
}
