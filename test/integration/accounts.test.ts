// Accounts end to end: session cookies and their lifetimes, sign-out, password changes and resets,
// disabling and role changes (sessions, API tokens and /ops sockets end at once), forced password
// changes, the last admin, the TOTP second factor, what a device token reaches, and the audit
// trail of sign-ins. Each test starts its own controller: sign-ins are rate-limited per address,
// and several tests need a clock of their own.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Manifest } from '../../playlists/manifest.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { AuthService, SESSION_COOKIE } from '../../controller/services/auth.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, connectError, nextEvent } from '../helpers/sockets.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type StartOptions = Parameters<typeof startController>[0];

const MIN = 60_000;
const BOARD = 'cua-ngo-phia-bac-ql14';
const controllers: TestController[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  while (sockets.length) sockets.pop()!.close();
  while (controllers.length) await controllers.pop()!.close();
});

async function start(opts: StartOptions = {}): Promise<TestController> {
  const c = await startController(opts);
  controllers.push(c);
  return c;
}

function open(c: TestController, ns: string, auth?: Record<string, unknown>): Socket {
  const s = connect(c.url, ns, auth);
  sockets.push(s);
  return s;
}

/** An /ops socket that is connected and has joined its token's room (it got the board list). */
async function openOps(c: TestController, token: string): Promise<Socket> {
  const s = open(c, '/ops', { token });
  await nextEvent(s, 'boards');
  return s;
}

/** A call as a browser (session cookie) or a script (bearer token), or as nobody. */
function call(c: TestController, method: Method, url: string, as: { cookie?: string; token?: string; ip?: string } = {}, payload?: unknown) {
  return c.app.inject({
    method,
    url,
    payload: payload as object,
    ...(as.cookie ? { cookies: { [SESSION_COOKIE]: as.cookie } } : {}),
    ...(as.token ? { headers: { authorization: `Bearer ${as.token}` } } : {}),
    ...(as.ip ? { remoteAddress: as.ip } : {}),
  });
}

const admin = (c: TestController, method: Method, url: string, payload?: unknown) => call(c, method, url, { token: c.adminToken }, payload);

/** POST /auth/login; the session cookie it set, if any. */
async function login(c: TestController, username: string, password: string, opts: { totp?: string; cookie?: string; ip?: string } = {}) {
  const res = await c.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username, password, ...(opts.totp !== undefined ? { totp: opts.totp } : {}) },
    ...(opts.cookie ? { cookies: { [SESSION_COOKIE]: opts.cookie } } : {}),
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });
  const set = res.cookies.find((k) => k.name === SESSION_COOKIE);
  return { res, cookie: set?.value, set };
}

/** Signs in and returns the session cookie, failing loudly if the sign-in was refused. */
async function session(c: TestController, username: string, password: string, opts: { totp?: string; ip?: string } = {}): Promise<string> {
  const { res, cookie } = await login(c, username, password, opts);
  expect(res.statusCode, res.body).toBe(200);
  expect(cookie).toBeTruthy();
  return cookie!;
}

const status = async (c: TestController, as: { cookie?: string; token?: string }, url = '/api/me') => (await call(c, 'GET', url, as)).statusCode;

/** Both languages, and they differ (not the English text copied into the Vietnamese field). */
function expectBilingual(body: { message?: unknown; messageVi?: unknown }) {
  expect(typeof body.message).toBe('string');
  expect(typeof body.messageVi).toBe('string');
  expect((body.message as string).length).toBeGreaterThan(10);
  expect((body.messageVi as string).length).toBeGreaterThan(10);
  expect(body.messageVi).not.toBe(body.message);
}

