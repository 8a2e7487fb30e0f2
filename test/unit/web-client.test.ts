// The web app's API client when the session cookie is renewed (a password change): a request sent
// with the old cookie while the change is on its way is sent again, not taken for an ended session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API } from '../../playlists/api/index.ts';
import { call, SESSION_ENDED } from '../../web/src/api/client.ts';

interface Pending {
  path: string;
  cookie: string;
  answer: (status: number, body: unknown) => void;
}

describe('web API client', () => {
  let cookie: string;
  let pending: Pending[];
  let ended: number;

  beforeEach(() => {
    cookie = 'old';
    pending = [];
    ended = 0;
    const target = new EventTarget();
    target.addEventListener(SESSION_ENDED, () => (ended += 1));
    vi.stubGlobal('window', target);
    // A fetch the test answers by hand, in the order it chooses; the "browser" sends the cookie it holds at sending time.
    vi.stubGlobal('fetch', (url: string) => {
      const sentWith = cookie;
      return new Promise<Response>((resolve) => {
        pending.push({
          path: new URL(url, 'http://x').pathname,
          cookie: sentWith,
          answer: (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
        });
      });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const next = async (path: string): Promise<Pending> => {
    await vi.waitFor(() => expect(pending.some((p) => p.path === path)).toBe(true));
    const i = pending.findIndex((p) => p.path === path);
    return pending.splice(i, 1)[0]!;
  };
  const me = { username: 'tran.thi.binh' };
  const unauthorized = { code: 'unauthorized', message: 'Sign in first.', messageVi: 'Hãy đăng nhập trước.' };

  it('sends again, with the new session, a request refused while the password was being changed', async () => {
    const change = call(API.changePassword, { body: { currentPassword: 'a'.repeat(12), newPassword: 'b'.repeat(12) } });
    const changeReq = await next('/api/me/password');
    // The controller ended the old session and cut the live view; the view asks who is signed in.
    const who = call(API.me);
    const first = await next('/api/me');
    expect(first.cookie).toBe('old');
    first.answer(401, unauthorized);
    // Then the change's answer arrives with the new cookie.
    cookie = 'new';
    changeReq.answer(200, { ok: true });
    await change;
    const again = await next('/api/me');
    expect(again.cookie).toBe('new');
    again.answer(200, me);
    expect(await who).toEqual(me);
    expect(ended).toBe(0);
  });

  it('still says the session ended when nothing renewed it', async () => {
    const who = call(API.me);
    (await next('/api/me')).answer(401, unauthorized);
    await expect(who).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(ended).toBe(1);
    expect(pending).toHaveLength(0);
  });

  it('says it ended when the request sent again with the new cookie is refused too', async () => {
    const change = call(API.changePassword, { body: { currentPassword: 'a'.repeat(12), newPassword: 'b'.repeat(12) } });
    const changeReq = await next('/api/me/password');
    const who = call(API.me);
    (await next('/api/me')).answer(401, unauthorized);
    changeReq.answer(200, { ok: true });
    await change;
    (await next('/api/me')).answer(401, unauthorized);
    await expect(who).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
  });
});
