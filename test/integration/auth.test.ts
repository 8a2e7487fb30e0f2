import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

let c: TestController;
beforeAll(async () => {
  c = await startController({ listen: false });
});
afterAll(async () => {
  await c.close();
});

describe('authentication', () => {
  it('refuses every /api route without a signed-in user, with 401 in both languages', async () => {
    const api = c.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(12);
    for (const route of api) {
      const url = route.url.replace(/:(\w+)/g, 'x');
      const res = await c.app.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized', message: 'You need to sign in.', messageVi: 'Bạn cần đăng nhập.' });
    }
  });

  it('refuses a made-up bearer token', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/api/boards', headers: { authorization: 'Bearer lgt_madeup' } });
    expect(res.statusCode).toBe(401);
  });

  it('signs in with the first admin password, uses the session cookie, and signs out', async () => {
    const bad = await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'wrong password!' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().messageVi).toBe('Sai tên đăng nhập hoặc mật khẩu.');

    const login = await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: c.first!.adminPassword } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((k) => k.name === 'ledgate_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');

    const boards = await c.app.inject({ method: 'GET', url: '/api/boards', cookies: { ledgate_session: cookie.value } });
    expect(boards.statusCode).toBe(200);
    expect(boards.json()[0].name).toBe('Cửa ngõ phía Bắc – Quốc lộ 14');

    await c.app.inject({ method: 'POST', url: '/auth/logout', cookies: { ledgate_session: cookie.value } });
    const after = await c.app.inject({ method: 'GET', url: '/api/boards', cookies: { ledgate_session: cookie.value } });
    expect(after.statusCode).toBe(401);
  });

  it('slows down password guessing from one address: the 11th attempt in a minute gets 429', async () => {
    const attempts = [];
    for (let i = 0; i < 11; i++) attempts.push(await c.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.9.9.9', payload: { username: `khong-co-${i}`, password: `guess number ${i}` } }));
    expect(attempts.slice(0, 10).map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    expect(attempts[10]!.statusCode).toBe(429);
    expect(attempts[10]!.json().messageVi).toMatch(/^Quá nhiều yêu cầu: hãy thử lại sau \d+ giây\.$/);
    expect(attempts[10]!.json().message).toMatch(/^Too many requests: try again in \d+ s\.$/);
  });

  it('slows down guessing one account from many addresses, saying when to try again, and a success clears it', async () => {
    await c.user('bi-doan', ['viewer']);
    const guess = (i: number, password = `guess number ${i}`) => c.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: `10.8.0.${i}`, payload: { username: 'bi-doan', password } });
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await guess(i)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const paused = await guess(20);
    expect(paused.json().message).toMatch(/^Too many failed sign-ins: this account is paused, try again in (2\d|30) s\.$/);
    expect(paused.json().messageVi).toMatch(/tạm dừng đăng nhập, hãy thử lại sau \d+ giây/);
    // Other accounts are not affected.
    expect((await c.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.8.1.1', payload: { username: 'admin', password: c.first!.adminPassword } })).statusCode).toBe(200);
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const row = (await c.ctx.store.users.byUsername('admin'))!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(c.first!.adminPassword);
  });

  it('accepts a bearer API token', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/api/boards', headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(res.statusCode).toBe(200);
  });

  it('lets only admins and operators approve pairings', async () => {
    const { token } = await c.user('bientap', ['editor']);
    const res = await c.app.inject({ method: 'POST', url: '/api/pairings/approve', headers: { authorization: `Bearer ${token}` }, payload: { code: 'ABC-234', boardId: 'cua-ngo-phia-bac-ql14' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().messageVi).toContain('Quản trị, Vận hành');
    expect(res.json().message).toContain('Only: Admin, Operator');
  });

  it('documents the API as OpenAPI at /docs/json, without a sign-in', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/boards', '/api/playlists/{id}', '/api/pairings/approve', '/auth/login']));
    expect(doc.paths['/api/boards'].post.requestBody.content['application/json'].schema.properties.width.type).toBe('integer');
  });
});
