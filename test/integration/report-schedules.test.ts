// Scheduled reports end to end, on an injected clock, with a real SMTP server (smtp-server on port
// 0): a monthly schedule saved mid-July runs on 1 August at 07:00 in Buôn Ma Thuột and mails the
// July DOCX once; its next run is 1 September; a bad recipient is refused at save in both
// languages; with the mail server down the run fails visibly (kept error, an open 'report-failed'
// alert, the schedule still on) and the retry sends once the server is back and closes the alert;
// only an admin saves, runs or deletes, and each is audited.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../playlists/api/alerts.ts';
import type { ReportScheduleView } from '../../playlists/api/reports.ts';
import { DEMO_BOARD } from '../../controller/services/bootstrap.ts';
import type { TestController } from '../helpers/controller.ts';
import { startController, tempDataDir } from '../helpers/controller.ts';
import { adminApi } from '../helpers/api.ts';
import type { Mail } from '../helpers/mail.ts';
import { MailCatcher } from '../helpers/mail.ts';

const PUBLIC = 'https://led.example.vn';
/** Local time in Buôn Ma Thuột (UTC+7, no daylight saving) as an instant. */
const local = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi);
const RECIPIENTS = ['lanh-dao@example.vn', 'ban-tuyen-giao@example.vn'];
const SCHEDULE = { name: 'Báo cáo tháng — Hiến kế 2020', frequency: 'monthly', campaignId: 'hien-ke-2020', format: 'docx', recipients: RECIPIENTS };

// ---- A mail server that keeps every message (it can go down and come back) ----

const mail = new MailCatcher();
const mails = mail.mails;
const smtpUp = () => mail.start();
const smtpDown = () => mail.stop();

// ---- The controller ----

let clock = local(2026, 7, 15, 10);
let c: TestController;
let editor: string;
const dataDir = tempDataDir();
const api = adminApi(() => c);
const reportMails = () => mails.filter((m) => m.subject.includes('Báo cáo "'));
const alertMails = () => mails.filter((m) => m.to.includes('van-hanh@example.vn'));
const schedules = async (): Promise<ReportScheduleView[]> => {
  const res = await api('GET', '/api/report-schedules');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ReportScheduleView[];
};
const alerts = async (query: string): Promise<AlertView[]> => (await api('GET', `/api/alerts${query}`)).json() as AlertView[];
const lastAudit = async () => (await c.ctx.store.audit.query({ limit: 1 }))[0]!;
const runDue = () => c.ctx.services.reportSchedules.runDue();

beforeAll(async () => {
  await smtpUp();
  c = await startController({
    dataDir,
    listen: false,
    now: () => clock,
    alerts: {
      smtpUrl: mail.url,
      emailFrom: 'LEDGate <ledgate@example.vn>',
      emailTo: ['van-hanh@example.vn'],
      digest: 'off',
      publicUrl: PUBLIC,
      // The test runs the schedules and the alerts' deliveries on its own clock.
      manual: true,
    },
  });
  editor = (await c.user('bien-tap', ['editor'])).token;
  // Something shown in July, so the totals are not all zero.
  const device = { kind: 'device' as const, deviceId: 'hop-phat-1', boardId: DEMO_BOARD.id, ip: null };
  const start = local(2026, 7, 15, 9);
  const records = [0, 1, 2].map((i) => ({ id: `rec-000${i}`, boardId: DEMO_BOARD.id, slideId: 'khau-hieu', sha256: 'a'.repeat(64), layer: 'campaign', entryIds: ['demo-hien-ke-2020'], playlistId: 'hien-ke-2020', startedAt: start + i * 8_000, endedAt: start + (i + 1) * 8_000 }));
  expect(await c.ctx.services.telemetry.playRecords(device, records)).toHaveLength(3);
});

