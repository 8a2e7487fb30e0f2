// socket.io on the controller's HTTP server, as a Fastify plugin that disconnects every socket
// before the server closes (an open websocket would otherwise keep close() waiting forever).
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { Services } from '../services/index.ts';
import { redisAdapter } from './cluster.ts';
import type { RedisClient } from './cluster.ts';
import { manifestParser } from './manifest-wire.ts';
import { registerOpsNamespace } from './ops-namespace.ts';
import { registerPairingNamespace } from './pairing-namespace.ts';
import { registerPlayerNamespace } from './player-namespace.ts';

/** How long in-flight requests get to finish when the controller stops. */
const CLOSE_GRACE_MS = 3000;

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

export const socketServer = fp(
  async (app: FastifyInstance, opts: { services: Services; redis?: RedisClient | null }) => {
    const clustered = Boolean(opts.redis);
    const io = new Server(app.server, {
      // Players on a LAN may be served from another origin (a kiosk page); they carry a token.
      cors: { origin: true },
      serveClient: false,
      parser: manifestParser,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      // Several processes behind a load balancer: WebSocket only, so a connection stays with one
      // process for its life and no sticky sessions are needed (long-polling would spread one
      // session's requests over processes that do not know it).
      ...(opts.redis ? { adapter: redisAdapter(opts.redis), transports: ['websocket' as const] } : {}),
    });
    app.decorate('io', io);
    // An upgrade to anything but socket.io is refused at once. (engine.io ends a foreign upgrade only
    // when nothing was written on the connection yet: a kept-alive connection that served a request
    // first would otherwise stay open for ever, and a thousand of them exhaust the process.)
    // Upgraded connections are tracked: they are not HTTP connections the server can close.
    const upgraded = new Set<Duplex>();
    app.server.on('upgrade', (req: { url?: string }, socket: Duplex) => {
      if (!req.url?.startsWith('/socket.io/')) {
        socket.destroy();
        return;
      }
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
    });
    const stopPlayer = registerPlayerNamespace(io, opts.services, app.log);
    const stopPairing = registerPairingNamespace(io, opts.services, app.log);
    const stopOps = registerOpsNamespace(io, opts.services, app.log, clustered);
    app.addHook('preClose', async () => {
      stopPlayer();
      stopOps();
      stopPairing();
      for (const nsp of io._nsps.values()) nsp.disconnectSockets(true);
      io.engine.close();
      // Each namespace's adapter stops reading the Redis stream.
      for (const nsp of io._nsps.values()) void nsp.adapter.close();
      // Requests still open after a grace period (a half-made connection, a stuck client) must not
      // hold the shutdown: they are cut, upgraded connections with them.
      setTimeout(() => {
        app.server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }, CLOSE_GRACE_MS).unref();
    });
    // What players reported just before is written before the database is closed.
    app.addHook('onClose', () => opts.services.telemetry.idle());
  },
  { name: 'socket-server' },
);
