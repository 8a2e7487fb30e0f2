// Scheduled reports: the report of the period just ended (the month, the Monday–Sunday week or the
// day before), made at a set local time and mailed to its recipients with the file attached.
// Saving, deleting and "run now" pass the door (admin, audited); the runs themselves are system
// facts like alerts. A run that fails (no mail server, the server refuses, the export breaks) keeps
// why, raises a 'report-failed' alert and is retried — 5 min later, then doubling up to 6 h — for
// the same period until it succeeds; a schedule never switches itself off. The success after a
// failure closes the alert.
import { DateTime } from 'luxon';
import type { Report, ReportSchedule, ReportScheduleBody, ReportScheduleView } from '../../playlists/api/reports.ts';
import { iso } from '../../playlists/api/common.ts';
import { localDay } from '../../playlists/report-time.ts';
import { NotFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { ReportScheduleRow, ReportSchedulesRepo } from '../store/report-schedules-repo.ts';
import type { Actor } from './actor.ts';
import type { AlertsService } from './alerts.ts';
import type { Door } from './door.ts';
import type { Mailer } from './notify.ts';
import { escapeHtml } from './notify.ts';
import type { ReportsService } from './reports.ts';

const RETRY_FIRST_MS = 5 * 60_000;
const RETRY_MAX_MS = 6 * 3_600_000;
/** While a run is under way its next run is pushed this far: another tick (or process) leaves it alone; a process that dies mid-run retries after it. */
const RUN_LEASE_MS = 10 * 60_000;

export function scheduleRetryDelay(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1));
}

type Timing = Pick<ReportScheduleBody, 'frequency' | 'at' | 'timeZone'>;

/** The first occurrence strictly after `after`: the 1st of a month, a Monday, or any day, at `at` local time. */
export function nextOccurrence(after: number, s: Timing): number {
  const [hour = 0, minute = 0] = s.at.split(':').map(Number);
  const local = DateTime.fromMillis(after, { zone: s.timeZone });
  const unit = s.frequency === 'monthly' ? 'month' : s.frequency === 'weekly' ? 'week' : 'day';
  // luxon's weeks start on Monday.
  let start = local.startOf(unit);
  for (;;) {
    // Set on the local date each time: a clock change in between moves no occurrence.
    const t = start.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
    if (t > after) return t;
    start = start.plus({ [`${unit}s`]: 1 }).startOf(unit);
  }
}

/** The whole period before the local day of `t`: the month, the Monday–Sunday week, or the day (inclusive local dates). */
export function periodBefore(t: number, s: Pick<ReportScheduleBody, 'frequency' | 'timeZone'>): { from: string; to: string } {
  const day = DateTime.fromISO(localDay(t, s.timeZone), { zone: 'UTC' });
  if (s.frequency === 'monthly') {
    const first = day.startOf('month').minus({ months: 1 });
    return { from: first.toISODate()!, to: first.endOf('month').toISODate()! };
  }
  if (s.frequency === 'weekly') {
    const monday = day.startOf('week').minus({ weeks: 1 });
    return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
  }
  const before = day.minus({ days: 1 });
  return { from: before.toISODate()!, to: before.toISODate()! };
}

const dmy = (isoDate: string) => isoDate.split('-').reverse().join('/');

export class ReportSchedulesService {
  /** Runs under way in this process (a tick and "run now" never send the same schedule twice at once). */
  private readonly running = new Set<string>();

  constructor(
    private readonly store: Pick<Store, 'reportSchedules' | 'content' | 'transaction'>,
    private readonly door: Door,
    private readonly reports: Pick<ReportsService, 'exportFile'>,
    private readonly alerts: Pick<AlertsService, 'openReportFailure' | 'closeReportFailure'>,
    private readonly mailer: Mailer | null,
    private readonly now: () => number,
  ) {}

  async list(): Promise<ReportScheduleView[]> {
    return (await this.store.reportSchedules.list()).map((r) => this.view(r));
  }

  async get(id: string): Promise<ReportScheduleView> {
    return this.view(await this.row(id));
  }

  /** `s` is the transaction's store when called inside one. */
  private async row(id: string, s: Pick<Store, 'reportSchedules'> = this.store): Promise<ReportScheduleRow> {
    const row = await s.reportSchedules.get(id);
    if (!row) throw new NotFound({ vi: `Không có lịch gửi báo cáo "${id}".`, en: `There is no report schedule "${id}".` });
    return row;
  }

