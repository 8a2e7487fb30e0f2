// The campaign report (Công văn 853's reporting duty): for a period and a campaign, a playlist or
// everything — per board and local day, showings and airtime of each slide, the share of the board's
// lit time, hours online, offline and dark, emergencies. One model (playlists/api/reports.ts) that
// the API answers and the DOCX, PDF and CSV are drawn from. It reads the daily rollups (kept for
// good, grown with every record stored) and each board's status history.
// Also the jobs' side: rolling board-days up again from the raw records (nightly, and as a repair),
// report thumbnails, and removing raw records past their retention.
import type { Report, ReportBoard, ReportDay, ReportFigures, ReportFormat, ReportLetterhead, ReportQuery, SlideAirtime } from '../../playlists/api/reports.ts';
import { ReportLetterheadSchema } from '../../playlists/api/reports.ts';
import { iso } from '../../playlists/api/common.ts';
import { dayBounds, daysBetween, localDay, uptimeByDay } from '../../playlists/report-time.ts';
import { NotFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { DailyRow } from '../store/plays-repo.ts';
import type { Actor } from './actor.ts';
import type { Door } from './door.ts';

const LETTERHEAD_KEY = 'report_letterhead';
export const DEFAULT_RETENTION_DAYS = 90;
const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

export class ReportsService {
  constructor(
    private readonly store: Pick<Store, 'plays' | 'history' | 'boards' | 'content' | 'getState' | 'setState'>,
    private readonly door: Door,
    private readonly now: () => number,
    private readonly retentionDays: number = DEFAULT_RETENTION_DAYS,
  ) {}

  /** `progress` is told as each board is done (the command line's bar). */
  async report(q: ReportQuery, progress?: (done: number, total: number) => void): Promise<Report> {
    const now = this.now();
    const scope = await this.scope(q);
    const rows = await this.store.plays.daily(q.from, q.to, q.boardId ?? null);
    const names = await this.store.boards.names();
    const current = await this.store.boards.ids();

    // Every board asked for; else every board that exists, and every deleted one with something in the period.
    let boardIds: string[];
    if (q.boardId) {
      for (const id of q.boardId) {
        if (!names.has(id)) throw new NotFound({ vi: `Không có bảng "${id}".`, en: `There is no board "${id}".` });
      }
      boardIds = q.boardId;
    } else {
      const wide = { start: dayBounds(q.from, 'Pacific/Kiritimati').start, end: dayBounds(q.to, 'Etc/GMT+12').end };
      boardIds = [...new Set([...current, ...rows.map((r) => r.boardId), ...await this.store.history.boardsBetween(wide.start, wide.end)])];
    }

    const days = daysBetween(q.from, q.to);
    const byBoard = new Map<string, DailyRow[]>();
    for (const r of rows) {
      const list = byBoard.get(r.boardId);
      if (list) list.push(r);
      else byBoard.set(r.boardId, [r]);
    }

    const boards: ReportBoard[] = [];
    for (const [index, boardId] of boardIds.entries()) {
      progress?.(index, boardIds.length);
      const boardRows = byBoard.get(boardId) ?? [];
      const known = names.get(boardId);
      const timeZone = known?.timeZone ?? DEFAULT_ZONE;
      const boardName = known?.name ?? boardRows[0]?.boardName ?? boardId;
      const period = { start: dayBounds(q.from, timeZone).start, end: dayBounds(q.to, timeZone).end };
      const uptime = uptimeByDay(await this.store.history.overlapping(boardId, period.start, period.end), days, timeZone, now);
      const rowsByDay = new Map<string, DailyRow[]>();
      for (const r of boardRows) {
        const list = rowsByDay.get(r.day);
        if (list) list.push(r);
        else rowsByDay.set(r.day, [r]);
      }
      const reportDays: ReportDay[] = days.map((day) => {
        const dayRows = rowsByDay.get(day) ?? [];
        const inScope = dayRows.filter(scope.includes);
        const u = uptime.get(day)!;
        const slides = airtimeBySlide(inScope);
        const showings = sum(slides, 'showings');
        const airtimeMs = sum(slides, 'airtimeMs');
        const litMs = dayRows.reduce((n, r) => n + r.airtimeMs, 0);
        return {
          day,
          slides,
          showings,
          airtimeMs,
          litMs,
          share: litMs > 0 ? airtimeMs / litMs : 0,
          onlineMs: u.onlineMs,
          staleMs: u.staleMs,
          offlineMs: u.offlineMs,
          unknownMs: u.unknownMs,
          darkMs: u.darkMs,
          emergencyMs: u.emergencyMs,
          emergencies: u.emergencies,
        };
      });
      boards.push({ boardId, boardName, timeZone, days: reportDays, slides: mergeSlides(reportDays.map((d) => d.slides)), totals: total(reportDays) });
    }
    progress?.(boardIds.length, boardIds.length);
    boards.sort((a, b) => a.boardName.localeCompare(b.boardName, 'vi') || a.boardId.localeCompare(b.boardId));

    return {
      period: { from: q.from, to: q.to, days: days.length },
      scope: { kind: scope.kind, id: scope.id, name: scope.name },
      generatedAt: iso(now),
      boards,
      slides: mergeSlides(boards.map((b) => b.slides)),
      totals: total(boards.map((b) => b.totals)),
    };
  }

  /** The report as a file: a Báo cáo (DOCX), a PDF, or a CSV for Excel. */
  async exportFile(q: ReportQuery, format: ReportFormat, progress?: (done: number, total: number) => void): Promise<{ bytes: Buffer | string; contentType: string; filename: string; report: Report }> {
    const report = await this.report(q, progress);
    const filename = `bao-cao-${q.from}_${q.to}${report.scope.id ? `-${report.scope.id}` : ''}.${format}`;
    // The document libraries load on the first export, not at every start.
    if (format === 'csv') return { bytes: (await import('../render/report/csv.ts')).reportCsv(report), contentType: 'text/csv; charset=utf-8', filename, report };
    const thumbnails = new Map<string, Buffer>();
    for (const s of report.slides) {
      const png = await this.store.plays.thumbnail(s.sha256);
      if (png) thumbnails.set(s.sha256, png);
    }
    const input = { report, letterhead: await this.letterhead(), thumbnails, issuedAt: new Date(this.now()), timeZone: DEFAULT_ZONE };
    if (format === 'docx') return { bytes: await (await import('../render/report/docx.ts')).reportDocx(input), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', filename, report };
    return { bytes: await (await import('../render/report/pdf.ts')).reportPdf(input), contentType: 'application/pdf', filename, report };
  }

  private async scope(q: ReportQuery): Promise<{ kind: Report['scope']['kind']; id: string | null; name: string | null; includes: (r: DailyRow) => boolean }> {
    if (q.campaignId) {
      const id = q.campaignId;
      const c = await this.store.content.campaign(id);
      if (!c) throw new NotFound({ vi: `Không có chiến dịch "${id}".`, en: `There is no campaign "${id}".` });
      return { kind: 'campaign', id, name: c.campaign.name, includes: (r) => r.campaignId === id };
    }
    if (q.playlistId) {
      const id = q.playlistId;
      const p = await this.store.content.getPlaylist(id);
      // A deleted playlist is still reported on by its id (its records carry its name).
      return { kind: 'playlist', id, name: p?.name ?? null, includes: (r) => r.playlistId === id };
    }
    return { kind: 'all', id: null, name: null, includes: () => true };
  }

  /** `s` is the transaction's store when called inside one. */
  async letterhead(s: Pick<Store, 'getState'> = this.store): Promise<ReportLetterhead> {
    const raw = await s.getState(LETTERHEAD_KEY);
    return ReportLetterheadSchema.parse(raw ? JSON.parse(raw) : {});
  }

  async setLetterhead(actor: Actor, next: ReportLetterhead): Promise<ReportLetterhead> {
    return await this.door.pass(actor, 'reports.manage', async (tx) => {
      const before = await this.letterhead(tx);
      await tx.setState(LETTERHEAD_KEY, JSON.stringify(next));
      return { action: 'reports.letterhead', target: { kind: 'settings', id: 'report-letterhead' }, before, after: next, result: next };
    });
  }

  /**
   * Rolls every board-day of [from, to] up again from its raw records: what the nightly job does for
   * the last two days, and a repair for any period (a board-day whose raw records are past their
   * retention keeps its rollup).
   */
  async rollUp(from: string, to: string): Promise<{ boardDays: number; rows: number }> {
    let boardDays = 0;
    let rows = 0;
    for (const { boardId, day } of await this.store.plays.boardDays(from, to)) {
      rows += await this.store.plays.rollUp(boardId, day);
      boardDays += 1;
    }
    return { boardDays, rows };
  }

  /**
   * The nightly check: the last two days' rollups against their raw records (showings and airtime
   * per board-day, in one pass); a board-day that drifted (a restored backup, a crash between the
   * two writes of an older version) is rolled up again.
   */
  async checkRecentDays(): Promise<{ checked: string; boardDays: number; rows: number }> {
    const now = this.now();
    const from = localDay(now - 2 * 86_400_000, DEFAULT_ZONE);
    const to = localDay(now - 86_400_000, DEFAULT_ZONE);
    let rows = 0;
    const drifted = await this.store.plays.driftedDays(from, to);
    for (const { boardId, day } of drifted) rows += await this.store.plays.rollUp(boardId, day);
    return { checked: `${from}…${to}`, boardDays: drifted.length, rows };
  }

  /** Keeps a small picture of every image shown, so reports show it after its rendition is pruned. */
  async keepThumbnails(thumbnail: (sha256: string) => Promise<Buffer | null>): Promise<number> {
    let made = 0;
    for (const sha256 of await this.store.plays.shaWithoutThumbnail(200)) {
      const png = await thumbnail(sha256);
      if (!png) continue;
      await this.store.plays.saveThumbnail(sha256, png, this.now());
      made += 1;
    }
    return made;
  }

  async thumbnail(sha256: string): Promise<Buffer> {
    const png = await this.store.plays.thumbnail(sha256);
    if (!png) throw new NotFound({ vi: 'Không có ảnh thu nhỏ cho hình này.', en: 'There is no thumbnail for this image.' });
    return png;
  }

  /**
   * Removes raw proof of play of the days past the retention period (the rollups stay), in batches
   * that leave the controller free for heartbeats in between: 90 days of 100 boards are 32 million
   * records, one night's share a million.
   */
  async pruneRaw(batch = 20_000): Promise<number> {
    const before = localDay(this.now() - this.retentionDays * 86_400_000, DEFAULT_ZONE);
    let removed = 0;
    for (;;) {
      const n = await this.store.plays.pruneRawBefore(before, batch);
      removed += n;
      if (n < batch) return removed;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function sum<T>(items: readonly T[], key: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]): number {
  return items.reduce((n, x) => n + (x[key] as number), 0);
}

/** One line per slide as shown (id and image), most airtime first. */
function airtimeBySlide(rows: readonly { slideId: string; sha256: string; slideTitle: string; showings: number; airtimeMs: number }[]): SlideAirtime[] {
  const map = new Map<string, SlideAirtime>();
  for (const r of rows) {
    const key = `${r.slideId}\u0000${r.sha256}`;
    const s = map.get(key);
    if (s) {
      s.showings += r.showings;
      s.airtimeMs += r.airtimeMs;
    } else map.set(key, { slideId: r.slideId, title: r.slideTitle, sha256: r.sha256, showings: r.showings, airtimeMs: r.airtimeMs });
  }
  return [...map.values()].sort((a, b) => b.airtimeMs - a.airtimeMs || a.title.localeCompare(b.title, 'vi'));
}

function mergeSlides(lists: readonly SlideAirtime[][]): SlideAirtime[] {
  return airtimeBySlide(lists.flat().map((s) => ({ ...s, slideTitle: s.title })));
}

function total(parts: readonly ReportFigures[]): ReportFigures {
  const t: ReportFigures = { showings: 0, airtimeMs: 0, litMs: 0, share: 0, onlineMs: 0, staleMs: 0, offlineMs: 0, unknownMs: 0, darkMs: 0, emergencyMs: 0, emergencies: 0 };
  for (const p of parts) {
    t.showings += p.showings;
    t.airtimeMs += p.airtimeMs;
    t.litMs += p.litMs;
    t.onlineMs += p.onlineMs;
    t.staleMs += p.staleMs;
    t.offlineMs += p.offlineMs;
    t.unknownMs += p.unknownMs;
    t.darkMs += p.darkMs;
    t.emergencyMs += p.emergencyMs;
    t.emergencies += p.emergencies;
  }
  t.share = t.litMs > 0 ? t.airtimeMs / t.litMs : 0;
  return t;
}
