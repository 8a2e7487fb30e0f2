// /ops: the operators' live view. A signed-in user (session cookie or API token) gets every
// board's status on connect, then each board's new status whenever its delivery state moves
// (a new version published, a player's acknowledgement or heartbeat).
import type { Server } from 'socket.io';
import { OPS_NAMESPACE } from '../../playlists/protocol.ts';
import { boardStatus } from '../services/board-status.ts';
import { SESSION_COOKIE } from '../services/auth.ts';
import type { Services } from '../services/index.ts';

function tokenFrom(handshake: { auth: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }): string | undefined {
  if (typeof handshake.auth.token === 'string') return handshake.auth.token;
  const cookie = handshake.headers.cookie;
  const m = typeof cookie === 'string' ? new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

export function registerOpsNamespace(io: Server, services: Services): () => void {
  const nsp = io.of(OPS_NAMESPACE);
  nsp.use((socket, next) => {
    const token = tokenFrom(socket.handshake as never);
    if (!token || !services.auth.authenticate(token)) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' };
      return next(err);
    }
    next();
  });
  nsp.on('connection', (socket) => {
    socket.emit('boards', services.store.boards.list().map((b) => boardStatus(services.store, b)));
  });
  const push = (boardId: string) => {
    if (nsp.sockets.size === 0) return;
    const board = services.store.boards.get(boardId);
    if (board) nsp.emit('board', boardStatus(services.store, board));
  };
  const onManifest = (m: { boardId: string }) => push(m.boardId);
  services.events.on('delivery', push);
  services.events.on('manifest', onManifest);
  return () => {
    services.events.off('delivery', push);
    services.events.off('manifest', onManifest);
  };
}
