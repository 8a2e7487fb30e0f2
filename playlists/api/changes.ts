// API contract: drafts and their approval, the installation's approval switch, the audit trail.
import { z } from 'zod';
import { IdSchema } from '../board.ts';
import { bi } from '../messages.ts';
import { PreviewItemSchema, SegmentViewSchema } from './boards.ts';
import { endpoint } from './endpoint.ts';

const Instant = z.iso.datetime({ offset: true });
export const ChangeKindSchema = z.enum(['slide', 'playlist', 'entry']);
export const ChangeStatusSchema = z.enum(['draft', 'submitted', 'approved', 'rejected', 'discarded']);

export const ChangeSummarySchema = z.object({
  id: z.string(),
  kind: ChangeKindSchema,
  targetId: z.string(),
  op: z.enum(['save', 'delete']),
  status: ChangeStatusSchema,
  version: z.number().int().describe('Goes up with every edit; approving or rejecting names the version the reviewer saw'),
  author: z.string(),
  contributors: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Instant.nullable(),
  reviewedAt: Instant.nullable(),
  reviewer: z.string().nullable(),
  reason: z.string().nullable().describe('Why it was rejected'),
});
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

export const ChangeDetailSchema = ChangeSummarySchema.extend({
  published: z.unknown().describe('The approved version boards play now (null: new item)'),
  proposed: z.unknown().describe('The version this change publishes (null: it deletes the item)'),
});

/** What a save of a slide, playlist or entry answers besides the item: its change, and whether it went live. */
export const SavedChangeSchema = z.object({ change: ChangeSummarySchema, published: z.boolean() });

export const ChangeListQuerySchema = z.object({
  status: z
    .string()
    .regex(/^(draft|submitted|approved|rejected|discarded)(,(draft|submitted|approved|rejected|discarded))*$/, bi('trạng thái, cách nhau bởi dấu phẩy: draft, submitted, approved, rejected, discarded', 'statuses, comma-separated: draft, submitted, approved, rejected, discarded'))
    .optional(),
  kind: ChangeKindSchema.optional(),
  targetId: z.string().max(100).optional(),
});

export const ChangeParamsSchema = z.object({ id: z.string().regex(/^change-[0-9a-f]{10}$/, bi('mã thay đổi, ví dụ change-0123456789', 'a change id such as change-0123456789')) });
const ReviewedVersion = z.number().int().positive().describe('The version of the change the reviewer saw (GET /api/changes/:id)');
export const ApproveBodySchema = z.object({ version: ReviewedVersion });
export const RejectBodySchema = z.object({ version: ReviewedVersion, reason: z.string().trim().min(1, bi('hãy ghi lý do từ chối', 'give a reason')).max(1000) });

/** ?submit=true on a save sends the draft for approval at once. */
export const SubmitQuerySchema = z.object({ submit: z.enum(['true', 'false']).optional().transform((v) => v === 'true') });


export const ChangePreviewSchema = z.object({
  changeId: z.string(),
  board: z.object({ id: z.string(), name: z.string(), width: z.number(), height: z.number(), timeZone: z.string() }),
  current: z.array(PreviewItemSchema).describe('What plays now, as the board draws it'),
  proposed: z.array(PreviewItemSchema).describe('What would play once approved'),
  timeline: z.object({ current: z.array(SegmentViewSchema), proposed: z.array(SegmentViewSchema) }).describe('The next 48 hours of the board, without and with the change'),
});

export const SettingsSchema = z.object({ approvalRequired: z.boolean().describe('Changes need a second person\'s approval before boards play them') });
export const SettingsPatchSchema = SettingsSchema.partial().refine((s) => s.approvalRequired !== undefined, bi('cho biết approvalRequired', 'give approvalRequired'));

export const AuditRecordSchema = z.object({
  seq: z.number().int(),
  at: Instant,
  actor: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string(), roles: z.array(z.string()) }),
  ip: z.string().nullable(),
  action: z.string(),
  target: z.object({ kind: z.string(), id: z.string() }).nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export const AuditQuerySchema = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional().describe('An action, or a prefix such as "slide" or "change"'),
  targetKind: z.string().max(40).optional(),
  targetId: z.string().max(100).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  before: z.coerce.number().int().positive().optional().describe('Records before this sequence number (the next page)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const approval = ['approval'];

export const changeEndpoints = {
  listChanges: endpoint({
    method: 'GET',
    path: '/api/changes',
    permission: 'content.read',
    tags: approval,
    summary: 'Drafts and changes, newest first (filter by status, e.g. ?status=submitted for the approval queue)',
    query: ChangeListQuerySchema,
    response: z.array(ChangeSummarySchema),
  }),
  getChange: endpoint({ method: 'GET', path: '/api/changes/:id', permission: 'content.read', tags: approval, summary: 'A change, with the approved version it would replace', params: ChangeParamsSchema, response: ChangeDetailSchema }),
  previewChange: endpoint({
    method: 'GET',
    path: '/api/changes/:id/preview',
    permission: 'content.read',
    tags: approval,
    summary: 'The change on one board, beside what plays now: its slides as the board draws them, and the next 48 hours with and without it',
    params: ChangeParamsSchema,
    query: z.object({ board: IdSchema }),
    response: ChangePreviewSchema,
  }),
  submitChange: endpoint({ method: 'POST', path: '/api/changes/:id/submit', permission: 'content.edit', tags: approval, summary: 'Send a draft for approval', params: ChangeParamsSchema, response: ChangeSummarySchema }),
  approveChange: endpoint({
    method: 'POST',
    path: '/api/changes/:id/approve',
    permission: 'changes.review',
    tags: approval,
    summary: "Publish a submitted change (never one's own), in the version the reviewer saw; its boards get it within a second",
    params: ChangeParamsSchema,
    body: ApproveBodySchema,
    response: ChangeSummarySchema,
  }),
  rejectChange: endpoint({
    method: 'POST',
    path: '/api/changes/:id/reject',
    permission: 'changes.review',
    tags: approval,
    summary: 'Send a submitted change back with a reason its author will read',
    params: ChangeParamsSchema,
    body: RejectBodySchema,
    response: ChangeSummarySchema,
  }),
  discardChange: endpoint({ method: 'DELETE', path: '/api/changes/:id', permission: 'content.edit', tags: approval, summary: 'Discard a draft (the approved version stays)', params: ChangeParamsSchema, response: ChangeSummarySchema }),

  getSettings: endpoint({ method: 'GET', path: '/api/settings', permission: 'content.read', tags: ['settings'], summary: 'Installation settings', response: SettingsSchema }),
  updateSettings: endpoint({
    method: 'PATCH',
    path: '/api/settings',
    permission: 'settings.manage',
    tags: ['settings'],
    summary: 'Switch approval on or off (admin; the switch itself is audited)',
    body: SettingsPatchSchema,
    response: SettingsSchema,
  }),

  listAudit: endpoint({
    method: 'GET',
    path: '/api/audit',
    permission: 'audit.read',
    tags: ['audit'],
    summary: 'Audit records, newest first; page with ?before=<seq of the last one>',
    query: AuditQuerySchema,
    response: z.array(AuditRecordSchema),
  }),
  exportAudit: endpoint({
    method: 'GET',
    path: '/api/audit/export.csv',
    permission: 'audit.read',
    tags: ['audit'],
    summary: 'The selected records as CSV (UTF-8 with BOM, for Excel), oldest first',
    query: AuditQuerySchema.omit({ before: true, limit: true }),
    response: null,
    produces: 'text/csv',
  }),
};
