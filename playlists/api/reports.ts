// API contract: the campaign report (Công văn 853 asks every unit to report the results): on which
// boards the slogans ran, how often, for how long, and whether the boards were working. One report
// model; the JSON answer, the DOCX (Nghị định 30/2020 layout), the PDF, the CSV and the web page are
// all drawn from it.
import { z } from 'zod';
import { IdSchema, TimeZoneSchema } from '../board.ts';
import { bi } from '../messages.ts';
import { LocalDateSchema, TimeOfDaySchema } from '../schedule.ts';
import { IdParamsSchema, InstantSchema, OkSchema } from './common.ts';
import { endpoint } from './endpoint.ts';

const tags = ['reports'];

export const REPORT_FORMATS = ['docx', 'pdf', 'csv'] as const;
export const ReportFormatSchema = z.enum(REPORT_FORMATS, { error: bi('định dạng là docx, pdf hoặc csv', 'the format is docx, pdf or csv') });
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

/** Longest period one report covers (a year and a day: a yearly report across a leap day). */
export const MAX_REPORT_DAYS = 367;

/** What to report on: a period of whole local days (inclusive), and a campaign, a playlist, or everything. */
export const ReportQuerySchema = z
  .object({
    from: LocalDateSchema.describe('First day, YYYY-MM-DD in the boards\' time zone'),
    to: LocalDateSchema.describe('Last day, inclusive'),
    campaignId: IdSchema.optional().describe('Only the slides of this campaign'),
    playlistId: IdSchema.optional().describe('Only what was shown from this playlist'),
    boardId: z
      .union([IdSchema, z.array(IdSchema).max(1000)])
      .optional()
      .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
      .describe('Only these boards (repeat the parameter); every board when left out'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], error: bi('ngày kết thúc phải sau hoặc bằng ngày bắt đầu', 'the last day must be on or after the first') })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    path: ['to'],
    error: bi(`một báo cáo dài tối đa ${MAX_REPORT_DAYS} ngày`, `a report covers at most ${MAX_REPORT_DAYS} days`),
  })
  .refine((q) => !(q.campaignId && q.playlistId), { path: ['playlistId'], error: bi('chọn một chiến dịch hoặc một danh sách phát, không cả hai', 'choose a campaign or a playlist, not both') });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const ReportExportQuerySchema = ReportQuerySchema.and(z.object({ format: ReportFormatSchema }));

/** Showings and airtime of one slide (as it was when shown: its words and image hash were copied into each record). */
export const SlideAirtimeSchema = z.object({
  slideId: z.string(),
  title: z.string().describe('The slide\'s words (or its title) when it was shown'),
  sha256: z.string().describe('The image shown; /api/reports/thumbnails/<sha256> gives a small picture of it'),
  showings: z.number().int(),
  airtimeMs: z.number().int(),
});
export type SlideAirtime = z.infer<typeof SlideAirtimeSchema>;

/**
 * How the board's time was spent, from its status history (the one status function): online
 * (heartbeats fresh; dark and emergency are parts of it), stale, offline, and unknown (the
 * controller itself was not running, or the board was not yet paired). online + stale + offline +
 * unknown = the period.
 */
export const UptimeSchema = z.object({
  onlineMs: z.number().int(),
  staleMs: z.number().int(),
  offlineMs: z.number().int(),
  unknownMs: z.number().int(),
  /** Online but black: blackout, scheduled power-off, or nothing to show. */
  darkMs: z.number().int(),
  /** Online and showing an emergency. */
  emergencyMs: z.number().int(),
});
export type Uptime = z.infer<typeof UptimeSchema>;

export const ReportFiguresSchema = UptimeSchema.extend({
  /** Showings in scope (the campaign, playlist or everything). */
  showings: z.number().int(),
  airtimeMs: z.number().int(),
  /** Everything the board showed, in scope or not: its lit time as its player reported it. */
  litMs: z.number().int(),
  /** airtimeMs / litMs, 0–1 (0 when the board showed nothing). */
  share: z.number(),
  /** Emergencies that began in the period on this board. */
  emergencies: z.number().int(),
});
export type ReportFigures = z.infer<typeof ReportFiguresSchema>;

export const ReportDaySchema = ReportFiguresSchema.extend({
  day: LocalDateSchema,
  slides: z.array(SlideAirtimeSchema),
});
export type ReportDay = z.infer<typeof ReportDaySchema>;

