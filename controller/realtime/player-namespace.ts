// /player: a paired player's connection. Its device token is checked before it may join its
// board's room; it gets the current manifest at once and every new version as it is published,
// and acknowledges what it holds (delivered) and has cached (ready).
import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Manifest } from '../../playlists/manifest.ts';
import { PLAYER_NAMESPACE } from '../../playlists/protocol.ts';
import { AckSchema, HeartbeatSchema, PlayRecordSchema } from '../../playlists/protocol-schemas.ts';
import type { PlayRecord } from '../../playlists/protocol.ts';
import type { PlayerClientToServerEvents, PlayerServerToClientEvents } from '../../playlists/protocol.ts';
import type { Services } from '../services/index.ts';

interface PlayerSocketData {
  deviceId: string;
  boardId: string;
}
type PlayerSocket = Socket<PlayerClientToServerEvents, PlayerServerToClientEvents, Record<string, never>, PlayerSocketData>;

export const boardRoom = (boardId: string) => `board:${boardId}`;
const MAX_POP_BATCH = 500;
const deviceRoom = (deviceId: string) => `device:${deviceId}`;

export function registerPlayerNamespace(io: Server, services: Services, log: FastifyBaseLogger): () => void {
  const nsp = io.of(PLAYER_NAMESPACE) as unknown as Namespace<PlayerClientToServerEvents, PlayerServerToClientEvents, Record<string, never>, PlayerSocketData>;

  nsp.use((socket, next) => {
    const device = services.pairing.authenticateDevice((socket.handshake.auth as { token?: unknown }).token);
    if (!device) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', vi: 'Thiết bị chưa ghép nối hoặc đã bị thu hồi.', en: 'This device is not paired or was revoked.' };
      return next(err);
    }
    socket.data = { deviceId: device.id, boardId: device.boardId };
    next();
  });

  nsp.on('connection', async (socket: PlayerSocket) => {
    const { deviceId, boardId } = socket.data;
    services.store.devices.touch(deviceId, services.now());
    socket.on('ack', (payload) => {
      const ack = AckSchema.safeParse(payload);
      if (!ack.success) return;
      services.store.boards.recordAck(boardId, ack.data.state, ack.data.version, services.now());
      services.events.emit('delivery', boardId);
    });
    socket.on('heartbeat', (payload) => {
      const hb = HeartbeatSchema.safeParse(payload);
      if (!hb.success) return;
      services.store.boards.recordHeartbeat(boardId, hb.data.version ?? '', JSON.stringify({ ...hb.data, deviceId }), services.now());
      services.store.devices.touch(deviceId, services.now());
      services.events.emit('delivery', boardId);
    });
    socket.on('pop', (payload, callback) => {
      if (typeof callback !== 'function' || !Array.isArray(payload) || payload.length > MAX_POP_BATCH) return;
      // Record by record: one bad record must not block the queue behind it on the box. Records
      // for another board (a box re-paired since) are not this board's proof: dropped, not stored.
      const valid: PlayRecord[] = [];
      const handled: string[] = [];
      for (const raw of payload as unknown[]) {
        const r = PlayRecordSchema.safeParse(raw);
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && id.length <= 100) handled.push(id);
        if (r.success && r.data.boardId === boardId) valid.push(r.data);
      }
      services.store.plays.insert(valid, deviceId, boardId, services.now());
      callback(handled);
    });
    socket.on('time:sync', (callback) => {
      if (typeof callback === 'function') callback(services.now());
    });
    await socket.join([boardRoom(boardId), deviceRoom(deviceId)]);
    try {
      socket.emit('manifest', await services.publisher.current(boardId));
    } catch (e) {
      log.error({ err: e, boardId }, 'could not compile the manifest for a connecting player');
    }
  });

  const onManifest = (manifest: Manifest) => nsp.to(boardRoom(manifest.boardId)).emit('manifest', manifest);
  const onRevoked = (deviceId: string) => nsp.in(deviceRoom(deviceId)).disconnectSockets(true);
  services.events.on('manifest', onManifest);
  services.events.on('device-revoked', onRevoked);
  return () => {
    services.events.off('manifest', onManifest);
    services.events.off('device-revoked', onRevoked);
  };
}