/** A 6-digit code that is not valid for this secret at this instant (nor one step either side). */
async function wrongCode(secret: string, at: number): Promise<string> {
  const valid = new Set(await Promise.all([-30_000, 0, 30_000].map((d) => AuthService.totpNow(secret, at + d))));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

const NEW_PASSWORD = 'mot mat khau moi rat dai 2026';

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Strict, and a second sign-in with the old cookie rotates it', async () => {
    const c = await start({ listen: false });
    const first = await login(c, 'admin', c.first!.adminPassword!);
    expect(first.res.statusCode).toBe(200);
    expect(first.set).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const old = first.cookie!;
    expect(await status(c, { cookie: old })).toBe(200);

    const second = await login(c, 'admin', c.first!.adminPassword!, { cookie: old });
    expect(second.res.statusCode).toBe(200);
    expect(second.set).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const fresh = second.cookie!;
    expect(fresh).not.toBe(old);
    expect(await status(c, { cookie: old })).toBe(401);
    expect(await status(c, { cookie: fresh })).toBe(200);
    // A sign-in without the old cookie leaves the other session alone (another browser).
    const elsewhere = await session(c, 'admin', c.first!.adminPassword!);
    expect(await status(c, { cookie: fresh })).toBe(200);
    expect(await status(c, { cookie: elsewhere })).toBe(200);
  });
});

describe('session lifetimes', () => {
  it('ends a session idle past the idle timeout, keeps a used one, and ends a busy one at its absolute lifetime', async () => {
    const t0 = Date.now();
    let fakeNow = t0;
    // Idle 5 min, at most 12 min. Every step is over a minute, so each use is written down.
    const c = await start({ listen: false, now: () => fakeNow, sessionIdleMs: 5 * MIN, sessionMaxMs: 12 * MIN });
    const busy = await session(c, 'admin', c.first!.adminPassword!);
    const idle = await session(c, 'admin', c.first!.adminPassword!);

    fakeNow = t0 + 4 * MIN;
    const me = await call(c, 'GET', '/api/me', { cookie: busy });
    expect(me.statusCode).toBe(200);
    expect(me.json().sessionEndsAt).toBe(new Date(t0 + 9 * MIN).toISOString());

    fakeNow = t0 + 8 * MIN; // 8 min after sign-in, 4 min after the last use
    expect(await status(c, { cookie: busy })).toBe(200);
    expect(await status(c, { cookie: idle })).toBe(401); // unused for 8 min > 5 min
    expect(await status(c, { cookie: idle })).toBe(401); // and it stays dead

    fakeNow = t0 + 11 * MIN;
    const late = await call(c, 'GET', '/api/me', { cookie: busy });
    expect(late.statusCode).toBe(200);
    expect(late.json().sessionEndsAt).toBe(new Date(t0 + 12 * MIN).toISOString()); // the absolute end comes first now

    fakeNow = t0 + 12 * MIN; // used a minute ago, but 12 min old
    expect(await status(c, { cookie: busy })).toBe(401);

    // A fresh sign-in at that point gets a full lifetime again.
    const again = await session(c, 'admin', c.first!.adminPassword!);
    expect(await status(c, { cookie: again })).toBe(200);
  });
});

describe('a short idle timeout', () => {
  it('keeps a session used every 40 s alive with a one-minute idle timeout, and tells its true end', async () => {
    const t0 = Date.now();
    let fakeNow = t0;
    const c = await start({ listen: false, now: () => fakeNow, sessionIdleMs: 1 * MIN, sessionMaxMs: 12 * MIN });
    const cookie = await session(c, 'admin', c.first!.adminPassword!);
    for (let i = 1; i <= 5; i++) {
      fakeNow = t0 + i * 40_000;
      const me = await call(c, 'GET', '/api/me', { cookie });
      expect(me.statusCode, `use ${i} at +${i * 40} s`).toBe(200);
      expect(me.json().sessionEndsAt).toBe(new Date(fakeNow + MIN).toISOString());
    }
    // Left alone past the end it was told, it is over.
    fakeNow += MIN + 1;
    expect(await status(c, { cookie })).toBe(401);
  });
});

