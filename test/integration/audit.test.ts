// The audit trail: every mutation route leaves exactly one record naming who did what to what;
// the records read back through the API and as CSV; a record changed afterwards breaks
// `npm run cli -- audit verify` at that record.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../controller/services/auth.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';
import { cli } from '../helpers/cli.ts';


const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const tokens: Record<string, string> = {};
const passwords: Record<string, string> = {};

beforeAll(async () => {
  c = await startController({ approval: true });
  tokens.admin = c.adminToken;
  for (const [name, roles] of [
    ['bien-tap', ['editor']],
    ['phe-duyet', ['approver']],
    ['van-hanh', ['operator']],
  ] as const) {
    const u = await c.user(name, [...roles]);
    tokens[name] = u.token;
    passwords[name] = u.password;
  }
});
afterAll(async () => {
  await c.close();
});

interface Step {
  route: string;
  as: string | null;
  action: string;
  /** The request's body, or a function of what earlier steps left. */
  payload?: unknown;
  url?: string;
  cookie?: string;
  expect?: number;
}

describe('audit trail', () => {
  const exercised = new Set<string>();

  /** Runs one request and checks that it left exactly one record, with this action, by this actor. */
  async function step(s: Step) {
    const before = await c.ctx.store.audit.count();
    const [method, pattern] = s.route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    const headers: Record<string, string> = s.as ? { authorization: `Bearer ${tokens[s.as]}` } : {};
    const res = await c.app.inject({ method, url: s.url ?? pattern, payload: s.payload as object, headers, ...(s.cookie ? { cookies: { ledgate_session: s.cookie } } : {}) });
    expect(res.statusCode, `${s.route}: ${res.body}`).toBe(s.expect ?? 200);
    const added = (await c.ctx.store.audit.query({ limit: 5 })).filter((r) => r.seq > before);
    expect(added.map((r) => r.action), s.route).toEqual([s.action]);
    if (s.as) expect(added[0]!.actorName, s.route).toBe(s.as);
    exercised.add(s.route);
    return res;
  }

  it('records exactly one entry for every change, through every mutation route', async () => {
    // Accounts.
    let r = await step({ route: 'POST /api/users', as: 'admin', action: 'user.create', payload: { username: 'moi-vao', roles: ['viewer'] }, expect: 201 });
    const temporary = r.json().temporaryPassword as string;
    await step({ route: 'PATCH /api/users/{username}', url: '/api/users/moi-vao', as: 'admin', action: 'user.update', payload: { roles: ['viewer', 'editor'] } });
    r = await step({ route: 'POST /auth/login', as: null, action: 'auth.login', payload: { username: 'moi-vao', password: temporary } });
    let cookie = r.cookies.find((k) => k.name === 'ledgate_session')!.value;
    await step({ route: 'POST /auth/login', as: null, action: 'auth.login.failed', payload: { username: 'moi-vao', password: 'sai-mat-khau-roi' }, expect: 401 });
    r = await step({ route: 'POST /api/me/password', as: null, cookie, action: 'account.password.change', payload: { currentPassword: temporary, newPassword: 'mat-khau-rieng-cua-toi' } });
    cookie = r.cookies.find((k) => k.name === 'ledgate_session')!.value;
    r = await step({ route: 'POST /api/me/tokens', as: null, cookie, action: 'account.token.create', payload: { label: 'script' }, expect: 201 });
    await step({ route: 'DELETE /api/me/sessions/{id}', url: `/api/me/sessions/${r.json().id}`, as: null, cookie, action: 'account.session.end' });
    r = await step({ route: 'POST /api/me/totp', as: null, cookie, action: 'account.totp.begin' });
    await step({ route: 'POST /api/me/totp/confirm', as: null, cookie, action: 'account.totp.enable', payload: { code: await AuthService.totpNow(r.json().secret) } });
    await step({ route: 'POST /api/me/totp/disable', as: null, cookie, action: 'account.totp.disable', payload: { password: 'mat-khau-rieng-cua-toi' } });
    await step({ route: 'POST /auth/logout', as: null, cookie, action: 'auth.logout' });
    r = await step({ route: 'POST /auth/login', as: null, action: 'auth.login', payload: { username: 'moi-vao', password: 'mat-khau-rieng-cua-toi' } });
    const sessionId = (await c.app.inject({ method: 'GET', url: '/api/users/moi-vao/sessions', headers: { authorization: `Bearer ${tokens.admin}` } })).json()[0].id as string;
    await step({ route: 'DELETE /api/users/{username}/sessions/{id}', url: `/api/users/moi-vao/sessions/${sessionId}`, as: 'admin', action: 'account.session.end' });
    await step({ route: 'DELETE /api/users/{username}/sessions', url: '/api/users/moi-vao/sessions', as: 'admin', action: 'user.sessions.end' });
    await step({ route: 'POST /api/users/{username}/reset-password', url: '/api/users/moi-vao/reset-password', as: 'admin', action: 'user.password.reset', payload: {} });
    await step({ route: 'PATCH /api/settings', as: 'admin', action: 'settings.update', payload: { approvalRequired: true } });
    await step({ route: 'PUT /api/reports/letterhead', as: 'admin', action: 'reports.letterhead', payload: { signerTitle: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn A' } });
    await step({ route: 'PUT /api/report-schedules/{id}', url: '/api/report-schedules/hang-thang', as: 'admin', action: 'report-schedule.save', payload: { name: 'Báo cáo tháng', frequency: 'monthly', recipients: ['lanh-dao@example.vn'] } });
    // No mail server here: the run fails (and says so), but the request is recorded.
    r = await step({ route: 'POST /api/report-schedules/{id}/run', url: '/api/report-schedules/hang-thang/run', as: 'admin', action: 'report-schedule.run' });
    expect(r.json()).toMatchObject({ lastResult: 'failed', mailConfigured: false });
    await step({ route: 'DELETE /api/report-schedules/{id}', url: '/api/report-schedules/hang-thang', as: 'admin', action: 'report-schedule.delete' });
    await step({ route: 'PUT /api/alerts/settings', as: 'admin', action: 'alerts.settings', payload: { emailTo: ['van-hanh@example.vn'] } });
    await step({ route: 'PUT /api/boards/{id}/alert-delay', url: `/api/boards/${BOARD}/alert-delay`, as: 'admin', action: 'alerts.delay', payload: { offlineAlertMinutes: 15 } });

    // Content, drafts and approval.
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#a50e0e' } }).png().toBuffer();
    r = await step({ route: 'POST /api/media', url: '/api/media?name=nen.png', as: 'bien-tap', action: 'media.upload', payload: png, expect: 201 });
    r = await step({ route: 'POST /api/slides', as: 'bien-tap', action: 'slide.draft', payload: { id: 'loi-chao', kind: 'text', text: 'Chào mừng đến Buôn Ma Thuột' }, expect: 201 });
    const slideChange = r.json().change.id as string;
    await step({ route: 'PUT /api/slides/{id}', url: '/api/slides/loi-chao', as: 'bien-tap', action: 'slide.draft', payload: { kind: 'text', text: 'Chào mừng quý khách đến Buôn Ma Thuột' } });
    await step({ route: 'POST /api/changes/{id}/submit', url: `/api/changes/${slideChange}/submit`, as: 'bien-tap', action: 'change.submit' });
    await step({ route: 'POST /api/changes/{id}/reject', url: `/api/changes/${slideChange}/reject`, as: 'phe-duyet', action: 'change.reject', payload: { version: 2, reason: 'Thêm dấu chấm than' } });
    await step({ route: 'POST /api/changes/{id}/submit', url: `/api/changes/${slideChange}/submit`, as: 'bien-tap', action: 'change.submit' });
    await step({ route: 'POST /api/changes/{id}/approve', url: `/api/changes/${slideChange}/approve`, as: 'phe-duyet', action: 'change.approve', payload: { version: 2 } });
    r = await step({ route: 'PUT /api/playlists/{id}', url: '/api/playlists/chao-mung', as: 'bien-tap', action: 'playlist.draft', payload: { name: 'Chào mừng', items: [{ slideId: 'loi-chao' }] } });
    await step({ route: 'DELETE /api/changes/{id}', url: `/api/changes/${r.json().change.id}`, as: 'bien-tap', action: 'change.discard' });
    r = await step({ route: 'POST /api/schedule-entries', url: '/api/schedule-entries?submit=true', as: 'bien-tap', action: 'entry.submit', payload: { id: 'them-lich', playlistId: 'hien-ke-2020', targets: { boardIds: [BOARD] } }, expect: 201 });
    await step({ route: 'POST /api/changes/{id}/approve', url: `/api/changes/${r.json().change.id}/approve`, as: 'admin', action: 'change.approve', payload: { version: 1 } });
    await step({ route: 'PUT /api/schedule-entries/{id}', url: '/api/schedule-entries/them-lich', as: 'bien-tap', action: 'entry.draft', payload: { playlistId: 'hien-ke-2020', targets: { boardIds: [BOARD] }, priority: 60 } });
    await step({ route: 'DELETE /api/schedule-entries/{id}', url: '/api/schedule-entries/them-lich', as: 'bien-tap', action: 'entry.delete.draft' });

    // Boards, groups, devices.
    await step({ route: 'POST /api/boards', as: 'admin', action: 'board.create', payload: { id: 'cua-ngo-phia-nam', name: 'Cửa ngõ phía Nam', width: 1216, height: 400 }, expect: 201 });
    await step({ route: 'PATCH /api/boards/{id}', url: '/api/boards/cua-ngo-phia-nam', as: 'admin', action: 'board.update', payload: { pitchMm: 16 } });
    await step({ route: 'PUT /api/boards/{id}/display', url: '/api/boards/cua-ngo-phia-nam/display', as: 'admin', action: 'board.display', payload: { powerOff: [{ window: { start: '23:00', end: '05:00' } }] } });
    await step({ route: 'PUT /api/groups/{id}', url: '/api/groups/phia-nam', as: 'admin', action: 'group.create', payload: { name: 'Phía Nam', boardIds: ['cua-ngo-phia-nam'] } });
    await step({ route: 'DELETE /api/groups/{id}', url: '/api/groups/phia-nam', as: 'admin', action: 'group.delete' });
    r = await step({ route: 'POST /api/boards/{id}/grants', url: '/api/boards/cua-ngo-phia-nam/grants', as: 'van-hanh', action: 'device.grant', payload: {}, expect: 201 });
    const grant = new URL(r.json().url as string).searchParams.get('grant')!;
    await step({ route: 'POST /player-api/grants/redeem', as: null, action: 'device.pair', payload: { grant } });
    const pairing = connect(c.url, '/pairing');
    const { code } = await nextEvent<{ code: string }>(pairing, 'pairing:code');
    await step({ route: 'POST /api/pairings/approve', as: 'van-hanh', action: 'device.pair', payload: { code, boardId: 'cua-ngo-phia-nam' } });
    pairing.close();
    const device = (await c.app.inject({ method: 'GET', url: '/api/boards/cua-ngo-phia-nam/devices', headers: { authorization: `Bearer ${tokens.admin}` } })).json()[0].id as string;
    await step({ route: 'POST /api/devices/{id}/revoke', url: `/api/devices/${device}/revoke`, as: 'van-hanh', action: 'device.revoke' });

    // Deleting what nothing uses (the board last, once nothing names it).
    await step({ route: 'PUT /api/playlists/{id}', url: '/api/playlists/bo-di', as: 'bien-tap', action: 'playlist.draft', payload: { name: 'Bỏ đi', items: [{ slideId: 'loi-chao' }] } });
    await c.app.inject({ method: 'DELETE', url: `/api/changes/${(await c.ctx.services.changes.pendingOf('playlist', 'bo-di'))!.id}`, headers: { authorization: `Bearer ${tokens['bien-tap']}` } });
    await step({ route: 'DELETE /api/slides/{id}', url: '/api/slides/loi-chao', as: 'bien-tap', action: 'slide.delete' });
    const unused = await c.app.inject({ method: 'PUT', url: '/api/playlists/khong-dung?submit=true', payload: { name: 'Không dùng', items: [{ slideId: 'khau-hieu' }] }, headers: { authorization: `Bearer ${tokens['bien-tap']}` } });
    await c.app.inject({ method: 'POST', url: `/api/changes/${unused.json().change.id}/approve`, payload: { version: 1 }, headers: { authorization: `Bearer ${tokens['phe-duyet']}` } });
    await step({ route: 'DELETE /api/playlists/{id}', url: '/api/playlists/khong-dung', as: 'bien-tap', action: 'playlist.delete' });
    await step({ route: 'POST /api/boards', as: 'admin', action: 'board.create', payload: { id: 'bang-tam', name: 'Bảng tạm', width: 576, height: 288 }, expect: 201 });
    await step({ route: 'DELETE /api/boards/{id}', url: '/api/boards/bang-tam', as: 'admin', action: 'board.delete' });

    // Emergencies and blackouts: at once, with who raised and who cleared.
    r = await step({ route: 'POST /api/emergencies', as: 'admin', action: 'emergency.raise', payload: { targets: { all: true }, text: 'Đường ngập, đi đường khác', durationMinutes: 30 }, expect: 201 });
    r = await step({ route: 'DELETE /api/emergencies/{id}', url: `/api/emergencies/${r.json().id}`, as: 'admin', action: 'emergency.clear' });
    expect(r.json()).toMatchObject({ createdBy: 'admin', clearedBy: 'admin' });
    r = await step({ route: 'POST /api/blackouts', as: 'admin', action: 'blackout.raise', payload: { targets: { boardIds: ['cua-ngo-phia-nam'] } }, expect: 201 });
    await step({ route: 'DELETE /api/blackouts/{id}', url: `/api/blackouts/${r.json().id}`, as: 'admin', action: 'blackout.clear' });

    // Two POSTs only read: they leave no record.
    const before = await c.ctx.store.audit.count();
    const check = await c.app.inject({ method: 'POST', url: '/api/schedule-entries/check', payload: { playlistId: 'hien-ke-2020', targets: { boardIds: [BOARD] } }, headers: { authorization: `Bearer ${tokens['bien-tap']}` } });
    expect(check.statusCode).toBe(200);
    const drawn = await c.app.inject({ method: 'POST', url: '/api/slides/render?w=576&h=288', payload: { id: 'thu', kind: 'text', text: 'Thử' }, headers: { authorization: `Bearer ${tokens['bien-tap']}` } });
    expect(drawn.statusCode).toBe(200);
    expect(await c.ctx.store.audit.count()).toBe(before);
    const readOnly = new Set(['POST /api/schedule-entries/check', 'POST /api/slides/render']);

    // Every route that can change something was exercised above.
    const doc = (await c.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const mutations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'get').map((m) => `${m.toUpperCase()} ${p}`));
    expect(mutations.filter((m) => !exercised.has(m) && !readOnly.has(m)).sort(), 'mutation routes without an audit check here').toEqual([]);
  });

  it('keeps before and after, actor, role and source address in each record', async () => {
    const records = (await c.app.inject({ method: 'GET', url: '/api/audit?action=board.update', headers: { authorization: `Bearer ${tokens.admin}` } })).json();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'board.update', actor: { kind: 'user', name: 'admin', roles: ['admin'] }, ip: '127.0.0.1', target: { kind: 'board', id: 'cua-ngo-phia-nam' } });
    expect(records[0].before.pitchMm).toBe(10);
    expect(records[0].after.pitchMm).toBe(16);
  });

  it('filters by actor, action prefix, target and period, and pages backwards', async () => {
    const get = async (q: string) => (await c.app.inject({ method: 'GET', url: `/api/audit?${q}`, headers: { authorization: `Bearer ${tokens.admin}` } })).json() as { seq: number; action: string; actor: { name: string } }[];
    expect((await get('actor=phe-duyet')).map((r) => r.action)).toEqual(['change.approve', 'change.approve', 'change.reject']);
    expect(new Set((await get('action=change')).map((r) => r.action))).toEqual(new Set(['change.submit', 'change.reject', 'change.approve', 'change.discard']));
    expect((await get('targetKind=slide&targetId=loi-chao')).map((r) => r.action)).toEqual(['slide.delete', 'change.approve', 'change.submit', 'change.reject', 'change.submit', 'slide.draft', 'slide.draft']);
    expect(await get(`from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    const page1 = await get('limit=3');
    const page2 = await get(`limit=3&before=${page1[2]!.seq}`);
    expect(page2[0]!.seq).toBe(page1[2]!.seq - 1);
    expect((await c.app.inject({ method: 'GET', url: '/api/audit?from=yesterday', headers: { authorization: `Bearer ${tokens.admin}` } })).statusCode).toBe(400);
  });

  it('exports the selected records as CSV that Excel opens in Vietnamese', async () => {
    await c.app.inject({ method: 'PUT', url: '/api/playlists/cong-thuc', payload: { name: '=HYPERLINK("http://x")', items: [{ slideId: 'khau-hieu' }] }, headers: { authorization: `Bearer ${tokens['bien-tap']}` } });
    const res = await c.app.inject({ method: 'GET', url: '/api/audit/export.csv?action=playlist', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(res.headers['content-type'], res.body).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="ledgate-audit-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(res.body.startsWith('\uFEFFseq,at (UTC),actor kind,actor')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    const viaApi = (await c.app.inject({ method: 'GET', url: '/api/audit?action=playlist&limit=1000', headers: { authorization: `Bearer ${tokens.admin}` } })).json() as unknown[];
    expect(lines).toHaveLength(viaApi.length + 1);
    expect(lines[1]).toContain('Chào mừng');
    expect(lines.at(-1)).toMatch(/^\d+,[^,]+,user,bien-tap,editor,127\.0\.0\.1,playlist\.draft,playlist,cong-thuc,/);
  });

  it('keeps a sign-in attempt with malformed text verifiable, and never keeps a name that is not an account', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'x\ud800y mat-khau-go-nham', password: 'whatever-123' } });
    expect(res.statusCode).toBe(401);
    const last = (await c.ctx.store.audit.query({ limit: 1 }))[0]!;
    expect(last).toMatchObject({ action: 'auth.login.failed', actorName: '(unknown account)' });
    expect(await c.ctx.services.audit.verify()).toMatchObject({ ok: true, breaks: 0 });
  });

  it('refuses to change or delete a record (append-only), and `audit verify` finds a record changed behind its back', async () => {
    await expect(c.ctx.store.sql.run("UPDATE audit_log SET actor_name = 'ai-do' WHERE seq = 3")).rejects.toMatchObject({ reason: expect.stringMatching(/append-only/) });
    await expect(c.ctx.store.sql.run('DELETE FROM audit_log WHERE seq = 3')).rejects.toMatchObject({ reason: expect.stringMatching(/append-only/) });
    const intact = await cli(c.dataDir, 'audit', 'verify');
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(new RegExp(`Audit trail intact: ${await c.ctx.store.audit.count()} records`));
    const head = /Head .*: (\d+:[0-9a-f]{64})/.exec(intact.stdout)![1]!;
    expect((await cli(c.dataDir, 'audit', 'verify', '--head', head)).code).toBe(0);

    // Someone with the database file drops the guard and rewrites who did record 7.
    const pg = c.ctx.store.dialect === 'postgres';
    await c.ctx.store.sql.exec(pg ? 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete' : 'DROP TRIGGER audit_log_no_update');
    (await c.ctx.store.sql.run("UPDATE audit_log SET actor_name = 'ai-do' WHERE seq = 7"));
    const broken = await cli(c.dataDir, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken at record 7');
    expect(broken.stderr).toContain('Record 7 does not match its hash');
    expect(broken.stderr).toContain('bản ghi đã bị sửa');

    // Recomputing its hash does not hide it: the next record's link breaks.
    const row = (await c.ctx.store.sql.get('SELECT * FROM audit_log WHERE seq = 7')) as Record<string, unknown>;
    const { auditHash } = await import('../../controller/store/audit-repo.ts');
    const rehashed = auditHash({ seq: 7, at: row.at, actorKind: row.actor_kind, actorId: row.actor_id, actorName: row.actor_name, actorRoles: row.actor_roles, ip: row.ip, action: row.action, targetKind: row.target_kind, targetId: row.target_id, before: row.before, after: row.after, prevHash: row.prev_hash } as never);
    (await c.ctx.store.sql.run('UPDATE audit_log SET hash = ? WHERE seq = 7', rehashed));
    const relinked = await cli(c.dataDir, 'audit', 'verify');
    expect(relinked.code).toBe(1);
    expect(relinked.stderr).toContain('Record 8 does not link to the one before it');

    // Rewriting the whole chain from there on, or cutting its end off, is caught against a head
    // noted earlier.
    if (!pg) await c.ctx.store.sql.exec('DROP TRIGGER audit_log_no_delete');
    (await c.ctx.store.sql.run('DELETE FROM audit_log WHERE seq = ?', Number(head.split(':')[0])));
    const cut = await cli(c.dataDir, 'audit', 'verify', '--head', head);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('2 broken links in all');
  }, 120_000); // five command-line runs
});
