// Alerts end to end: a real player socket beats and falls silent on an injected clock; a real SMTP
// server (smtp-server on port 0) and a webhook receiver get the offline and recovery messages
// exactly once; looking again sends nothing more; a controller restart and a scheduled power-off
// raise nothing; the API lists what happened; a failing webhook gets its event once it recovers;
// the daily digest replaces the mails one by one.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSettings, AlertView } from '../../playlists/api/alerts.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import { itemAt } from '../../playlists/timeline.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { DEMO_BOARD } from '../../controller/services/bootstrap.ts';
import type { TestController } from '../helpers/controller.ts';
import { startController, tempDataDir } from '../helpers/controller.ts';
import { adminApi } from '../helpers/api.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';
import type { Mail } from '../helpers/mail.ts';
import { MailCatcher } from '../helpers/mail.ts';

const BOARD = DEMO_BOARD.id;
const NEVER = 'bang-chua-ghep';
const S = 1000;
const MIN = 60 * S;
const PUBLIC = 'https://led.example.vn';
// 10:00 on 01/07/2026 in Buôn Ma Thuột (UTC+7).
const T0 = Date.UTC(2026, 6, 1, 3, 0, 0);

// ---- A mail server and a webhook receiver ----

const mail = new MailCatcher();
const mails = mail.mails;

interface Hook {
  body: { kind: string; event: string; board: { id: string; name: string }; openedAt: string; closedAt: string | null; detail: string; detailEn: string; url: string };
  key: string;
  status: number;
}
const hooks: Hook[] = [];
let failNext = 0;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const status = failNext > 0 ? 500 : 200;
    if (failNext > 0) failNext--;
    hooks.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Hook['body'], key: String(req.headers['idempotency-key']), status });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down for maintenance');
  });
});
const accepted = () => hooks.filter((h) => h.status === 200);