describe('sign-out', () => {
  it('refuses to sign out an API token (400, both languages) and the token keeps working', async () => {
    const c = await start({ listen: false });
    const { token, password } = await c.user('bientap', ['editor']);
    const res = await call(c, 'POST', '/auth/logout', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(res.json().message).toMatch(/API token/);
    expect(res.json().messageVi).toMatch(/API token/);
    expectBilingual(res.json());
    expect(await status(c, { token })).toBe(200);
    expect(await status(c, { token }, '/api/boards')).toBe(200);

    // A session, by contrast, is ended by signing out.
    const cookie = await session(c, 'bientap', password);
    expect((await call(c, 'POST', '/auth/logout', { cookie })).statusCode).toBe(200);
    expect(await status(c, { cookie })).toBe(401);
  });
});

describe('changing one’s own password', () => {
  it('checks the current password, then ends every other session, the API tokens and the /ops socket, and gives the browser a fresh cookie', async () => {
    const c = await start();
    const { token, password } = await c.user('vanhanh', ['operator']);
    const mine = await session(c, 'vanhanh', password, { ip: '10.4.0.1' });
    const other = await session(c, 'vanhanh', password, { ip: '10.4.0.2' });
    const ops = await openOps(c, mine);

    const wrong = await call(c, 'POST', '/api/me/password', { cookie: mine }, { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'bad_request', details: { path: 'currentPassword' } });
    expectBilingual(wrong.json());
    // Nothing ended by a wrong attempt.
    expect(await status(c, { cookie: mine })).toBe(200);
    expect(await status(c, { cookie: other })).toBe(200);
    expect(await status(c, { token })).toBe(200);
    expect(ops.connected).toBe(true);

    const disconnected = nextEvent<string>(ops, 'disconnect');
    const ok = await call(c, 'POST', '/api/me/password', { cookie: mine }, { currentPassword: password, newPassword: NEW_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    const set = ok.cookies.find((k) => k.name === SESSION_COOKIE);
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const fresh = set!.value;
    expect(fresh).not.toBe(mine);
    expect(await disconnected).toBe('io server disconnect');

    expect(await status(c, { cookie: fresh })).toBe(200);
    expect(await status(c, { cookie: mine })).toBe(401);
    expect(await status(c, { cookie: other })).toBe(401);
    expect(await status(c, { token })).toBe(401);
    expect((await connectError(open(c, '/ops', { token: mine }))).message).toBe('unauthorized');
    await openOps(c, fresh); // the fresh session opens the live view

    expect((await login(c, 'vanhanh', password, { ip: '10.4.0.3' })).res.statusCode).toBe(401);
    expect((await login(c, 'vanhanh', NEW_PASSWORD, { ip: '10.4.0.3' })).res.statusCode).toBe(200);
  });
});

describe('disabling an account', () => {
  it('ends its sessions, API tokens and sockets at once, refuses sign-in with 403, and enabling lets it sign in again', async () => {
    const c = await start();
    const { token, password } = await c.user('bientap', ['editor']);
    const cookie = await session(c, 'bientap', password);
    const bySession = await openOps(c, cookie);
    const byToken = await openOps(c, token);
    const closed = [nextEvent<string>(bySession, 'disconnect'), nextEvent<string>(byToken, 'disconnect')];

    const res = await admin(c, 'PATCH', '/api/users/bientap', { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ username: 'bientap', disabled: true, disabledAt: expect.any(String) });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await status(c, { cookie })).toBe(401);
    expect(await status(c, { token })).toBe(401);
    expect((await connectError(open(c, '/ops', { token }))).message).toBe('unauthorized');
    expect(await c.ctx.store.users.tokensOf((await c.ctx.store.users.byUsername('bientap'))!.id)).toEqual([]);

    const refused = await login(c, 'bientap', password);
    expect(refused.res.statusCode).toBe(403);
    expect(refused.cookie).toBeUndefined();
    expect(refused.res.json().message).toMatch(/disabled/);
    expect(refused.res.json().messageVi).toMatch(/khoá/);
    expectBilingual(refused.res.json());

    const enabled = await admin(c, 'PATCH', '/api/users/bientap', { disabled: false });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ disabled: false, disabledAt: null });
    const back = await session(c, 'bientap', password);
    expect(await status(c, { cookie: back }, '/api/boards')).toBe(200);
    // What was ended stays ended.
    expect(await status(c, { token })).toBe(401);
    expect(await status(c, { cookie })).toBe(401);
  });
});

