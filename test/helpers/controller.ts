// Starts a real controller for a test: temporary data dir, first-start set-up, port 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../controller/app.ts';
import { openContext } from '../../controller/context.ts';
import type { Context } from '../../controller/context.ts';
import { bootstrapIfFresh } from '../../controller/services/bootstrap.ts';
import type { FirstStart } from '../../controller/services/bootstrap.ts';

export interface TestController {
  app: FastifyInstance;
  ctx: Context;
  dataDir: string;
  first: FirstStart | null;
  /** http://127.0.0.1:<port> once listening. */
  url: string;
  /** Bearer token of the first admin. */
  adminToken: string;
  /** Closes the app and the database; removes the data dir unless keepData. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-test-'));
}

export async function startController(opts: { dataDir?: string; listen?: boolean; now?: () => number; port?: number } = {}): Promise<TestController> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const ctx = openContext(dataDir, opts.now);
  const { services } = ctx;
  const first = await bootstrapIfFresh({ ...services, now: services.now });
  const app = await buildApp({ config: { publicUrl: 'http://127.0.0.1', logLevel: 'silent' }, services, logger: false });
  let url = '';
  if (opts.listen !== false) {
    await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  const adminToken = services.auth.createApiToken('admin', 'test');
  return {
    app,
    ctx,
    dataDir,
    first,
    url,
    adminToken,
    async close(closeOpts = {}) {
      await app.close();
      ctx.close();
      if (!closeOpts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