const listen = (server: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

// ---- The controller ----

let clock = T0;
let c: TestController;
const dataDir = tempDataDir();
let alertOptions: NonNullable<Parameters<typeof startController>[0]>['alerts'];
const api = adminApi(() => c);
const sockets: Socket[] = [];
let player: Socket;

async function start(): Promise<void> {
  c = await startController({ dataDir, now: () => clock, alerts: alertOptions });
}

/** A paired player for the board, connected to the current controller. */
async function connectPlayer(): Promise<Socket> {
  const { services } = c.ctx;
  const { token } = await services.pairing.redeemGrant((await services.pairing.createGrant(systemActor('test'), BOARD)).grant, null);
  const socket = connect(c.url, '/player', { token });
  sockets.push(socket);
  await nextEvent<Manifest>(socket, 'manifest');
  return socket;
}

/** One heartbeat saying what the schedule has now (or what `o` says), stored before this resolves. */
async function beat(o: { slideId?: string | null; lastError?: string | null; version?: string } = {}): Promise<void> {
  const m = (await c.ctx.store.manifests.latest(BOARD))!;
  const shown = itemAt(m, clock);
  const stored = new Promise<void>((resolve) => {
    const on = (boardId: string) => {
      if (boardId !== BOARD) return;
      c.ctx.services.events.off('delivery', on);
      resolve();
    };
    c.ctx.services.events.on('delivery', on);
  });
  player.emit('heartbeat', {
    version: o.version ?? m.version,
    slideId: o.slideId !== undefined ? o.slideId : (shown?.item.slideId ?? null),
    black: shown === null,
    clockOffsetMs: 0,
    rttMs: 2,
    uptimeS: 100,
    screen: { width: 576, height: 288 },
    userAgent: 'test player',
    lastError: o.lastError ?? null,
  });
  await stored;
}

/** Time passes in 15-second ticks of the watch job; with `beating`, the player beats each tick. */
async function pass(ms: number, opts: { beating?: boolean; lastError?: string | null } = {}): Promise<{ opened: number; closed: number }> {
  const total = { opened: 0, closed: 0 };
  for (const end = clock + ms; clock < end; ) {
    clock = Math.min(end, clock + 15 * S);
    if (opts.beating) await beat({ lastError: opts.lastError ?? null });
    const r = await c.ctx.services.alerts.evaluate();
    total.opened += r.opened;
    total.closed += r.closed;
  }
  return total;
}

const deliver = () => c.ctx.services.alerts.deliverDue();
const alerts = async (query = ''): Promise<AlertView[]> => {
  const res = await api('GET', `/api/alerts${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertView[];
};

beforeAll(async () => {
  await mail.start();
  const hookPort = await listen(receiver);
  alertOptions = {
    smtpUrl: mail.url,
    emailFrom: 'LEDGate <ledgate@example.vn>',
    emailTo: ['van-hanh@example.vn', 'truc-ban@example.vn'],
    webhookUrl: `http://127.0.0.1:${hookPort}/hook`,
    digest: 'off',
    offlineMinutes: 10,
    publicUrl: PUBLIC,
    // This test runs the watch and the deliveries on its own clock, not the jobs on the wall clock.
    manual: true,
  };
  await start();
  // A board registered but never paired: it must never raise anything.
  expect((await api('POST', '/api/boards', { id: NEVER, name: 'Bảng chưa ghép', width: 576, height: 288 })).statusCode).toBe(201);
  player = await connectPlayer();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await c?.close();
  await mail.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a board that goes dark', () => {
  it('raises nothing while it beats', async () => {
    expect(await pass(3 * MIN, { beating: true })).toEqual({ opened: 0, closed: 0 });
    await deliver();
    expect(mails).toEqual([]);
    expect(hooks).toEqual([]);
  });

  it('once silent for its delay: one offline alert, one mail, one webhook, live on /ops', async () => {
    const ops = connect(c.url, '/ops', { token: c.adminToken });
    sockets.push(ops);
    expect(await nextEvent<AlertView[]>(ops, 'alerts')).toEqual([]);
    const silentFrom = clock;
    expect(await pass(10 * MIN - 15 * S)).toEqual({ opened: 0, closed: 0 });
    await deliver();
    expect(mails).toHaveLength(0);

    const live = nextEvent<AlertView>(ops, 'alert');
    expect(await pass(15 * S)).toEqual({ opened: 1, closed: 0 });
    const alert = await live;
    expect(alert).toMatchObject({ kind: 'offline', boardId: BOARD, closedAt: null });
    expect(Date.parse(alert.since)).toBe(silentFrom);
    // Looking again, for an hour: nothing more.
    expect(await pass(60 * MIN)).toEqual({ opened: 0, closed: 0 });

    await deliver();
    await deliver();
    expect(mails).toHaveLength(1);
    const [mail] = mails as [Mail];
    expect(mail.to.sort()).toEqual(['truc-ban@example.vn', 'van-hanh@example.vn']);
    expect(mail.subject).toBe(`[LEDGate] Mất kết nối: ${DEMO_BOARD.name} · Offline: ${DEMO_BOARD.name}`);
    // Vietnamese first, English below; the time on the board's clock; the link to the board.
    expect(mail.text.indexOf('mất kết nối')).toBeLessThan(mail.text.indexOf('is offline'));
    expect(mail.text).toContain('từ 01/07/2026 10:03');
    expect(mail.text).toContain('since 01/07/2026 10:03');
    expect(mail.text).toContain(`${PUBLIC}/boards/${BOARD}`);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.body).toMatchObject({ kind: 'offline', event: 'open', board: { id: BOARD, name: DEMO_BOARD.name }, closedAt: null, url: `${PUBLIC}/boards/${BOARD}` });
    expect(hooks[0]!.body.detail).toContain('mất kết nối');
    expect(hooks[0]!.body.detailEn).toContain('offline');
    expect(hooks[0]!.key).toBe(`ledgate-alert-${alert.id}-open`);
  });

  it('back online: one recovery, only after a minute of unbroken heartbeats', async () => {
    // Back for 20 s, then silent again: no recovery, no new alert.
    expect(await pass(30 * S, { beating: true })).toEqual({ opened: 0, closed: 0 });
    expect(await pass(5 * MIN)).toEqual({ opened: 0, closed: 0 });
    expect(await pass(45 * S, { beating: true })).toEqual({ opened: 0, closed: 0 });
    expect(await pass(30 * S, { beating: true })).toEqual({ opened: 0, closed: 1 });
    expect(await pass(10 * MIN, { beating: true })).toEqual({ opened: 0, closed: 0 });
    await deliver();
    await deliver();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe(`[LEDGate] Đã kết nối lại: ${DEMO_BOARD.name} · Back online: ${DEMO_BOARD.name}`);
    expect(mails[1]!.text).toContain('đã kết nối lại');
    expect(mails[1]!.text).toContain('is back online');
    expect(mails[1]!.messageId).not.toBe(mails[0]!.messageId);
    expect(hooks.map((h) => `${h.body.kind}:${h.body.event}`)).toEqual(['offline:open', 'offline:close']);
    expect(hooks[1]!.body.closedAt).not.toBeNull();
  });

  it('the API lists it, newest first, and reading changes nothing', async () => {
    const all = await alerts();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'offline', boardId: BOARD, boardName: DEMO_BOARD.name });
    expect(all[0]!.closedAt).not.toBeNull();
    expect(all[0]!.closeDetailEn).toContain('back online');
    expect(all[0]!.deliveries.map((d) => `${d.channel}:${d.event}:${d.deliveredAt ? 'sent' : 'not sent'}`).sort()).toEqual(['email:close:sent', 'email:open:sent', 'webhook:close:sent', 'webhook:open:sent']);
    expect(await alerts('?open=true')).toEqual([]);
    expect(await alerts(`?boardId=${NEVER}`)).toEqual([]);
    expect(await alerts()).toEqual(all);
    // A viewer may read them.
    const viewer = await c.user('nguoi-xem', ['viewer']);
    expect((await api('GET', '/api/alerts', undefined, viewer.token)).statusCode).toBe(200);
    expect((await api('GET', '/api/alerts/settings', undefined, viewer.token)).statusCode).toBe(403);
    // Bad input: 400 in both languages.
    for (const q of ['?limit=0', '?limit=lots', '?open=maybe', '?kind=fire']) {
      const res = await api('GET', `/api/alerts${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().messageVi, q).toBeTruthy();
      expect(res.json().message, q).toBeTruthy();
    }
  });
});

describe('what raises nothing', () => {
  it('a controller restart: a new controller over the same database, hours later', async () => {
    player.close();
    await c.close({ keepData: true });
    clock += 2 * 3_600_000;
    await start();
    expect(c.ctx.services.alerts.startedAt).toBe(clock);
    // The board's last heartbeat is two hours old, but this controller has been up for seconds.
    expect(await pass(45 * S)).toEqual({ opened: 0, closed: 0 });
    player = await connectPlayer();
    expect(await pass(20 * MIN, { beating: true })).toEqual({ opened: 0, closed: 0 });
    await deliver();
    expect(mails).toHaveLength(2);
    expect(hooks).toHaveLength(2);
    expect(await alerts()).toHaveLength(1);
  });

  it('a scheduled power-off: the box switched off with the board raises nothing', async () => {
    const local = new Date(clock + 7 * 3_600_000);
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const start = new Date(local.getTime() + MIN);
    const end = new Date(local.getTime() + 3 * 3_600_000 + MIN);
    const res = await api('PUT', `/api/boards/${BOARD}/display`, { powerOff: [{ window: { start: hhmm(start), end: hhmm(end) } }] });
    expect(res.statusCode, res.body).toBe(200);
    await pass(2 * MIN, { beating: true });
    // Dark for three hours and silent: nothing.
    expect(await pass(3 * 3_600_000 - MIN)).toEqual({ opened: 0, closed: 0 });
    // The window has ended: the board has its delay to come back; it does.
    expect(await pass(5 * MIN)).toEqual({ opened: 0, closed: 0 });
    expect(await pass(5 * MIN, { beating: true })).toEqual({ opened: 0, closed: 0 });
    expect((await api('PUT', `/api/boards/${BOARD}/display`, { powerOff: [] })).statusCode).toBe(200);
    await deliver();
    expect(mails).toHaveLength(2);
    expect(await alerts('?open=true')).toEqual([]);
  });
});

describe('delivery', () => {
  it('a webhook receiver failing twice gets the event once it recovers; the mail goes at once', async () => {
    failNext = 2;
    expect(await pass(15 * S, { beating: true, lastError: 'watchdog: playback stalled' })).toEqual({ opened: 1, closed: 0 });
    await deliver();
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toContain('Trình phát báo lỗi');
    expect(mails[2]!.text).toContain('watchdog: playback stalled');
    expect(hooks.slice(2).map((h) => h.status)).toEqual([500]);
    let [alert] = await alerts('?open=true&kind=player-error');
    expect(alert!.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ attempts: 1, deliveredAt: null, lastError: 'HTTP 500: down for maintenance' });
    // Not yet due again: nothing is sent.
    await deliver();
    expect(hooks).toHaveLength(3);
    clock += 30 * S;
    await deliver();
    expect(hooks.slice(2).map((h) => h.status)).toEqual([500, 500]);
    clock += 60 * S;
    await deliver();
    expect(hooks.slice(2).map((h) => h.status)).toEqual([500, 500, 200]);
    expect(accepted().map((h) => `${h.body.kind}:${h.body.event}`)).toEqual(['offline:open', 'offline:close', 'player-error:open']);
    [alert] = await alerts('?kind=player-error');
    expect(alert!.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ attempts: 3, lastError: null });
    expect(alert!.deliveries.find((d) => d.channel === 'webhook')!.deliveredAt).not.toBeNull();
    // Ten minutes without a new error: it ends; each message once more, and only once.
    expect(await pass(11 * MIN, { beating: true })).toEqual({ opened: 0, closed: 1 });
    await deliver();
    await deliver();
    expect(mails).toHaveLength(4);
    expect(mails[3]!.subject).toContain('Hết lỗi trình phát');
    expect(hooks).toHaveLength(6);
    expect(accepted().map((h) => `${h.body.kind}:${h.body.event}`)).toEqual(['offline:open', 'offline:close', 'player-error:open', 'player-error:close']);
  });

  it('settings: admin only, audited; with the daily digest, one summary mail at 07:00 instead of one each', async () => {
    const editor = await c.user('bien-tap-canh-bao', ['editor']);
    expect((await api('PUT', '/api/alerts/settings', { digest: 'daily' }, editor.token)).statusCode).toBe(403);
    expect((await api('PUT', '/api/alerts/settings', { emailTo: ['khong-phai-thu'] })).statusCode).toBe(400);
    const bad = await api('PUT', '/api/alerts/settings', { webhookUrl: 'ftp://x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageVi).toContain('http');
    const res = await api('PUT', '/api/alerts/settings', { digest: 'daily' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as AlertSettings).toMatchObject({ digest: 'daily', smtpConfigured: true, emailTo: ['van-hanh@example.vn', 'truc-ban@example.vn'], overridden: { digest: true, emailTo: false } });
    const audit = (await api('GET', '/api/audit?action=alerts.settings')).json() as { action: string; after: { digest: string; webhook: string } }[];
    expect(audit[0]).toMatchObject({ action: 'alerts.settings', after: { digest: 'daily' } });
    // The webhook's address may carry a secret: the audit trail keeps only its host.
    expect(audit[0]!.after.webhook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);

    // An alert now: the webhook at once, no mail.
    const mailsBefore = mails.length;
    const hooksBefore = accepted().length;
    await pass(15 * S, { beating: true, lastError: 'QuotaExceededError' });
    await deliver();
    expect(mails).toHaveLength(mailsBefore);
    expect(accepted()).toHaveLength(hooksBefore + 1);
    expect(await c.ctx.services.alerts.queueDigest()).toBeNull();

    // The next morning at 07:05 (Asia/Ho_Chi_Minh): one digest, once.
    const local = new Date(clock + 7 * 3_600_000);
    clock = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, 7, 5) - 7 * 3_600_000;
    const day = await c.ctx.services.alerts.queueDigest();
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await c.ctx.services.alerts.queueDigest()).toBeNull();
    await deliver();
    await deliver();
    expect(mails).toHaveLength(mailsBefore + 1);
    const digest = mails.at(-1)!;
    expect(digest.subject).toContain('Tóm tắt cảnh báo');
    expect(digest.text).toContain('QuotaExceededError');
    expect(digest.text).toContain(`${PUBLIC}/boards/${BOARD}`);
    expect(digest.text.indexOf('Cảnh báo từ 07:00')).toBeLessThan(digest.text.indexOf('Alerts from 07:00'));
    expect((await api('PUT', '/api/alerts/settings', { digest: null })).json().digest).toBe('off');
  });

  it('a board’s own delay: admin only, audited, refused when out of range or for no such board', async () => {
    expect((await api('PUT', `/api/boards/${BOARD}/alert-delay`, { offlineAlertMinutes: 0 })).statusCode).toBe(400);
    expect((await api('PUT', `/api/boards/${BOARD}/alert-delay`, { offlineAlertMinutes: 2000 })).statusCode).toBe(400);
    const missing = await api('PUT', '/api/boards/khong-co-bang-nay/alert-delay', { offlineAlertMinutes: 5 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().messageVi).toContain('khong-co-bang-nay');
    const res = await api('PUT', `/api/boards/${BOARD}/alert-delay`, { offlineAlertMinutes: 3 });
    expect(res.json()).toEqual({ boardId: BOARD, offlineAlertMinutes: 3, effectiveMinutes: 3 });
    const settings = (await api('GET', '/api/alerts/settings')).json() as AlertSettings;
    expect(settings.boards.find((b) => b.boardId === BOARD)?.offlineAlertMinutes).toBe(3);
    expect(settings.boards.find((b) => b.boardId === NEVER)?.offlineAlertMinutes).toBeNull();
    const audit = (await api('GET', '/api/audit?action=alerts.delay')).json() as { target: { id: string }; after: unknown }[];
    expect(audit[0]).toMatchObject({ target: { id: BOARD }, after: { offlineAlertMinutes: 3 } });

    // Three minutes of silence is now enough.
    await pass(MIN, { beating: true });
    expect(await pass(3 * MIN)).toMatchObject({ opened: 1 });
    const open = await alerts('?open=true&kind=offline');
    expect(open).toHaveLength(1);
    // The never-paired board never raised anything, through all of it.
    expect(await alerts(`?boardId=${NEVER}`)).toEqual([]);
  });
});