describe('changing roles', () => {
  it('ends the sessions and tokens; the new rights apply at the next sign-in', async () => {
    const c = await start();
    const { token, password } = await c.user('bientap', ['editor']);
    const cookie = await session(c, 'bientap', password);
    const slide = (id: string) => ({ id, kind: 'text', text: 'Chào mừng đến Buôn Ma Thuột', durationSeconds: 8 });
    expect((await call(c, 'POST', '/api/slides', { cookie }, slide('truoc-doi-vai-tro'))).statusCode).toBe(201);
    const ops = await openOps(c, token);

    // The same roles again change no rights: nothing ends.
    expect((await admin(c, 'PATCH', '/api/users/bientap', { roles: ['editor'] })).statusCode).toBe(200);
    expect(await status(c, { cookie })).toBe(200);
    expect(await status(c, { token })).toBe(200);

    const disconnected = nextEvent<string>(ops, 'disconnect');
    const res = await admin(c, 'PATCH', '/api/users/bientap', { roles: ['viewer'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['viewer']);
    expect(await disconnected).toBe('io server disconnect');
    expect(await status(c, { cookie })).toBe(401);
    expect(await status(c, { token })).toBe(401);

    const viewer = await session(c, 'bientap', password);
    const me = (await call(c, 'GET', '/api/me', { cookie: viewer })).json();
    expect(me.roles).toEqual(['viewer']);
    expect(me.permissions).not.toContain('content.edit');
    const refused = await call(c, 'POST', '/api/slides', { cookie: viewer }, slide('sau-doi-vai-tro'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect(await status(c, { cookie: viewer }, '/api/boards')).toBe(200);
  });
});

describe('accounts created and reset by an admin', () => {
  it('must choose a password before anything else, and a reset ends API tokens and forces it again', async () => {
    const c = await start();
    const created = await admin(c, 'POST', '/api/users', { username: 'nhanvien', roles: ['editor'] });
    expect(created.statusCode, created.body).toBe(201);
    const temporary = created.json().temporaryPassword as string;
    expect(temporary).toMatch(/^\S{12,}$/);
    expect(created.json().user).toMatchObject({ username: 'nhanvien', roles: ['editor'], mustChangePassword: true });

    const first = await login(c, 'nhanvien', temporary);
    expect(first.res.statusCode).toBe(200);
    expect(first.res.json().user.mustChangePassword).toBe(true);
    const temp = first.cookie!;

    const me = await call(c, 'GET', '/api/me', { cookie: temp });
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(true);
    for (const [method, url, payload] of [
      ['GET', '/api/boards'],
      ['GET', '/api/slides'],
      ['GET', '/api/me/sessions'],
      ['POST', '/api/me/tokens', { label: 'script' }],
      ['POST', '/api/me/totp'],
      ['POST', '/api/slides', { id: 'truoc-khi-doi', kind: 'text', text: 'Xin chào', durationSeconds: 8 }],
    ] as [Method, string, unknown?][]) {
      const res = await call(c, method, url, { cookie: temp }, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code, `${method} ${url}`).toBe('password_change_required');
      expectBilingual(res.json());
    }
    expect((await connectError(open(c, '/ops', { token: temp }))).message).toBe('unauthorized');

    const changed = await call(c, 'POST', '/api/me/password', { cookie: temp }, { currentPassword: temporary, newPassword: NEW_PASSWORD });
    expect(changed.statusCode, changed.body).toBe(200);
    const cookie = changed.cookies.find((k) => k.name === SESSION_COOKIE)!.value;
    expect(await status(c, { cookie }, '/api/boards')).toBe(200);
    expect((await call(c, 'GET', '/api/me', { cookie })).json().mustChangePassword).toBe(false);
    const tokenRes = await call(c, 'POST', '/api/me/tokens', { cookie }, { label: 'script' });
    expect(tokenRes.statusCode).toBe(201);
    const token = tokenRes.json().token as string;
    expect(await status(c, { token }, '/api/boards')).toBe(200);

    const reset = await admin(c, 'POST', '/api/users/nhanvien/reset-password', {});
    expect(reset.statusCode, reset.body).toBe(200);
    const temporary2 = reset.json().temporaryPassword as string;
    expect(temporary2).not.toBe(temporary);
    expect(await status(c, { token })).toBe(401);
    expect(await status(c, { cookie })).toBe(401);
    expect((await admin(c, 'GET', '/api/users/nhanvien')).json().mustChangePassword).toBe(true);
    expect((await login(c, 'nhanvien', NEW_PASSWORD)).res.statusCode).toBe(401);

    const again = await login(c, 'nhanvien', temporary2);
    expect(again.res.statusCode).toBe(200);
    expect(again.res.json().user.mustChangePassword).toBe(true);
    const blocked = await call(c, 'GET', '/api/boards', { cookie: again.cookie! });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
  });
});

describe('the last admin', () => {
  it('cannot be demoted or disabled (409, nothing changed)', async () => {
    const c = await start({ listen: false });
    const before = (await admin(c, 'GET', '/api/users/admin')).json();
    const auditBefore = await c.ctx.services.audit.count();

    for (const patch of [{ roles: ['editor'] }, { disabled: true }, { roles: ['viewer'], disabled: true }]) {
      const res = await admin(c, 'PATCH', '/api/users/admin', patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(409);
      expect(res.json().code).toBe('conflict');
      expectBilingual(res.json());
    }
    expect((await admin(c, 'GET', '/api/users/admin')).json()).toEqual(before);
    expect(before).toMatchObject({ roles: ['admin'], disabled: false });
    expect(await c.ctx.services.audit.count()).toBe(auditBefore);
    expect(await status(c, { token: c.adminToken })).toBe(200);
    expect((await login(c, 'admin', c.first!.adminPassword!)).res.statusCode).toBe(200);

    // With a second admin the first may step down; then the second is the last one.
    const second = await c.user('quantri2', ['admin']);
    expect((await admin(c, 'PATCH', '/api/users/admin', { roles: ['editor'] })).statusCode).toBe(200);
    const asSecond = (patch: object) => call(c, 'PATCH', '/api/users/quantri2', { token: second.token }, patch);
    expect((await asSecond({ disabled: true })).statusCode).toBe(409);
    expect((await asSecond({ roles: ['approver'] })).statusCode).toBe(409);
    expect((await call(c, 'GET', '/api/users/quantri2', { token: second.token })).json()).toMatchObject({ roles: ['admin'], disabled: false });
  });
});

describe('two-step verification (TOTP)', () => {
  it('enrols with a code, then needs a fresh code or an unused recovery code at every sign-in; an admin reset can remove it', async () => {
    let fakeNow = Date.now();
    const c = await start({ listen: false, now: () => fakeNow });
    const { token, password } = await c.user('kiemduyet', ['approver']);

    const begin = await call(c, 'POST', '/api/me/totp', { token });
    expect(begin.statusCode).toBe(200);
    const { secret, uri, qrSvg } = begin.json() as { secret: string; uri: string; qrSvg: string };
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('issuer=LEDGate');
    expect(uri).toContain('kiemduyet');
    expect(qrSvg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    // Not on until confirmed.
    expect((await call(c, 'GET', '/api/me', { token })).json().totpEnabled).toBe(false);

    const wrong = await call(c, 'POST', '/api/me/totp/confirm', { token }, { code: await wrongCode(secret, fakeNow) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual({ path: 'code' });
    expect((await call(c, 'GET', '/api/me', { token })).json().totpEnabled).toBe(false);

    const confirmCode = await AuthService.totpNow(secret, fakeNow);
    const confirmed = await call(c, 'POST', '/api/me/totp/confirm', { token }, { code: confirmCode });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const codes = confirmed.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await call(c, 'GET', '/api/me', { token })).json()).toMatchObject({ totpEnabled: true, recoveryCodesLeft: 10 });
    expect((await admin(c, 'GET', '/api/users/kiemduyet')).json().totpEnabled).toBe(true);

    const noCode = await login(c, 'kiemduyet', password);
    expect(noCode.res.statusCode).toBe(401);
    expect(noCode.res.json().code).toBe('totp_required');
    expect(noCode.cookie).toBeUndefined();
    expectBilingual(noCode.res.json());
    const bad = await login(c, 'kiemduyet', password, { totp: await wrongCode(secret, fakeNow) });
    expect(bad.res.statusCode).toBe(401);
    expect(bad.res.json().code).toBe('totp_invalid');
    expect(bad.cookie).toBeUndefined();
    // The code used to confirm is spent: it does not sign in.
    expect((await login(c, 'kiemduyet', password, { totp: confirmCode })).res.json().code).toBe('totp_invalid');
    // A right code with a wrong password is still a wrong password.
    fakeNow += 30_000;
    const code = await AuthService.totpNow(secret, fakeNow);
    expect((await login(c, 'kiemduyet', 'not the password at all', { totp: code })).res.json().code).toBe('unauthorized');

    const ok = await login(c, 'kiemduyet', password, { totp: code });
    expect(ok.res.statusCode, ok.res.body).toBe(200);
    expect(await status(c, { cookie: ok.cookie! })).toBe(200);
    const replay = await login(c, 'kiemduyet', password, { totp: code });
    expect(replay.res.statusCode).toBe(401);
    expect(replay.res.json().code).toBe('totp_invalid');

    const recovery = codes[3]!;
    const byRecovery = await login(c, 'kiemduyet', password, { totp: recovery.toUpperCase() });
    expect(byRecovery.res.statusCode, byRecovery.res.body).toBe(200);
    const again = await login(c, 'kiemduyet', password, { totp: recovery });
    expect(again.res.statusCode).toBe(401);
    expect(again.res.json().code).toBe('totp_invalid');
    expect((await call(c, 'GET', '/api/me', { cookie: byRecovery.cookie! })).json()).toMatchObject({ totpEnabled: true, recoveryCodesLeft: 9 });

    // A reset without resetSecondFactor keeps the second factor. (From another address: sign-ins
    // are limited to 10 a minute per address.)
    const ip = '10.9.0.2';
    const keep = await admin(c, 'POST', '/api/users/kiemduyet/reset-password', {});
    expect(keep.statusCode).toBe(200);
    expect((await login(c, 'kiemduyet', keep.json().temporaryPassword, { ip })).res.json().code).toBe('totp_required');

    // A lost phone: the admin resets the password and removes the second factor.
    const reset = await admin(c, 'POST', '/api/users/kiemduyet/reset-password', { resetSecondFactor: true });
    expect(reset.statusCode).toBe(200);
    expect((await admin(c, 'GET', '/api/users/kiemduyet')).json().totpEnabled).toBe(false);
    const temp = await login(c, 'kiemduyet', reset.json().temporaryPassword, { ip });
    expect(temp.res.statusCode, temp.res.body).toBe(200);
    const changed = await call(c, 'POST', '/api/me/password', { cookie: temp.cookie! }, { currentPassword: reset.json().temporaryPassword, newPassword: NEW_PASSWORD });
    expect(changed.statusCode, changed.body).toBe(200);
    const plain = await login(c, 'kiemduyet', NEW_PASSWORD, { ip });
    expect(plain.res.statusCode, plain.res.body).toBe(200);
    expect((await call(c, 'GET', '/api/me', { cookie: plain.cookie! })).json()).toMatchObject({ totpEnabled: false, recoveryCodesLeft: 0 });
  });
});

describe('device tokens', () => {
  it('reach only their own board: not /api, not /ops, only their board’s manifests, and no proof of play for another board', async () => {
    const c = await start();
    const OTHER = 'cua-ngo-phia-nam-ql14';
    const created = await admin(c, 'POST', '/api/boards', { id: OTHER, name: 'Cửa ngõ phía Nam – Quốc lộ 14', width: 576, height: 288 });
    expect(created.statusCode, created.body).toBe(201);
    const pair = async (boardId: string) => c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), boardId)).grant, null);
    const mine = await pair(BOARD);
    const theirs = await pair(OTHER);
    expect(mine.boardId).toBe(BOARD);

    for (const url of ['/api/me', '/api/boards', `/api/boards/${BOARD}`, `/api/boards/${BOARD}/manifest`]) {
      const res = await call(c, 'GET', url, { token: mine.token });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('unauthorized');
    }
    expect((await call(c, 'PUT', `/api/boards/${BOARD}/display`, { token: mine.token }, { brightness: [], powerOff: [] })).statusCode).toBe(401);
    expect((await connectError(open(c, '/ops', { token: mine.token }))).message).toBe('unauthorized');

    const player = open(c, '/player', { token: mine.token });
    const received: Manifest[] = [];
    player.on('manifest', (m: Manifest) => received.push(m));
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.boardId).toBe(BOARD);
    const other = open(c, '/player', { token: theirs.token });
    const otherFirst = await nextEvent<Manifest>(other, 'manifest');
    expect(otherFirst.boardId).toBe(OTHER);

    // A change that recompiles only the other board reaches only the other board's player.
    const pushed = nextEvent<Manifest>(other, 'manifest');
    const display = await admin(c, 'PUT', `/api/boards/${OTHER}/display`, { brightness: [], powerOff: [{ window: { start: '01:00', end: '04:30' } }] });
    expect(display.statusCode, display.body).toBe(200);
    const next = await pushed;
    expect(next.boardId).toBe(OTHER);
    expect(next.version).not.toBe(otherFirst.version);
    // A round trip on my socket after the push: anything sent to it before would have arrived first.
    await new Promise<number>((resolve) => player.emit('time:sync', resolve));
    expect(received.map((m) => m.boardId)).toEqual([BOARD]);

    const t = Date.UTC(2026, 10, 26, 1, 0, 0);
    const rec = (id: string, boardId: string, i: number) => ({
      id,
      boardId,
      slideId: 'khau-hieu',
      sha256: 'a'.repeat(64),
      layer: 'campaign',
      entryIds: ['demo-hien-ke-2020'],
      playlistId: 'hien-ke-2020',
      startedAt: t + i * 10_000,
      endedAt: t + i * 10_000 + 8_000,
    });
    const batch = [rec('pop-mine-1', BOARD, 1), rec('pop-other-1', OTHER, 2), rec('pop-other-2', OTHER, 3)];
    const acked = await new Promise<string[]>((resolve) => player.emit('pop', batch, resolve));
    expect(acked).toEqual(['pop-mine-1', 'pop-other-1', 'pop-other-2']);
    const range = `from=${new Date(t).toISOString()}&to=${new Date(t + 60_000).toISOString()}`;
    const otherPlays = await admin(c, 'GET', `/api/boards/${OTHER}/plays?${range}`);
    expect(otherPlays.statusCode).toBe(200);
    expect(otherPlays.json()).toEqual([]);
    const myPlays = (await admin(c, 'GET', `/api/boards/${BOARD}/plays?${range}`)).json() as { id: string }[];
    expect(myPlays.map((p) => p.id)).toEqual(['pop-mine-1']);
  });
});

describe('the audit trail of sign-ins', () => {
  it('records failed attempts with the account (never a name that is none) and source address, and successful ones as auth.login', async () => {
    const c = await start({ listen: false });
    const guessed = 'wrong guess number one';
    expect((await login(c, 'khong-co-ai', guessed, { ip: '10.20.30.40' })).res.statusCode).toBe(401);
    expect((await login(c, 'admin', guessed, { ip: '10.20.30.41' })).res.statusCode).toBe(401);
    expect((await login(c, 'admin', c.first!.adminPassword!, { ip: '10.20.30.42' })).res.statusCode).toBe(200);

    const failed = await admin(c, 'GET', '/api/audit?action=auth.login.failed');
    expect(failed.statusCode).toBe(200);
    const records = failed.json() as { action: string; actor: { kind: string; name: string }; ip: string | null; target: unknown; after: { reason: string } }[];
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.action === 'auth.login.failed')).toBe(true);
    // What was typed as a name is not kept when it names no account: it may be a password typed in the wrong field.
    expect(records[1]).toMatchObject({ actor: { kind: 'anonymous', name: '(unknown account)' }, ip: '10.20.30.40', target: null, after: { reason: 'wrong username or password' } });
    expect(JSON.stringify(records)).not.toContain('khong-co-ai');
    expect(records[0]).toMatchObject({ actor: { kind: 'anonymous', name: 'admin' }, ip: '10.20.30.41', target: { kind: 'user', id: 'admin' } });
    expect(JSON.stringify(records)).not.toContain(guessed); // never the password tried

    const all = (await admin(c, 'GET', '/api/audit?action=auth.login')).json() as { action: string; actor: { kind: string; name: string }; ip: string | null; target: unknown }[];
    const ok = all.filter((r) => r.action === 'auth.login');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actor: { kind: 'user', name: 'admin' }, ip: '10.20.30.42', target: { kind: 'user', id: 'admin' } });
    expect(JSON.stringify(all)).not.toContain(c.first!.adminPassword!);
  });
});
