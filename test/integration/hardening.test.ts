// Defects found by probing the controller as an attacker and a careless client would, each with
// the probe that found it kept here (the hardening issue). Each refusal is a 4xx in both languages
// that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const api = adminApi(() => c);

beforeAll(async () => {
  c = await startController({ listen: false });
});
afterAll(async () => {
  await c.close();
});

describe('text that hides what it says (defect 11)', () => {
  it.each([
    ['NUL', 'Đắk\u0000Lắk'],
    ['BEL', 'Đắk\u0007Lắk'],
    ['right-to-left override', 'Đắk \u202eLắk'],
    ['zero-width space', 'Đắk\u200bLắk'],
    ['lone surrogate', 'Đắk \ud800 Lắk'],
  ])('refuses a %s in a slide and in a board name, naming it, and stores nothing', async (_name, text) => {
    const before = await c.ctx.store.audit.count();
    const slide = await api('POST', '/api/slides', { id: 'an-chu', kind: 'text', text });
    expect(slide.statusCode).toBe(400);
    expect(slide.json().message).toMatch(/hidden or control character \(U\+[0-9A-F]{4}, position \d+\)/);
    expect(slide.json().messageVi).toMatch(/ký tự ẩn hoặc ký tự điều khiển/);
    const board = await api('POST', '/api/boards', { id: 'an-ten', name: text, width: 576, height: 288 });
    expect(board.statusCode).toBe(400);
    expect(await c.ctx.store.audit.count()).toBe(before);
    expect((await api('GET', '/api/slides/an-chu')).statusCode).toBe(404);
  });

  it('refuses an emergency with nothing a reader can see, and keeps line breaks and ordinary spaces', async () => {
    const blank = await api('POST', '/api/emergencies', { targets: { all: true }, text: '\u200b', durationMinutes: 5 });
    expect(blank.statusCode).toBe(400);
    const dots = await api('POST', '/api/emergencies', { targets: { all: true }, text: '\u3000 \u00a0', durationMinutes: 5 });
    expect(dots.statusCode).toBe(400);
    expect(dots.json().message).toMatch(/must not be empty|nothing a reader can see/);
    const ok = await api('POST', '/api/slides', { id: 'hai-dong', kind: 'text', text: 'Cửa ngõ\nphía Bắc' });
    expect(ok.statusCode).toBe(201);
    expect((await api('GET', '/api/slides/hai-dong')).json().text).toBe('Cửa ngõ\nphía Bắc');
  });
});

describe('two creates of the same id at once (defect 3)', () => {
  it('insert one and refuse the other with 409, even when the check before saving renders for a new board size', async () => {
    for (let round = 0; round < 5; round++) {
      const size = { width: 640 + round * 16, height: 160 };
      await api('POST', '/api/boards', { id: `bang-moi-${round}`, name: `Bảng mới ${round}`, ...size });
      const entry = { id: `cung-ma-${round}`, playlistId: 'hien-ke-2020', targets: { boardIds: [`bang-moi-${round}`] } };
      const [a, b] = await Promise.all([api('POST', '/api/schedule-entries', entry), api('POST', '/api/schedule-entries', { ...entry, priority: 60 })]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      const kept = (await api('GET', `/api/schedule-entries/cung-ma-${round}`)).json();
      // The one acknowledged is the one stored.
      expect(kept.priority).toBe(a.statusCode === 201 ? 50 : 60);
    }
  });
});

describe('previews (defect 12)', () => {
  it('refuses a preview larger than any board (and Full HD), and keeps nothing of one at a size no board has', async () => {
    const huge = await api('GET', '/api/slides/khau-hieu/preview?w=7680&h=4320');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().message).toContain('at most 1920 × 1080');
    const rows = async () => (await c.ctx.store.sql.value('SELECT COUNT(*) FROM renditions')) as number;
    const before = await rows();
    const odd = await api('GET', '/api/slides/khau-hieu/preview?w=1000&h=333');
    expect(odd.statusCode).toBe(200);
    expect(odd.headers['x-rendition-url']).toBeUndefined();
    const typing = await c.app.inject({ method: 'POST', url: `/api/slides/render?board=${BOARD}`, payload: { id: 'dang-go', kind: 'text', text: 'Đang gõ dở' }, headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(typing.statusCode).toBe(200);
    expect(await rows()).toBe(before);
    // A board's own size is kept: it is what the board shows.
    const onBoard = await api('GET', `/api/slides/khau-hieu/preview?board=${BOARD}`);
    expect(onBoard.headers['x-rendition-url']).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
  });
});

describe('security headers (defect 5)', () => {
  it.each(['/', '/player/', '/docs', '/api/boards', '/healthz'])('are on %s', async (url) => {
    const res = await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(res.headers['content-security-policy']);
    if (!url.startsWith('/docs')) {
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
    }
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('small things (defect 13)', () => {
  it('makes a pairing link with the default lifetime when the request has no body', async () => {
    const res = await c.app.inject({ method: 'POST', url: `/api/boards/${BOARD}/grants`, headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(res.statusCode).toBe(201);
    expect(Date.parse(res.json().expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('answers an address with a broken %-escape in both languages', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/api/boards/%E0%A4%A', headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'FST_ERR_BAD_URL', messageVi: expect.stringContaining('Đường dẫn không hợp lệ') });
  });
});
