import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, playingNow } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const play = playingNow;

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const api = adminApi(() => c);
const version = async () => (await c.ctx.store.manifests.latest(BOARD))!.version;

beforeAll(async () => {
  c = await startController({ listen: false });
});
afterAll(async () => {
  await c.close();
});

describe('first start', () => {
  it('imports the seed campaign, registers the demo board and schedules the campaign on it', async () => {
    const board = (await api('GET', `/api/boards/${BOARD}`)).json();
    expect(board).toMatchObject({ name: 'Cửa ngõ phía Bắc – Quốc lộ 14', width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' });
    const entries = (await api('GET', '/api/schedule-entries')).json();
    expect(entries).toEqual([expect.objectContaining({ playlistId: 'hien-ke-2020', targets: { boardIds: [BOARD], groupIds: [] }, recurrence: { kind: 'always' }, layer: 'campaign' })]);
    const slogan = (await api('GET', '/api/slides/khau-hieu')).json();
    expect(slogan.text).toBe(SLOGAN);
  });

  it('previews a slide as the PNG a board would show, with its legibility', async () => {
    const res = await api('GET', `/api/slides/khau-hieu/preview?board=${BOARD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const manifest = (await api('GET', `/api/boards/${BOARD}/manifest`)).json();
    const first = play(manifest).items[0]!;
    expect(first.type === 'image' && res.headers['x-rendition-url']).toBe(first.type === 'image' ? first.url : false);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(first.sha256);
    const report = JSON.parse(String(res.headers['x-legibility']));
    expect(report.capHeightPx).toBeGreaterThanOrEqual(14);
    expect(report.capHeightMm).toBe(report.capHeightPx * 10);
    expect((await api('GET', '/api/slides/khau-hieu/preview?w=10&h=10')).statusCode).toBe(400);
  });
});

describe('bad input changes nothing', () => {
  it('refuses a slide too long for a board it plays on (422), keeping the old text and manifest', async () => {
    const before = await version();
    const res = await api('PUT', '/api/slides/khau-hieu', { kind: 'text', text: `${(SLOGAN + ' ').repeat(17)}`.trim(), durationSeconds: 10 });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/^Slide "khau-hieu" on board "Cửa ngõ phía Bắc – Quốc lộ 14": The text is too long/);
    expect(res.json().messageVi).toMatch(/Nội dung quá dài/);
    expect((await api('GET', '/api/slides/khau-hieu')).json().text).toBe(SLOGAN);
    expect(await version()).toBe(before);
  });

  it('refuses a playlist naming a missing slide (400), keeping the playlist', async () => {
    const before = (await api('GET', '/api/playlists/hien-ke-2020')).json();
    const res = await api('PUT', '/api/playlists/hien-ke-2020', { name: 'x', items: [{ slideId: 'khau-hieu' }, { slideId: 'khong-co' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('Item 2 uses slide "khong-co"'), details: { path: 'items.1.slideId' } });
    expect((await api('GET', '/api/playlists/hien-ke-2020')).json()).toEqual(before);
  });

  it('refuses an empty playlist, a bad duration and a bad id with field-by-field messages in both languages', async () => {
    const empty = await api('PUT', '/api/playlists/hien-ke-2020', { name: 'x', items: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('body.items: a playlist needs at least one slide');
    expect(empty.json().messageVi).toContain('body.items: danh sách phát cần ít nhất một trang');
    const short = await api('POST', '/api/slides', { id: 'ngan', kind: 'text', text: 'Xin chào', durationSeconds: 1 });
    expect(short.statusCode).toBe(400);
    expect(short.json().messageVi).toContain('ít nhất 2 giây');
    const id = await api('POST', '/api/slides', { id: 'Có Dấu', kind: 'text', text: 'Xin chào' });
    expect(id.statusCode).toBe(400);
    expect(id.json().details[0].field).toBe('body.id');
    expect((await api('GET', '/api/slides/ngan')).statusCode).toBe(404);
  });

  it('refuses a schedule entry for an unknown playlist or board', async () => {
    const before = (await api('GET', '/api/schedule-entries')).json();
    expect((await api('POST', '/api/schedule-entries', { playlistId: 'khong-co', targets: { boardIds: [BOARD] } })).statusCode).toBe(400);
    const res = await api('POST', '/api/schedule-entries', { playlistId: 'hien-ke-2020', targets: { boardIds: ['khong-co'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().messageVi).toContain('Không có bảng "khong-co"');
    expect((await api('GET', '/api/schedule-entries')).json()).toEqual(before);
  });

  it('refuses a malformed JSON body with 400', async () => {
    const res = await c.app.inject({ method: 'PUT', url: '/api/playlists/hien-ke-2020', headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().messageVi).toBe('Nội dung gửi lên không phải JSON hợp lệ.');
  });

  it('stores NFD text as NFC', async () => {
    const res = await api('POST', '/api/slides', { id: 'nfd', kind: 'text', text: 'Đắk Lắk giàu đẹp'.normalize('NFD') });
    expect(res.statusCode).toBe(201);
    expect((await api('GET', '/api/slides/nfd')).json().text).toBe('Đắk Lắk giàu đẹp'.normalize('NFC'));
  });
});

describe('deleting, with what uses it shown first', () => {
  it('refuses to delete a slide or playlist still in use, naming the users, and deletes what nothing uses', async () => {
    const usage = (await api('GET', '/api/slides/khau-hieu/usage')).json();
    expect(usage.usedBy).toEqual([{ kind: 'playlist', id: 'hien-ke-2020', name: expect.any(String) }]);
    const refused = await api('DELETE', '/api/slides/khau-hieu');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('still used by playlist');
    expect(refused.json().details.usedBy).toEqual(usage.usedBy);
    expect((await api('GET', '/api/slides/khau-hieu')).statusCode).toBe(200);

    const playlistUsage = (await api('GET', '/api/playlists/hien-ke-2020/usage')).json();
    expect(playlistUsage.usedBy.map((u: { kind: string; id: string }) => `${u.kind}:${u.id}`).sort()).toEqual(['entry:demo-hien-ke-2020', 'group:tat-ca-cua-ngo']);
    expect((await api('DELETE', '/api/playlists/hien-ke-2020')).statusCode).toBe(409);

    await api('POST', '/api/slides', { id: 'tam-thoi', kind: 'text', text: 'Tạm thời' });
    await api('PUT', '/api/playlists/tam-thoi', { name: 'Tạm thời', items: [{ slideId: 'tam-thoi' }] });
    expect((await api('DELETE', '/api/slides/tam-thoi')).statusCode).toBe(409);
    expect((await api('DELETE', '/api/playlists/tam-thoi')).json()).toEqual({ ok: true });
    expect((await api('DELETE', '/api/slides/tam-thoi')).json()).toEqual({ ok: true });
    expect((await api('GET', '/api/slides/tam-thoi')).statusCode).toBe(404);
    expect((await api('DELETE', '/api/slides/tam-thoi')).statusCode).toBe(404);
  });

  it('refuses to delete a board a schedule entry names, and otherwise cuts its players off', async () => {
    expect((await api('GET', `/api/boards/${BOARD}/usage`)).json().usedBy.map((u: { kind: string }) => u.kind).sort()).toEqual(['entry', 'group']);
    const refused = await api('DELETE', `/api/boards/${BOARD}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().messageVi).toContain('còn có trong lịch');
    await api('POST', '/api/boards', { id: 'bang-thu', name: 'Bảng thử', width: 576, height: 288 });
    await api('PUT', '/api/groups/tat-ca-cua-ngo', { name: 'Tất cả cửa ngõ', boardIds: [BOARD, 'bang-thu'], defaultPlaylistId: 'hien-ke-2020' });
    expect((await api('DELETE', '/api/boards/bang-thu')).json()).toEqual({ ok: true });
    expect((await api('GET', '/api/groups/tat-ca-cua-ngo')).json().boardIds).toEqual([BOARD]);
    expect((await api('GET', '/api/boards/bang-thu')).statusCode).toBe(404);
  });
});

describe('campaigns', () => {
  it('exports a campaign as the YAML file the import reads', async () => {
    expect((await api('GET', '/api/campaigns')).json()).toEqual([expect.objectContaining({ id: 'hien-ke-2020', slides: expect.any(Number), playlists: 1 })]);
    const res = await api('GET', '/api/campaigns/hien-ke-2020/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    const { parseCampaignFile } = await import('../../controller/services/campaign-import.ts');
    const file = parseCampaignFile(res.body, 'export.yaml');
    expect(file.slides.find((s) => s.id === 'khau-hieu')).toMatchObject({ kind: 'text' });
    expect(file.playlists[0]!.id).toBe('hien-ke-2020');
    expect(file.slides.map((s) => s.id)).toEqual((await api('GET', '/api/playlists/hien-ke-2020')).json().items.map((i: { slideId: string }) => i.slideId).filter((id: string, i: number, all: string[]) => all.indexOf(id) === i));
    expect((await api('GET', '/api/campaigns/khong-co/export')).statusCode).toBe(404);
  });
});

describe('restart', () => {
  it('keeps everything and never sets up (or prints a password) twice', async () => {
    const dataDir = c.dataDir;
    const v = await version();
    await c.close({ keepData: true });
    c = await startController({ dataDir, listen: false });
    expect(c.first).toBeNull();
    expect(await version()).toBe(v);
    expect((await api('GET', '/api/slides/nfd')).statusCode).toBe(200);
    expect(await c.ctx.store.users.count()).toBe(1);
  });
});
