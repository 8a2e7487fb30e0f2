// Defect 1 of the hardening issue, kept as a permanent probe: on a kept-alive connection, a normal
// request followed by an upgrade to anything but socket.io must not leave the connection open
// (a thousand such connections used to exhaust the process's file handles and hang its shutdown).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

let c: TestController;
let port = 0;
beforeAll(async () => {
  c = await startController();
  port = (c.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await c?.close();
});

const PROBE = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

/** Opens a connection, sends the probe, and resolves when the server has closed it (or rejects after 5 s). */
function probe(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(PROBE));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server left a foreign upgrade open'));
    }, 5000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('foreign upgrades', () => {
  it('are closed by the server at once, however many, and the controller keeps answering', async () => {
    await Promise.all(Array.from({ length: 300 }, probe));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });

  it('never hold the shutdown: the controller closes within seconds with connections open', async () => {
    const d = await startController();
    const p = (d.app.server.address() as AddressInfo).port;
    // A socket.io connection (upgraded) and an idle kept-alive HTTP connection stay open.
    const idle = net.connect(p, '127.0.0.1', () => idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    idle.on('error', () => undefined);
    const ws = net.connect(p, '127.0.0.1', () =>
      ws.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'),
    );
    ws.on('error', () => undefined);
    await new Promise<void>((resolve) => ws.once('data', () => resolve()));
    const started = Date.now();
    const closed = await Promise.race([d.close().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 15_000))]);
    expect(closed, 'app.close() returned').toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    idle.destroy();
    ws.destroy();
  });
});

describe('requests from another site (defect 6)', () => {
  it('refuses a change or a sign-in carried by the session cookie from a page of another origin, and accepts the controller’s own', async () => {
    const login = await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: c.first!.adminPassword } });
    const cookie = login.cookies.find((k) => k.name === 'ledgate_session')!.value;
    const host = `127.0.0.1:${port}`;
    const upload = (headers: Record<string, string>) =>
      c.app.inject({ method: 'POST', url: '/api/media?name=x', headers: { host, 'content-type': 'image/png', ...headers }, cookies: { ledgate_session: cookie }, payload: Buffer.from('not a picture') });
    const before = await c.ctx.store.audit.count();
    const forged = await upload({ origin: `http://127.0.0.1:9999`, 'sec-fetch-site': 'same-site' });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().message).toContain('comes from another site');
    expect((await upload({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await upload({ origin: 'null' })).statusCode).toBe(403);
    expect(await c.ctx.store.audit.count()).toBe(before);
    // From the controller's own page it reaches the route (which refuses the bytes as no picture).
    expect((await upload({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(415);
    // A sign-in from another site is refused too (no one may be signed in to someone else's account).
    const crossLogin = await c.app.inject({ method: 'POST', url: '/auth/login', headers: { host, origin: 'http://evil.example' }, payload: { username: 'admin', password: c.first!.adminPassword } });
    expect(crossLogin.statusCode).toBe(403);
    // A script with an API token is not a browser riding a cookie.
    const scripted = await c.app.inject({ method: 'POST', url: '/api/media?name=x', headers: { host, origin: 'http://elsewhere', authorization: `Bearer ${c.adminToken}`, 'content-type': 'image/png' }, payload: Buffer.from('x') });
    expect(scripted.statusCode).toBe(415);
  });

  it('refuses the live view to a page of another origin riding the cookie', async () => {
    const login = await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: c.first!.adminPassword } });
    const cookie = login.cookies.find((k) => k.name === 'ledgate_session')!.value;
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = io(`http://127.0.0.1:${port}/ops`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: `ledgate_session=${cookie}`, origin } });
        s.on('connect', () => (s.close(), resolve('connected')));
        s.on('connect_error', (e) => (s.close(), resolve(e.message)));
      });
    expect(await open('http://127.0.0.1:9999')).toBe('unauthorized');
    expect(await open(`http://127.0.0.1:${port}`)).toBe('connected');
  });
});
