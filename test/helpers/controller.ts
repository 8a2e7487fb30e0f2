// Starts a real controller for a test: temporary data dir, first-start set-up, port 0.
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Duty, Role } from '../../playlists/permissions.ts';
import { buildApp } from '../../controller/app.ts';
import { openContext } from '../../controller/context.ts';
import type { Context } from '../../controller/context.ts';
import { systemActor } from '../../controller/services/actor.ts';
import type { FirstStart } from '../../controller/services/bootstrap.ts';
import type { ServiceOptions } from '../../controller/services/index.ts';
import { openRedis } from '../../controller/realtime/cluster.ts';
import type { RedisClient } from '../../controller/realtime/cluster.ts';
import { databaseFor, dropDatabaseFor } from './postgres.ts';

export interface TestController {
  app: FastifyInstance;
  ctx: Context;
  dataDir: string;
  first: FirstStart | null;
  /** http://127.0.0.1:<port> once listening. */
  url: string;
  /** Bearer token of the first admin. */
  adminToken: string;
  /** The Redis client this controller shares sockets through (redisUrl), or null. */
  redis: RedisClient | null;
  /** A new account with these roles (password set, no change required) and a bearer token for it. */
  user(username: string, roles: Role[], duties?: Duty[]): Promise<{ token: string; password: string }>;
  /** Closes the app and the database; removes the data dir unless keepData. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/** A TCP port free at the moment (for a controller started as its own process). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-test-'));
}

const setup = systemActor('test set-up');

/**
 * A controller as a fresh installation. Two-person approval is on by default in the product; tests
 * of the engine (scheduling, rendering, the player) switch it off so that a save goes live, and the
 * governance tests keep it on (approval: true).
 */
export async function startController(
  opts: {
    dataDir?: string;
    listen?: boolean;
    now?: () => number;
    port?: number;
    approval?: boolean;
    redisUrl?: string;
    /** This database (the test drops it), or null for SQLite, whatever engine the suite runs on. */
    databaseUrl?: string | null;
  } & ServiceOptions = {},
): Promise<TestController> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const ctx = await openContext(dataDir, opts.now, { ...opts, databaseUrl: opts.databaseUrl !== undefined ? opts.databaseUrl : await databaseFor(dataDir) });
  const { services } = ctx;
  const first = await services.firstStart();
  if (!opts.approval) await services.settings.update(setup, { approvalRequired: false });
  const redis = opts.redisUrl ? openRedis(opts.redisUrl) : null;
  const app = await buildApp({ config: { publicUrl: 'http://127.0.0.1', logLevel: 'silent' }, services, logger: false, redis });
  let url = '';
  if (opts.listen !== false) {
    await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  const adminToken = (await services.users.createApiToken(setup, 'admin', 'test')).token;
  return {
    app,
    ctx,
    dataDir,
    first,
    url,
    adminToken,
    redis,
    async user(username, roles, duties = []) {
      const password = `mat-khau-thu-nghiem-${username.length}-dai`;
      await services.users.create(setup, { username, roles, duties, password });
      return { token: (await services.users.createApiToken(setup, username, 'test')).token, password };
    },
    async close(closeOpts = {}) {
      await app.close();
      redis?.disconnect();
      await ctx.close();
      if (!closeOpts.keepData) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        await dropDatabaseFor(dataDir);
      }
    },
  };
}