afterAll(async () => {
  await c?.close({ keepData: true });
  await smtpDown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('saving a schedule', () => {
  it('refuses a bad recipient in both languages, naming it, and saves nothing', async () => {
    const res = await api('PUT', '/api/report-schedules/sai-dia-chi', { ...SCHEDULE, recipients: ['lanh-dao@example.vn', 'lanh-dao(at)daklak'] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { message: string; messageVi: string };
    expect(body.message).toContain('"lanh-dao(at)daklak" is not a mail address');
    expect(body.messageVi).toContain('"lanh-dao(at)daklak" không phải địa chỉ thư');
    expect((await api('PUT', '/api/report-schedules/sai-dia-chi', { ...SCHEDULE, recipients: [] })).statusCode).toBe(400);
    const unknown = await api('PUT', '/api/report-schedules/sai-dia-chi', { ...SCHEDULE, campaignId: 'khong-co' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ message: 'There is no campaign "khong-co".', messageVi: 'Không có chiến dịch "khong-co".' });
    expect(await schedules()).toEqual([]);
  });

  it('is for an admin only, and audited', async () => {
    const before = await c.ctx.store.audit.count();
    const refused = await api('PUT', '/api/report-schedules/hang-thang', SCHEDULE, editor);
    expect(refused.statusCode).toBe(403);
    expect(await c.ctx.store.audit.count()).toBe(before);
    expect(await schedules()).toEqual([]);

    const res = await api('PUT', '/api/report-schedules/hang-thang', SCHEDULE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: 'hang-thang', at: '07:00', timeZone: 'Asia/Ho_Chi_Minh', enabled: true, lastRunAt: null, lastResult: null, mailConfigured: true });
    // Saved on 15/07: the first run is on 01/08 at 07:00 in Buôn Ma Thuột.
    expect(res.json().nextRunAt).toBe(new Date(local(2026, 8, 1, 7)).toISOString());
    expect(await lastAudit()).toMatchObject({ action: 'report-schedule.save', actorName: 'admin', targetKind: 'report-schedule', targetId: 'hang-thang' });
  });
});

describe('a monthly run', () => {
  it('mails July’s DOCX once, on 01/08 at 07:00, and next runs on 01/09', async () => {
    clock = local(2026, 8, 1, 6, 59);
    expect(await runDue()).toEqual({ sent: 0, failed: 0 });
    clock = local(2026, 8, 1, 7);
    expect(await runDue()).toEqual({ sent: 1, failed: 0 });
    expect(reportMails()).toHaveLength(1);
    const [mail] = reportMails() as [Mail];
    expect(mail.to.sort()).toEqual([...RECIPIENTS].sort());
    expect(mail.subject).toBe(`[LEDGate] Báo cáo "${SCHEDULE.name}" 01/07/2026–31/07/2026 · Report "${SCHEDULE.name}" 01/07/2026–31/07/2026`);
    // Vietnamese first, the totals in a sentence, English below.
    expect(mail.text).toContain('từ ngày 01/07/2026–31/07/2026');
    expect(mail.text).toContain('đã phát 3 lượt');
    expect(mail.text).toContain('made 3 showings');
    expect(mail.text.indexOf('Trong giai đoạn này')).toBeLessThan(mail.text.indexOf('In this period'));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('bao-cao-2026-07-01_2026-07-31-hien-ke-2020.docx');
    expect(mail.attachments[0]!.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // The same minute again: nothing more.
    expect(await runDue()).toEqual({ sent: 0, failed: 0 });
    clock += 30_000;
    expect(await runDue()).toEqual({ sent: 0, failed: 0 });
    expect(reportMails()).toHaveLength(1);
    const [s] = await schedules();
    expect(s).toMatchObject({ lastResult: 'sent', lastError: null, attempts: 0, enabled: true, lastRunAt: new Date(local(2026, 8, 1, 7)).toISOString() });
    expect(s!.nextRunAt).toBe(new Date(local(2026, 9, 1, 7)).toISOString());
    expect(s!.nextRunAt).toBe('2026-09-01T00:00:00.000Z');
  });
});

describe('a mail server that is down', () => {
  it('fails visibly, stays on, raises one alert, and the retry sends once the server is back and closes the alert', async () => {
    await smtpDown();
    clock = local(2026, 9, 1, 7);
    expect(await runDue()).toEqual({ sent: 0, failed: 1 });
    let [s] = await schedules();
    expect(s).toMatchObject({ enabled: true, lastResult: 'failed', attempts: 1 });
    expect(s!.lastError).toMatch(/ECONNREFUSED/);
    expect(s!.nextRunAt).toBe(new Date(local(2026, 9, 1, 7, 5)).toISOString());
    let open = await alerts('?open=true&kind=report-failed');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'report-failed', boardId: 'report:hang-thang', boardName: SCHEDULE.name, closedAt: null });
    expect(open[0]!.detail).toContain('Không gửi được báo cáo định kỳ');
    expect(open[0]!.detailEn).toContain('ECONNREFUSED');

    // Nothing before the retry is due; the second failure waits twice as long and raises nothing new.
    clock = local(2026, 9, 1, 7, 4);
    expect(await runDue()).toEqual({ sent: 0, failed: 0 });
    clock = local(2026, 9, 1, 7, 5);
    expect(await runDue()).toEqual({ sent: 0, failed: 1 });
    [s] = await schedules();
    expect(s).toMatchObject({ enabled: true, lastResult: 'failed', attempts: 2 });
    expect(s!.nextRunAt).toBe(new Date(local(2026, 9, 1, 7, 15)).toISOString());
    expect(await alerts('?kind=report-failed')).toHaveLength(1);
    // The watch over the boards leaves the schedule's alert alone (it is no board's).
    await c.ctx.services.alerts.evaluate();
    expect(await alerts('?open=true&kind=report-failed')).toHaveLength(1);
    expect(reportMails()).toHaveLength(1);

    await smtpUp();
    // The admin, told by the alert, presses "send now" only a month later: the owed occurrence
    // (August) goes, not "the last period" (September) — August is never lost — and September,
    // due since 01/10, follows at the next tick.
    clock = local(2026, 10, 2, 10);
    const now = await api('POST', '/api/report-schedules/hang-thang/run');
    expect(now.statusCode, now.body).toBe(200);
    expect(reportMails()).toHaveLength(2);
    // The retry reports on the period its occurrence was for: August.
    expect(reportMails()[1]!.subject).toContain('01/08/2026–31/08/2026');
    expect(reportMails()[1]!.attachments[0]!.filename).toBe('bao-cao-2026-08-01_2026-08-31-hien-ke-2020.docx');
    [s] = await schedules();
    expect(s).toMatchObject({ enabled: true, lastResult: 'sent', lastError: null, attempts: 0 });
    expect(s!.nextRunAt).toBe(new Date(local(2026, 10, 1, 7)).toISOString());
    expect(await runDue()).toEqual({ sent: 1, failed: 0 });
    expect(await runDue()).toEqual({ sent: 0, failed: 0 });
    expect(reportMails()[2]!.subject).toContain('01/09/2026–30/09/2026');
    [s] = await schedules();
    expect(s!.nextRunAt).toBe(new Date(local(2026, 11, 1, 7)).toISOString());
    open = await alerts('?open=true&kind=report-failed');
    expect(open).toEqual([]);
    const [closed] = await alerts('?kind=report-failed');
    expect(closed!.closedAt).toBe(new Date(local(2026, 10, 2, 10)).toISOString());

    // The alert went by the alerts' own channel: its opening and its end, one mail each, pointing at the reports page.
    await c.ctx.services.alerts.deliverDue();
    await c.ctx.services.alerts.deliverDue();
    expect(alertMails().map((m) => m.subject)).toEqual([
      `[LEDGate] Không gửi được báo cáo: ${SCHEDULE.name} · Report not sent: ${SCHEDULE.name}`,
      `[LEDGate] Đã gửi được báo cáo: ${SCHEDULE.name} · Report sent: ${SCHEDULE.name}`,
    ]);
    expect(alertMails()[0]!.text).toContain(`Xem báo cáo: ${PUBLIC}/reports`);
  });
});

describe('run now and delete', () => {
  it('runs at once for the last whole period (admin only, audited), then deletes (admin only, audited)', async () => {
    clock = local(2026, 10, 10, 14);
    expect((await api('POST', '/api/report-schedules/hang-thang/run', undefined, editor)).statusCode).toBe(403);
    expect(reportMails()).toHaveLength(3);
    const res = await api('POST', '/api/report-schedules/hang-thang/run');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ lastResult: 'sent', nextRunAt: new Date(local(2026, 11, 1, 7)).toISOString() });
    expect(reportMails()).toHaveLength(4);
    expect(reportMails()[3]!.subject).toContain('01/09/2026–30/09/2026');
    expect(await lastAudit()).toMatchObject({ action: 'report-schedule.run', actorName: 'admin', targetId: 'hang-thang' });

    expect((await api('DELETE', '/api/report-schedules/hang-thang', undefined, editor)).statusCode).toBe(403);
    expect(await schedules()).toHaveLength(1);
    expect((await api('DELETE', '/api/report-schedules/hang-thang')).statusCode).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: 'report-schedule.delete', actorName: 'admin', targetId: 'hang-thang' });
    expect(await schedules()).toEqual([]);
    expect((await api('DELETE', '/api/report-schedules/hang-thang')).statusCode).toBe(404);
  });
});

describe('without a mail server configured', () => {
  it('saves, says mail is not configured, and a run fails visibly with an alert', async () => {
    clock = local(2026, 9, 10, 14);
    const bare = await startController({ listen: false, now: () => clock, alerts: { manual: true } });
    try {
      const call = adminApi(() => bare);
      const saved = await call('PUT', '/api/report-schedules/hang-tuan', { ...SCHEDULE, name: 'Báo cáo tuần', frequency: 'weekly', campaignId: undefined });
      expect(saved.statusCode, saved.body).toBe(200);
      // Thursday 10/09/2026: the next Monday is 14/09.
      expect(saved.json()).toMatchObject({ mailConfigured: false, nextRunAt: new Date(local(2026, 9, 14, 7)).toISOString() });
      const ran = await call('POST', '/api/report-schedules/hang-tuan/run');
      expect(ran.json()).toMatchObject({ enabled: true, lastResult: 'failed', attempts: 1 });
      expect(ran.json().lastError).toContain('mail is not configured');
      const open = (await call('GET', '/api/alerts?open=true')).json() as AlertView[];
      expect(open.map((a) => [a.kind, a.boardId])).toEqual([['report-failed', 'report:hang-tuan']]);
    } finally {
      await bare.close();
    }
  });
});