export const ReportBoardSchema = z.object({
  boardId: z.string(),
  boardName: z.string().describe('As it was named in the records (a board deleted since keeps its name)'),
  timeZone: z.string(),
  days: z.array(ReportDaySchema),
  slides: z.array(SlideAirtimeSchema),
  totals: ReportFiguresSchema,
});
export type ReportBoard = z.infer<typeof ReportBoardSchema>;

export const ReportSchema = z.object({
  period: z.object({ from: LocalDateSchema, to: LocalDateSchema, days: z.number().int() }),
  scope: z.object({ kind: z.enum(['all', 'campaign', 'playlist']), id: z.string().nullable(), name: z.string().nullable() }),
  generatedAt: InstantSchema,
  boards: z.array(ReportBoardSchema),
  /** Every slide shown in scope, most airtime first. */
  slides: z.array(SlideAirtimeSchema),
  totals: ReportFiguresSchema,
});
export type Report = z.infer<typeof ReportSchema>;

/** The fields an office fills in on a Báo cáo (Nghị định 30/2020/NĐ-CP), set once per installation. */
export const ReportLetterheadSchema = z.object({
  /** Cơ quan chủ quản (the body above the issuer), e.g. "UBND TỈNH ĐẮK LẮK"; may be empty. */
  parentBody: z.string().max(200).default('UBND TỈNH ĐẮK LẮK'),
  /** Cơ quan ban hành, e.g. "SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH". */
  issuingBody: z.string().min(1, bi('cần ghi cơ quan ban hành', 'the issuing body is needed')).max(200).default('SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH'),
  /** Viết tắt of the issuer for the number and symbol ("Số: …/BC-SVHTTDL"). */
  issuerCode: z.string().min(1, bi('cần ghi chữ viết tắt của cơ quan (trong số, ký hiệu)', 'the issuer’s abbreviation is needed (for the number and symbol)')).max(40).default('SVHTTDL'),
  /** Địa danh (place) before the date, e.g. "Đắk Lắk". */
  place: z.string().min(1, bi('cần ghi địa danh', 'the place is needed')).max(100).default('Đắk Lắk'),
  /** Nơi nhận: one recipient per line. */
  recipients: z.array(z.string().min(1).max(200)).max(20).default(['Ban Tuyên giáo Tỉnh uỷ (để báo cáo)', 'Lãnh đạo Sở', 'Lưu: VT']),
  /** Quyền hạn, chức vụ của người ký, e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC". */
  signerTitle: z.string().min(1, bi('cần ghi chức vụ người ký', 'the signer’s title is needed')).max(200).default('GIÁM ĐỐC'),
  signerName: z.string().max(100).default(''),
});
export type ReportLetterhead = z.infer<typeof ReportLetterheadSchema>;

// ---- Scheduled reports: the report of the period just ended, mailed to its recipients ----

export const REPORT_FREQUENCIES = ['monthly', 'weekly', 'daily'] as const;
export const ReportFrequencySchema = z.enum(REPORT_FREQUENCIES, { error: bi('tần suất là monthly, weekly hoặc daily', 'the frequency is monthly, weekly or daily') });
export type ReportFrequency = z.infer<typeof ReportFrequencySchema>;

/** One recipient; the message names the address refused (a list of twenty is hard to search by eye). */
const RecipientSchema = z.string().superRefine((v, ctx) => {
  if (!z.email().safeParse(v).success) {
    const shown = v.length > 80 ? `${v.slice(0, 80)}…` : v;
    ctx.addIssue({ code: 'custom', message: bi(`"${shown}" không phải địa chỉ thư (ví dụ van-hoa@daklak.gov.vn)`, `"${shown}" is not a mail address (e.g. van-hoa@daklak.gov.vn)`) });
  }
});

/**
 * A report made on a schedule and mailed: monthly (on the 1st, for the month before), weekly (on
 * Mondays, for Monday–Sunday before) or daily (for the day before), at `at` in `timeZone`.
 */
export const ReportScheduleBodySchema = z
  .object({
    name: z.string().trim().min(1, bi('cần đặt tên cho lịch gửi báo cáo', 'the schedule needs a name')).max(200, bi('tên dài tối đa 200 ký tự', 'the name is at most 200 characters')),
    frequency: ReportFrequencySchema.describe('monthly: on the 1st, for the month before; weekly: on Mondays, for Monday–Sunday before; daily: for the day before'),
    at: TimeOfDaySchema.default('07:00').describe('HH:MM, in timeZone'),
    timeZone: TimeZoneSchema.default('Asia/Ho_Chi_Minh'),
    campaignId: IdSchema.optional().describe('Only the slides of this campaign'),
    playlistId: IdSchema.optional().describe('Only what was shown from this playlist'),
    format: ReportFormatSchema.default('docx'),
    recipients: z
      .array(RecipientSchema)
      .min(1, bi('cần ít nhất một người nhận', 'at least one recipient is needed'))
      .max(20, bi('nhiều nhất 20 người nhận', 'at most 20 recipients')),
    enabled: z.boolean().default(true),
  })
  .refine((s) => !(s.campaignId && s.playlistId), { path: ['playlistId'], error: bi('chọn một chiến dịch hoặc một danh sách phát, không cả hai', 'choose a campaign or a playlist, not both') });
