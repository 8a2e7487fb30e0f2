// /ops: the operators' live view. A signed-in user (session cookie or API token) whose roles may
// read boards gets every board's status on connect, then each board's new status whenever its
// delivery state moves (a new version published, a player's acknowledgement or heartbeat); and
// the open alerts on connect, then each alert as it opens or closes. The
// socket lives no longer than the session that opened it: sign-out, a password change, a role
// change or disabling the account close it at once; expiry closes it within the sweep interval.
import type { FastifyBaseLogger } from 'fastify';
import type { Server, Socket } from 'socket.io';
import { OPS_NAMESPACE } from '../../playlists/protocol.ts';
import { can } from '../services/actor.ts';
import { SESSION_COOKIE } from '../services/auth.ts';
import type { Services } from '../services/index.ts';
import { crossSite } from '../origin.ts';
import { logged, loggedMiddleware } from './logged.ts';

/** How often open /ops sockets are checked against their session's expiry. */
export const OPS_SWEEP_MS = 30_000;
/** A board's status changes are sent at most this often (the last state of the window). */
export const OPS_COALESCE_MS = 100;
/** Between controller processes: the boards whose status moved on the sender. */
const BOARDS_MOVED = 'ledgate:boards-moved';
const tokenRoom = (tokenHash: string) => `token:${tokenHash}`;

function tokenFrom(handshake: { auth: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }): string | undefined {
  if (typeof handshake.auth.token === 'string') return handshake.auth.token;
  const cookie = handshake.headers.cookie;
  const m = typeof cookie === 'string' ? new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/**
 * clustered: other processes may hold operators' sockets (Redis adapter), so changes are broadcast
 * even when this process has none of its own.
 */
export function registerOpsNamespace(io: Server, services: Services, log: FastifyBaseLogger, clustered = false): () => void {
  const nsp = io.of(OPS_NAMESPACE);
  nsp.use(loggedMiddleware(log, 'ops handshake failed', async (socket: Socket, next) => {
    // A page of another origin riding the browser's session cookie must not read the boards.
    if (typeof socket.handshake.auth.token !== 'string' && crossSite(socket.handshake.headers)) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'cross_site', vi: 'Kết nối từ một trang khác bị từ chối.', en: 'A connection from another site is refused.' };
      return next(err);
    }
    const token = tokenFrom(socket.handshake as never);
    const signedIn = token ? await services.auth.authenticate(token, { ip: socket.handshake.address ?? null, userAgent: null }) : undefined;
    if (!signedIn || signedIn.session.mustChangePassword || !can(signedIn.actor, 'boards.read')) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' };
      return next(err);
    }
    (socket.data as { tokenHash: string }).tokenHash = signedIn.session.tokenHash;
    next();
  }));
  nsp.on('connection', logged(log, 'ops connection failed', async (socket: Socket) => {
    await socket.join(tokenRoom((socket.data as { tokenHash: string }).tokenHash));
    // With the controller's clock: the web app measures heartbeat ages against it, not against the
    // operator's computer, whose clock may be wrong.
    socket.emit('boards', await services.boards.statuses(), services.now());
    // The alerts open now; each alert opening or closing follows as it happens.
    socket.emit('alerts', await services.alerts.openAlerts(), services.now());
  }));
  // A publish moves every board three times within milliseconds (new version, delivered, ready):
  // each board's status is sent once per short window, with what it is at the end of it. Each
  // process sends to its own operators; with several processes, the boards that moved here are
  // named to the others (a short list, not a status per board through Redis), and a process with
  // operators of its own reads their status and sends it to them.
  const dirty = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  const sendLocal = async (ids: readonly string[]) => {
    if (nsp.sockets.size === 0) return;
    // Read together (a publish moves a thousand boards at once); a board deleted meanwhile is not sent.
    for (const status of await services.boards.statusesOf(ids)) nsp.local.emit('board', status, services.now());
  };
  const flush = logged(log, 'ops board push failed', async () => {
    flushTimer = undefined;
    const ids = [...dirty];
    dirty.clear();
    if (clustered) nsp.serverSideEmit(BOARDS_MOVED, ids);
    await sendLocal(ids);
  });
  const push = (boardId: string) => {
    if (!clustered && nsp.sockets.size === 0) return;
    dirty.add(boardId);
    flushTimer ??= setTimeout(flush, OPS_COALESCE_MS);
  };
  nsp.on(BOARDS_MOVED, logged(log, 'ops board push failed', async (ids: unknown) => {
    if (Array.isArray(ids)) await sendLocal(ids.filter((id): id is string => typeof id === 'string'));
  }));
  const onManifest = (m: { boardId: string }) => push(m.boardId);
  const onAlert = (alert: unknown) => {
    if (clustered || nsp.sockets.size) nsp.emit('alert', alert, services.now());
  };
  const onTokensEnded = (hashes: string[]) => {
    for (const h of hashes) nsp.in(tokenRoom(h)).disconnectSockets(true);
  };
  const sweep = setInterval(
    logged(log, 'ops session sweep failed', async () => {
      for (const socket of nsp.sockets.values()) {
        if (!(await services.auth.stillValid((socket.data as { tokenHash: string }).tokenHash))) socket.disconnect(true);
      }
    }),
    OPS_SWEEP_MS,
  );
  sweep.unref();
  services.events.on('delivery', push);
  services.events.on('manifest', onManifest);
  services.events.on('tokens-ended', onTokensEnded);
  services.events.on('alert', onAlert);
  return () => {
    clearInterval(sweep);
    clearTimeout(flushTimer);
    services.events.off('delivery', push);
    services.events.off('manifest', onManifest);
    services.events.off('tokens-ended', onTokensEnded);
    services.events.off('alert', onAlert);
  };
}
