// API contract: alerts — boards gone dark, showing something other than their schedule, not taking
// a new manifest, or whose player reports an error (playlists/alert-machine.ts says when), and
// where they are sent (mail, webhook, a daily digest). Reading alerts never changes them.
import { z } from 'zod';
import { ALERT_KINDS } from '../alert-machine.ts';
import { IdSchema } from '../board.ts';
import { bi } from '../messages.ts';
import { IdParamsSchema, InstantSchema } from './common.ts';
import { endpoint } from './endpoint.ts';

const tags = ['alerts'];

export const AlertKindSchema = z.enum(ALERT_KINDS, { error: bi('loại cảnh báo là offline, off-schedule, manifest-pending, player-error hoặc report-failed', 'an alert kind is offline, off-schedule, manifest-pending, player-error or report-failed') });

export const AlertDeliverySchema = z.object({
  channel: z.enum(['email', 'webhook']),
  event: z.enum(['open', 'close', 'digest']),
  attempts: z.number().int(),
  deliveredAt: InstantSchema.nullable(),
  abandonedAt: InstantSchema.nullable(),
  lastError: z.string().nullable(),
});

export const AlertViewSchema = z.object({
  id: z.number().int(),
  kind: AlertKindSchema,
  boardId: z.string().describe('The board; for report-failed, "report:<schedule id>" (no board)'),
  boardName: z.string().describe('As the board was called when the alert opened (report-failed: the schedule\'s name)'),
  timeZone: z.string(),
  episode: z.string(),
  since: InstantSchema.describe('When the trouble began (the last heartbeat before the silence, the first wrong report…)'),
  openedAt: InstantSchema,
  closedAt: InstantSchema.nullable(),
  detail: z.string().describe('Tiếng Việt'),
  detailEn: z.string().describe('English'),
  closeDetail: z.string().nullable(),
  closeDetailEn: z.string().nullable(),
  deliveries: z.array(AlertDeliverySchema),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

const BoolQuery = z.enum(['true', 'false'], { error: bi('là true hoặc false', 'is true or false') }).transform((v) => v === 'true');

export const AlertListQuerySchema = z.object({
  open: BoolQuery.optional().describe('true: only open alerts; false: only closed ones'),
  boardId: IdSchema.optional(),
  kind: AlertKindSchema.optional(),
  before: z.coerce.number({ error: bi('là mã số của một cảnh báo', "is an alert's number") }).int().positive().optional().describe('Only alerts older than this id (paging back)'),
  limit: z.coerce
    .number({ error: bi('là một số từ 1 đến 500', 'is a number from 1 to 500') })
    .int()
    .min(1, bi('ít nhất 1', 'at least 1'))
    .max(500, bi('nhiều nhất 500', 'at most 500'))
    .default(100),
});

const EmailSchema = z.email({ error: bi('là một địa chỉ thư, ví dụ van-hanh@example.vn', 'is a mail address such as ops@example.vn') });
export const ALERT_DIGESTS = ['daily', 'off'] as const;
export const AlertDigestSchema = z.enum(ALERT_DIGESTS, { error: bi('là daily (một thư tóm tắt lúc 07:00) hoặc off (mỗi cảnh báo một thư)', 'is daily (one summary at 07:00) or off (one mail per alert)') });
export const OfflineMinutesSchema = z
  .number({ error: bi('là số phút', 'is a number of minutes') })
  .int(bi('là số phút nguyên', 'is whole minutes'))
  .min(1, bi('ít nhất 1 phút', 'at least 1 minute'))
  .max(1440, bi('nhiều nhất 1440 phút (một ngày)', 'at most 1440 minutes (a day)'));

export const AlertSettingsSchema = z.object({
  emailTo: z.array(z.string()).describe('Who receives alert mails'),
  webhookUrl: z.string().nullable().describe('Where alerts are POSTed as JSON (a chat bot); null: none'),
  digest: AlertDigestSchema.describe('daily: one summary mail at 07:00 (Asia/Ho_Chi_Minh) instead of one mail per alert'),
  offlineMinutes: z.number().int().describe('The default offline delay (ALERT_OFFLINE_MINUTES)'),
  smtpConfigured: z.boolean().describe('Whether mail can be sent at all (SMTP_URL)'),
  /** Where each setting comes from: the environment, or a change made here (which wins). */
  overridden: z.object({ emailTo: z.boolean(), webhookUrl: z.boolean(), digest: z.boolean() }),
  boards: z.array(z.object({ boardId: z.string(), boardName: z.string(), offlineAlertMinutes: z.number().int().nullable() })),
});
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

export const AlertSettingsPatchSchema = z.object({
  emailTo: z.array(EmailSchema).max(50, bi('nhiều nhất 50 địa chỉ', 'at most 50 addresses')).nullable().optional().describe('null: back to ALERT_EMAIL_TO'),
  webhookUrl: z
    .url({ protocol: /^https?$/, error: bi('là địa chỉ http:// hoặc https://', 'is an http:// or https:// URL') })
    .max(2000)
    .or(z.literal(''))
    .nullable()
    .optional()
    .describe('"" : no webhook; null: back to ALERT_WEBHOOK_URL'),
  digest: AlertDigestSchema.nullable().optional().describe('null: back to ALERT_DIGEST'),
});
export type AlertSettingsPatch = z.infer<typeof AlertSettingsPatchSchema>;

export const AlertDelaySchema = z.object({
  boardId: z.string(),
  offlineAlertMinutes: z.number().int().nullable().describe("The board's own delay; null: the default"),
  effectiveMinutes: z.number().int(),
});

export const alertEndpoints = {
  listAlerts: endpoint({
    method: 'GET',
    path: '/api/alerts',
    permission: 'boards.read',
    tags,
    summary: 'Alerts, newest first (open ones, a board’s, of a kind); reading changes nothing',
    query: AlertListQuerySchema,
    response: z.array(AlertViewSchema),
  }),
  getAlertSettings: endpoint({ method: 'GET', path: '/api/alerts/settings', permission: 'reports.manage', tags, summary: 'Where alerts are sent, and each board’s offline delay (admin)', response: AlertSettingsSchema }),
  updateAlertSettings: endpoint({
    method: 'PUT',
    path: '/api/alerts/settings',
    permission: 'reports.manage',
    tags,
    summary: 'Change the alert recipients, webhook or digest (admin; audited)',
    body: AlertSettingsPatchSchema,
    response: AlertSettingsSchema,
  }),
  setAlertDelay: endpoint({
    method: 'PUT',
    path: '/api/boards/:id/alert-delay',
    permission: 'reports.manage',
    tags,
    summary: 'How long a board may be silent before an offline alert (admin; audited)',
    params: IdParamsSchema,
    body: z.object({ offlineAlertMinutes: OfflineMinutesSchema.nullable() }),
    response: AlertDelaySchema,
  }),
};
