// Two-person approval: what boards play is only ever the last approved version. Drafts are
// previewed with the same renderer and timeline, never reach a manifest, and are approved by
// someone who did not write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import type { Method } from '../helpers/api.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const t: Record<string, string> = {};
const as = (who: string) => async (method: Method, url: string, payload?: unknown) => {
  const res = await c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${t[who]}` } });
  // The assertions check the bodies' shape; a type here would only repeat them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};
const editor = as('editor');
const approver = as('approver');
const admin = as('admin');
/** The version of a change its reviewer sees. */
const seen = async (id: string) => (await approver('GET', `/api/changes/${id}`)).body.version as number;
const manifest = async (): Promise<Manifest> => (await c.ctx.store.manifests.latest(BOARD))!;
/** Every slide id any segment of the board's manifest can show. */
const slidesOnBoard = async () => new Set((await manifest()).segments.flatMap((s) => (s.kind === 'play' ? s.items.map((i) => i.slideId) : [])));

beforeAll(async () => {
  c = await startController({ listen: false, approval: true });
  t.admin = c.adminToken;
  t.editor = (await c.user('bien-tap', ['editor'])).token;
  t.editor2 = (await c.user('bien-tap-2', ['editor'])).token;
  t.approver = (await c.user('phe-duyet', ['approver'])).token;
});
afterAll(async () => {
  await c.close();
});

describe('an edit of an approved slide', () => {
  let changeId = '';
  const NEW_TEXT = 'Toàn dân tham gia hiến kế xây dựng quê hương Đắk Lắk';

  it('makes a draft; the approved version keeps playing', async () => {
    const before = (await manifest()).version;
    const res = await editor('PUT', '/api/slides/khau-hieu', { kind: 'text', text: NEW_TEXT });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ published: false, change: { status: 'draft', kind: 'slide', targetId: 'khau-hieu', author: 'bien-tap' } });
    changeId = res.body.change.id;
    expect((await manifest()).version).toBe(before);
    expect((await editor('GET', '/api/slides/khau-hieu')).body.text).toBe(SLOGAN);
    const listed = (await editor('GET', '/api/slides')).body as unknown as { id: string; text: string; pendingChange: { id: string } | null }[];
    expect(listed.find((s) => s.id === 'khau-hieu')).toMatchObject({ text: SLOGAN, pendingChange: { id: changeId, status: 'draft' } });
  });

  it('can be previewed on the board beside what plays now, with the same renderer and timeline', async () => {
    const res = await editor('GET', `/api/changes/${changeId}/preview?board=${BOARD}`);
    expect(res.status).toBe(200);
    expect(res.body.board).toMatchObject({ id: BOARD, width: 576, height: 288 });
    const playing = (await manifest()).segments.find((s) => s.kind === 'play')!;
    const approvedItem = playing.kind === 'play' ? playing.items.find((i) => i.slideId === 'khau-hieu')! : null;
    expect(res.body.current).toEqual([{ slideId: 'khau-hieu', type: 'image', url: approvedItem && 'url' in approvedItem ? approvedItem.url : null, durationMs: expect.any(Number) }]);
    expect(res.body.proposed[0].url).not.toBe(res.body.current[0].url);
    const urlsIn = (timeline: { kind: string; items?: { url: string }[] }[]) => new Set(timeline.flatMap((s) => s.items?.map((i) => i.url) ?? []));
    expect(urlsIn(res.body.timeline.proposed).has(res.body.proposed[0].url)).toBe(true);
    expect(urlsIn(res.body.timeline.current).has(res.body.proposed[0].url)).toBe(false);
    // The draft's picture is the one the board would get once approved.
    const img = await c.app.inject({ method: 'GET', url: `/api/slides/khau-hieu/preview?board=${BOARD}&draft=true`, headers: { authorization: `Bearer ${t.editor}` } });
    expect(img.headers['x-rendition-url']).toBe(res.body.proposed[0].url);
  });

  it('is not approved by its own author, nor while it is a draft', async () => {
    expect((await approver('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) })).status).toBe(409);
    expect((await editor('POST', `/api/changes/${changeId}/submit`)).body.status).toBe('submitted');
    const own = await editor('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    expect(own.status).toBe(403);
    // An editor may not review at all; an admin who edited it may not approve it either.
    const adminEdit = await admin('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: NEW_TEXT });
    expect(adminEdit.body.change).toMatchObject({ id: changeId, status: 'submitted', contributors: 2 });
    const selfApproval = await admin('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.messageVi).toContain('Không ai được tự duyệt');
    expect(selfApproval.body.message).toContain('Nobody reviews a change they wrote or edited');
  });

  it('reaches the board once an approver approves it', async () => {
    const before = (await manifest()).version;
    const res = await approver('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', reviewer: 'phe-duyet' });
    expect((await manifest()).version).not.toBe(before);
    expect((await editor('GET', '/api/slides/khau-hieu')).body).toMatchObject({ text: NEW_TEXT });
    expect((await editor('GET', '/api/slides')).body.find((s: { id: string }) => s.id === 'khau-hieu').pendingChange).toBeNull();
    expect((await approver('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) })).status).toBe(409);
  });
});

describe('what an approver approves', () => {
  it('is the version they saw: a draft edited after they looked is refused, and nothing goes live', async () => {
    const draft = await editor('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: 'Phiên bản vô hại' });
    const id = draft.body.change.id;
    const looked = (await approver('GET', `/api/changes/${id}`)).body;
    expect(looked).toMatchObject({ version: 1, proposed: { text: 'Phiên bản vô hại' } });
    // The editor swaps the text while the approver is reading.
    const swapped = await editor('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: 'Phiên bản khác hẳn' });
    expect(swapped.body.change).toMatchObject({ id, version: 2, status: 'submitted' });
    const before = (await manifest()).version;
    const stale = await approver('POST', `/api/changes/${id}/approve`, { version: looked.version });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('edited after you saw it');
    expect(stale.body.messageVi).toContain('đã được sửa sau khi bạn xem');
    expect((await manifest()).version).toBe(before);
    expect((await approver('POST', `/api/changes/${id}/reject`, { version: looked.version, reason: 'Xem lại' })).status).toBe(409);
    expect((await approver('POST', `/api/changes/${id}/approve`, {})).status).toBe(400);
    expect((await editor('DELETE', `/api/changes/${id}`)).body.status).toBe('discarded');
  });
});

describe('a rejected change', () => {
  it('needs a reason, which its author reads; edited, it goes back to draft', async () => {
    const draft = await editor('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: 'Sai chính tả' });
    const id = draft.body.change.id;
    expect((await approver('POST', `/api/changes/${id}/reject`, { version: await seen(id), reason: '  ' })).status).toBe(400);
    const rejected = await approver('POST', `/api/changes/${id}/reject`, { version: await seen(id), reason: 'Sai chính tả ở dòng đầu.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewer: 'phe-duyet', reason: 'Sai chính tả ở dòng đầu.' });
    expect((await editor('GET', `/api/changes/${id}`)).body).toMatchObject({ status: 'rejected', reason: 'Sai chính tả ở dòng đầu.', proposed: { text: 'Sai chính tả' } });
    expect((await slidesOnBoard()).has('khau-hieu')).toBe(true);
    expect((await editor('GET', '/api/slides/khau-hieu')).body.text).not.toBe('Sai chính tả');
    const edited = await editor('PUT', '/api/slides/khau-hieu', { kind: 'text', text: 'Đúng chính tả' });
    expect(edited.body.change).toMatchObject({ id, status: 'draft', reason: null });
    expect((await editor('DELETE', `/api/changes/${id}`)).body.status).toBe('discarded');
  });
});

describe('new slides, playlists and entries', () => {
  it('are drafts until approved in order: a playlist only with approved slides, an entry only with an approved playlist', async () => {
    const before = (await manifest()).version;
    const slide = await editor('POST', '/api/slides?submit=true', { id: 'chao-mung', kind: 'text', text: 'Chào mừng đến Buôn Ma Thuột' });
    expect(slide.status).toBe(201);
    expect((await editor('GET', '/api/slides/chao-mung')).status).toBe(404);
    // A draft playlist may name a draft slide…
    const playlist = await editor('PUT', '/api/playlists/chao-mung?submit=true', { name: 'Chào mừng', items: [{ slideId: 'chao-mung' }] });
    expect(playlist.status).toBe(200);
    // …and a draft entry a draft playlist; nothing reaches the board.
    const entry = await editor('POST', '/api/schedule-entries?submit=true', { id: 'chao-mung-uu-tien', playlistId: 'chao-mung', targets: { boardIds: [BOARD] }, layer: 'interrupt' });
    expect(entry.status).toBe(201);
    expect((await manifest()).version).toBe(before);

    const early = await approver('POST', `/api/changes/${playlist.body.change.id}/approve`, { version: await seen(playlist.body.change.id) });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('slide "chao-mung", which is not approved yet: approve that slide first');
    expect((await approver('POST', `/api/changes/${entry.body.change.id}/approve`, { version: await seen(entry.body.change.id) })).body.message).toContain('Playlist "chao-mung" is not approved yet');

    expect((await approver('POST', `/api/changes/${slide.body.change.id}/approve`, { version: await seen(slide.body.change.id) })).status).toBe(200);
    expect((await approver('POST', `/api/changes/${playlist.body.change.id}/approve`, { version: await seen(playlist.body.change.id) })).status).toBe(200);
    // Approved content that nothing schedules yet changes no board.
    expect((await manifest()).version).toBe(before);
    expect((await slidesOnBoard()).has('chao-mung')).toBe(false);
    expect((await approver('POST', `/api/changes/${entry.body.change.id}/approve`, { version: await seen(entry.body.change.id) })).status).toBe(200);
    expect((await slidesOnBoard()).has('chao-mung')).toBe(true);
  });

  it('deleting an entry is a change too: the entry plays until the deletion is approved', async () => {
    const del = await editor('DELETE', '/api/schedule-entries/chao-mung-uu-tien?submit=true');
    expect(del.body).toMatchObject({ ok: true, published: false, change: { op: 'delete', status: 'submitted' } });
    expect((await slidesOnBoard()).has('chao-mung')).toBe(true);
    expect((await approver('POST', `/api/changes/${del.body.change.id}/approve`, { version: await seen(del.body.change.id) })).status).toBe(200);
    expect((await slidesOnBoard()).has('chao-mung')).toBe(false);
    expect((await editor('GET', '/api/schedule-entries/chao-mung-uu-tien')).status).toBe(404);
  });

  it('refuses a second draft of a new item under the same id, and names the draft to edit', async () => {
    await editor('POST', '/api/slides', { id: 'trung-ma', kind: 'text', text: 'Một' });
    const again = await as('editor2')('POST', '/api/slides', { id: 'trung-ma', kind: 'text', text: 'Hai' });
    expect(again.status).toBe(409);
    expect(again.body.details.changeId).toMatch(/^change-/);
  });
});

describe('the approval switch', () => {
  it('is admin only and audited; off, a save goes live at once; a draft left open must then be revised', async () => {
    const draft = await editor('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: 'Bản nháp của biên tập viên' });
    expect((await editor('PATCH', '/api/settings', { approvalRequired: false })).status).toBe(403);
    const off = await admin('PATCH', '/api/settings', { approvalRequired: false });
    expect(off.body).toEqual({ approvalRequired: false });
    const record = (await c.ctx.store.audit.query({ action: 'settings.update', limit: 1 }))[0]!;
    expect(record).toMatchObject({ actorName: 'admin', before: '{"approvalRequired":true}', after: '{"approvalRequired":false}' });

    const before = (await manifest()).version;
    const direct = await admin('PUT', '/api/slides/khau-hieu', { kind: 'text', text: 'Đăng ngay khi tắt duyệt' });
    expect(direct.body).toMatchObject({ published: true, change: { status: 'approved', reviewer: 'approval switched off' } });
    expect((await manifest()).version).not.toBe(before);
    expect((await editor('GET', '/api/slides/khau-hieu')).body.text).toBe('Đăng ngay khi tắt duyệt');
    // The editor's draft was kept, not lost…
    expect((await editor('GET', `/api/changes/${draft.body.change.id}`)).body).toMatchObject({ status: 'submitted', proposed: { text: 'Bản nháp của biên tập viên' } });

    await admin('PATCH', '/api/settings', { approvalRequired: true });
    // …but it was made from a version that is no longer the approved one.
    const stale = await approver('POST', `/api/changes/${draft.body.change.id}/approve`, { version: await seen(draft.body.change.id) });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('changed since this draft was made');
    expect((await editor('GET', '/api/slides/khau-hieu')).body.text).toBe('Đăng ngay khi tắt duyệt');
    // Revised by its author (who now sees the current approved version), it can be approved.
    await editor('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', text: 'Bản nháp đã sửa lại' });
    expect((await approver('POST', `/api/changes/${draft.body.change.id}/approve`, { version: await seen(draft.body.change.id) })).status).toBe(200);
    expect((await editor('GET', '/api/slides/khau-hieu')).body.text).toBe('Bản nháp đã sửa lại');
  });
});

describe('emergencies', () => {
  it('go out at once without approval, for those with the duty, and say who raised and cleared them', async () => {
    const duty = (await c.user('truc-khan', ['operator'], ['overrides'])).token;
    const res = await c.app.inject({ method: 'POST', url: '/api/emergencies', payload: { targets: { all: true }, text: 'Đường ngập', durationMinutes: 10 }, headers: { authorization: `Bearer ${duty}` } });
    expect(res.statusCode).toBe(201);
    expect((await manifest()).segments.some((s) => s.kind === 'play' && s.layer === 'emergency')).toBe(true);
    const cleared = await admin('DELETE', `/api/emergencies/${res.json().id}`);
    expect(cleared.body).toMatchObject({ createdBy: 'truc-khan', clearedBy: 'admin' });
    const again = await admin('DELETE', `/api/emergencies/${res.json().id}`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('has ended already (cleared by admin)');
    expect((await editor('GET', '/api/emergencies')).body[0]).toMatchObject({ createdBy: 'truc-khan', clearedBy: 'admin' });
  });
});