  private view(r: ReportScheduleRow): ReportScheduleView {
    const body = JSON.parse(r.body) as ReportScheduleBody;
    return {
      id: r.id,
      ...body,
      lastRunAt: iso(r.lastRunAt),
      lastResult: r.lastResult,
      lastError: r.lastError,
      attempts: r.attempts,
      nextRunAt: body.enabled ? iso(r.nextRunAt) : null,
      mailConfigured: this.mailer !== null,
    };
  }

  /**
   * Creates or replaces a schedule. Its campaign or playlist must exist. A schedule whose timing is
   * unchanged keeps its pending run (a retry stays a retry); a new timing, or switching it back
   * on, runs next at the next occurrence from now.
   */
  async save(actor: Actor, id: string, body: ReportScheduleBody): Promise<ReportScheduleView> {
    return await this.door.pass(actor, 'reports.manage', async (tx) => {
      if (body.campaignId && !await tx.content.campaign(body.campaignId)) throw new NotFound({ vi: `Không có chiến dịch "${body.campaignId}".`, en: `There is no campaign "${body.campaignId}".` });
      if (body.playlistId && !await tx.content.getPlaylist(body.playlistId)) throw new NotFound({ vi: `Không có danh sách phát "${body.playlistId}".`, en: `There is no playlist "${body.playlistId}".` });
      const now = this.now();
      const prev = await tx.reportSchedules.get(id);
      const before = prev ? (JSON.parse(prev.body) as ReportScheduleBody) : null;
      const same = before !== null && before.enabled && before.frequency === body.frequency && before.at === body.at && before.timeZone === body.timeZone && prev!.nextRunAt !== null;
      const nextRunAt = !body.enabled ? null : same ? prev!.nextRunAt : nextOccurrence(now, body);
      const dueAt = body.enabled && same ? prev!.dueAt : null;
      await tx.reportSchedules.save({ id, body: JSON.stringify(body), nextRunAt, dueAt, now });
      return { action: 'report-schedule.save', target: { kind: 'report-schedule', id }, before, after: body, result: this.view((await tx.reportSchedules.get(id))!) };
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const gone = await this.door.pass(actor, 'reports.manage', async (tx) => {
      const row = await this.row(id, tx);
      const before = JSON.parse(row.body) as ReportScheduleBody;
      await tx.reportSchedules.delete(id);
      return { action: 'report-schedule.delete', target: { kind: 'report-schedule', id }, before, after: null, result: before };
    });
    // Its alert, if one is open, ends with it (quietly: there is nothing left to retry).
    await this.alerts.closeReportFailure(id, { name: gone.name, timeZone: gone.timeZone, quiet: true });
  }

  /**
   * "Run now": the report of the last whole period before now, mailed at once. A failure is kept,
   * raises the alert and is retried like a scheduled run; a success sets the next run to the next
   * occurrence.
   */
  async runNow(actor: Actor, id: string): Promise<ReportScheduleView> {
    await this.door.pass(actor, 'reports.manage', async (tx) => {
      await this.row(id, tx);
      return { action: 'report-schedule.run', target: { kind: 'report-schedule', id }, result: null };
    });
    const row = await this.row(id);
    const now = this.now();
    // An occurrence still owed (a failed run waiting for its retry, or one due) is the one sent: sending
    // "the last period" instead would skip it for good.
    const owed = row.dueAt ?? (row.nextRunAt !== null && row.nextRunAt <= now ? row.nextRunAt : null);
    await this.run(row, owed ?? now);
    return await this.get(id);
  }

  /** Every enabled schedule whose run is due (the job, every minute). */
  async runDue(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const row of await this.store.reportSchedules.due(this.now())) {
      const body = JSON.parse(row.body) as ReportScheduleBody;
      if (!body.enabled || this.running.has(row.id)) continue;
      const ran = await this.run(row, row.dueAt ?? row.nextRunAt!);
      if (ran === true) sent++;
      else if (ran === false) failed++;
    }
    return { sent, failed };
  }

  /** Records how a run went, unless the schedule was deleted meanwhile (then false). */
  private recordRun(id: string, r: Parameters<ReportSchedulesRepo['ran']>[1]): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.reportSchedules.get(id))) return false;
      await tx.reportSchedules.ran(id, r);
      return true;
    });
  }

  /** Makes and mails the report of the period before `dueAt`; true when it was sent, null when another run has it. */
  private async run(row: ReportScheduleRow, dueAt: number): Promise<boolean | null> {
    if (this.running.has(row.id)) return null;
    this.running.add(row.id);
    const s: ReportSchedule = { id: row.id, ...(JSON.parse(row.body) as ReportScheduleBody) };
    const started = this.now();
    // Taken before the (slow) work: a tick meanwhile, or another process, sees it is not due; and
    // one that took it first is left to it.
    if (!(await this.store.reportSchedules.lease(row.id, row.nextRunAt, started + RUN_LEASE_MS, dueAt))) {
      this.running.delete(row.id);
      return null;
    }
    try {
      const period = periodBefore(dueAt, s);
      try {
        if (!this.mailer) throw new Error('mail is not configured (SMTP_URL) · chưa cấu hình máy chủ thư (SMTP_URL)');
        const file = await this.reports.exportFile({ from: period.from, to: period.to, boardId: undefined, ...(s.campaignId ? { campaignId: s.campaignId } : {}), ...(s.playlistId ? { playlistId: s.playlistId } : {}) }, s.format);
        const mail = reportMail(s, file.report);
        await this.mailer.sendMail({
          to: s.recipients,
          ...mail,
          attachments: [{ filename: file.filename, content: file.bytes, contentType: file.contentType }],
          messageId: `<ledgate-report-${s.id}-${dueAt}@ledgate>`,
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const attempts = row.attempts + 1;
        const at = this.now();
        if (!(await this.recordRun(s.id, { at, result: 'failed', error: message, attempts, nextRunAt: at + scheduleRetryDelay(attempts), dueAt }))) return false;
        await this.alerts.openReportFailure({ scheduleId: s.id, name: s.name, timeZone: s.timeZone, error: message, since: at });
        return false;
      }
      const at = this.now();
      // The next occurrence after the one just served: one missed while the controller was down comes next (its own period).
      if (!(await this.recordRun(s.id, { at, result: 'sent', error: null, attempts: 0, nextRunAt: nextOccurrence(dueAt, s), dueAt: null }))) return true;
      await this.alerts.closeReportFailure(s.id, { name: s.name, timeZone: s.timeZone });
      return true;
    } finally {
      this.running.delete(row.id);
    }
  }
}

const hours = (ms: number) => (ms / 3_600_000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const hoursEn = (ms: number) => (ms / 3_600_000).toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** The mail: Vietnamese first (what, the period dd/mm/yyyy–dd/mm/yyyy, the totals in a sentence), English below. */
export function reportMail(s: ReportSchedule, r: Report): { subject: string; text: string; html: string } {
  const period = `${dmy(r.period.from)}–${dmy(r.period.to)}`;
  const t = r.totals;
  const share = t.litMs > 0 ? Math.round((t.airtimeMs / t.litMs) * 1000) / 10 : 0;
  const scopeVi = r.scope.kind === 'campaign' ? `chiến dịch "${r.scope.name ?? r.scope.id}"` : r.scope.kind === 'playlist' ? `danh sách phát "${r.scope.name ?? r.scope.id}"` : 'mọi nội dung';
  const scopeEn = r.scope.kind === 'campaign' ? `the campaign "${r.scope.name ?? r.scope.id}"` : r.scope.kind === 'playlist' ? `the playlist "${r.scope.name ?? r.scope.id}"` : 'everything shown';
  const vi = [
    `Báo cáo định kỳ "${s.name}" (${scopeVi}), từ ngày ${period}, đính kèm (${s.format.toUpperCase()}).`,
    `Trong giai đoạn này, ${r.boards.length.toLocaleString('vi-VN')} bảng đã phát ${t.showings.toLocaleString('vi-VN')} lượt, tổng cộng ${hours(t.airtimeMs)} giờ, chiếm ${share.toLocaleString('vi-VN')}% thời gian bảng sáng; các bảng hoạt động ${hours(t.onlineMs)} giờ, mất kết nối ${hours(t.offlineMs)} giờ.`,
  ];
  const en = [
    `The scheduled report "${s.name}" (${scopeEn}) for ${period} is attached (${s.format.toUpperCase()}).`,
    `In this period ${r.boards.length.toLocaleString('en-GB')} board(s) made ${t.showings.toLocaleString('en-GB')} showings, ${hoursEn(t.airtimeMs)} hours in all, ${share.toLocaleString('en-GB')}% of their lit time; the boards were online ${hoursEn(t.onlineMs)} hours and offline ${hoursEn(t.offlineMs)} hours.`,
  ];
  const subject = `[LEDGate] Báo cáo "${s.name}" ${period} · Report "${s.name}" ${period}`;
  const text = [...vi, '', '---', ...en, '', 'LEDGate'].join('\n');
  const html = [...vi.map((p) => `<p>${escapeHtml(p)}</p>`), '<hr>', ...en.map((p) => `<p lang="en">${escapeHtml(p)}</p>`)].join('\n');
  return { subject, text, html };
}
