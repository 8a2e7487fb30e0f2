// HTTPS for boards on a LAN: a player box needs a secure context to keep the player offline.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../controller/app.ts';
import { ConfigError, loadConfig } from '../../controller/config.ts';
import { openContext } from '../../controller/context.ts';
import { tempDataDir } from '../helpers/controller.ts';
import { nextEvent } from '../helpers/sockets.ts';

const dir = tempDataDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('HTTPS', () => {
  it('serves the player and its socket over TLS when TLS_CERT_FILE and TLS_KEY_FILE are set', async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1']);
    const config = loadConfig({ DATA_DIR: dir, TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    expect(config.publicUrl).toBe('https://localhost:8080');
    const ctx = await openContext(dir);
    const app = await buildApp({ config, services: ctx.services, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const { status, hsts } = await new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port, path: '/player/', rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] });
        }).on('error', reject);
      });
      expect(status).toBe(200);
      // Served over HTTPS, browsers are told to keep to it.
      expect(hsts).toMatch(/^max-age=31536000/);
      const socket = io(`https://127.0.0.1:${port}/pairing`, { transports: ['websocket'], rejectUnauthorized: false, reconnection: false });
      const { code } = await nextEvent<{ code: string }>(socket, 'pairing:code');
      expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
      socket.close();
    } finally {
      await app.close();
      await ctx.close();
    }
  });

  it('refuses half a TLS setting, or an unreadable file, naming the variable', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/tmp/x.pem' })).toThrow(ConfigError);
    expect(() => loadConfig({ TLS_CERT_FILE: '/tmp/x.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE go together/);
    expect(() => loadConfig({ TLS_CERT_FILE: '/nope/cert.pem', TLS_KEY_FILE: '/nope/key.pem' })).toThrow(/TLS_CERT_FILE="\/nope\/cert.pem": cannot read it/);
  });
});