export type ReportScheduleBody = z.infer<typeof ReportScheduleBodySchema>;

export const ReportScheduleSchema = z.object({ id: IdSchema }).and(ReportScheduleBodySchema);
export type ReportSchedule = z.infer<typeof ReportScheduleSchema>;

export const ReportScheduleViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    frequency: ReportFrequencySchema,
    at: z.string(),
    timeZone: z.string(),
    campaignId: z.string().optional(),
    playlistId: z.string().optional(),
    format: ReportFormatSchema,
    recipients: z.array(z.string()),
    enabled: z.boolean(),
  })
  .extend({
    lastRunAt: InstantSchema.nullable(),
    lastResult: z.enum(['sent', 'failed']).nullable(),
    lastError: z.string().nullable().describe('Why the last run failed (kept until a run succeeds)'),
    attempts: z.number().int().describe('Failed runs in a row (retried 5 min after the first, doubling, at most 6 h apart)'),
    nextRunAt: InstantSchema.nullable().describe('The next run (a retry while failing); null while disabled'),
    mailConfigured: z.boolean().describe('Whether mail can be sent at all (SMTP_URL); without it every run fails and raises an alert'),
  });
export type ReportScheduleView = z.infer<typeof ReportScheduleViewSchema>;

export const reportEndpoints = {
  report: endpoint({
    method: 'GET',
    path: '/api/reports',
    permission: 'reports.read',
    tags,
    summary: 'The report for a period (per board and day: showings and airtime of each slide, share of lit time, hours online, offline and dark, emergencies)',
    query: ReportQuerySchema,
    response: ReportSchema,
  }),
  exportReport: endpoint({
    method: 'GET',
    path: '/api/reports/export',
    permission: 'reports.read',
    tags,
    summary: 'The same report as a file: DOCX (a Báo cáo in the Nghị định 30/2020 layout), PDF, or CSV for Excel',
    query: ReportExportQuerySchema,
    response: null,
    produces: 'application/octet-stream',
  }),
  reportThumbnail: endpoint({
    method: 'GET',
    path: '/api/reports/thumbnails/:sha256',
    permission: 'reports.read',
    tags,
    summary: 'A small picture of an image shown (kept for reports after its slide is gone)',
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, bi('sha256 là 64 chữ số hex', 'sha256 is 64 hex digits')) }),
    response: null,
    produces: 'image/png',
  }),
  letterhead: endpoint({ method: 'GET', path: '/api/reports/letterhead', permission: 'reports.read', tags, summary: 'The fields the DOCX report fills in (issuer, place, recipients, signer)', response: ReportLetterheadSchema }),
  setLetterhead: endpoint({ method: 'PUT', path: '/api/reports/letterhead', permission: 'reports.manage', tags, summary: 'Set the fields the DOCX report fills in', body: ReportLetterheadSchema, response: ReportLetterheadSchema }),
  listReportSchedules: endpoint({
    method: 'GET',
    path: '/api/report-schedules',
    permission: 'reports.read',
    tags,
    summary: 'Reports mailed on a schedule, with their last run and next run',
    response: z.array(ReportScheduleViewSchema),
  }),
  putReportSchedule: endpoint({
    method: 'PUT',
    path: '/api/report-schedules/:id',
    permission: 'reports.manage',
    tags,
    summary: 'Create or replace a scheduled report (admin; audited). The recipients are checked here',
    params: IdParamsSchema,
    body: ReportScheduleBodySchema,
    response: ReportScheduleViewSchema,
  }),
  deleteReportSchedule: endpoint({
    method: 'DELETE',
    path: '/api/report-schedules/:id',
    permission: 'reports.manage',
    tags,
    summary: 'Delete a scheduled report (admin; audited)',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  runReportSchedule: endpoint({
    method: 'POST',
    path: '/api/report-schedules/:id/run',
    permission: 'reports.manage',
    tags,
    summary: 'Make and mail the report of the last whole period now (admin; audited). A failure shows in the answer, raises an alert and is retried',
    params: IdParamsSchema,
    response: ReportScheduleViewSchema,
  }),
};
