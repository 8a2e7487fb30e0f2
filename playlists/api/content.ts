// API contract: what staff write — slides (with their previews and legibility), the picture
// library, playlists, campaigns — and the schedule: entries, emergencies and blackouts.
import { z } from 'zod';
import { IdSchema } from '../board.ts';
import { PlaylistSchema } from '../playlist.ts';
import { OverrideTargetsSchema, ScheduleEntryFieldsSchema, ScheduleEntrySchema, datesInOrder } from '../schedule.ts';
import { ClockSlideSchema, DurationSecondsSchema, ImageSlideSchema, QrSlideSchema, SlideSchema, TextSlideSchema } from '../slide.ts';
import { bi } from '../messages.ts';
import { humanText } from '../text.ts';
import { ChangeSummarySchema, SubmitQuerySchema } from './changes.ts';
import { IdParamsSchema, InstantSchema, OkSchema, UsageSchema } from './common.ts';
import { endpoint } from './endpoint.ts';

export const LegibilitySchema = z.object({
  capHeightPx: z.number(),
  capHeightMm: z.number(),
  /** Distance range the capitals read from, metres. */
  readableFromM: z.object({ min: z.number(), max: z.number() }),
  words: z.number(),
  readingSecondsNeeded: z.number(),
  durationSeconds: z.number(),
  warnings: z.array(z.object({ code: z.string(), vi: z.string(), en: z.string() })),
});
export const BoardLegibilitySchema = z.object({ boardId: z.string(), boardName: z.string(), report: LegibilitySchema.nullable() });

const Pending = z.object({ pendingChange: ChangeSummarySchema.nullable() });
const Saved = z.object({ change: ChangeSummarySchema, published: z.boolean().describe('true when it went live at once (approval switched off)') });

export const SlideViewSchema = z.intersection(SlideSchema, Pending);
export const SavedSlideSchema = z.intersection(SlideSchema, Saved.extend({ legibility: z.array(BoardLegibilitySchema) }));
export const SlideBodySchema = z.discriminatedUnion('kind', [TextSlideSchema.omit({ id: true }), ImageSlideSchema.omit({ id: true }), QrSlideSchema.omit({ id: true }), ClockSlideSchema.omit({ id: true })]);

export const FontSchema = z.object({ id: z.string(), family: z.string(), weight: z.number(), licence: z.string() });
export const MediaViewSchema = z.object({
  id: z.string(),
  format: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  originalName: z.string().nullable(),
  uploadedBy: z.string(),
  createdAt: InstantSchema,
  thumbnailUrl: z.string(),
});

export const PlaylistViewSchema = PlaylistSchema.extend(Pending.shape);
export const SavedPlaylistSchema = PlaylistSchema.extend(Saved.shape);

export const ConflictWarningSchema = z.object({ boardId: z.string(), otherEntryId: z.string(), firstOverlap: InstantSchema, vi: z.string(), en: z.string() });
export const EntryViewSchema = z.intersection(ScheduleEntrySchema, Pending);
export const EntryWithWarningsSchema = z.intersection(ScheduleEntrySchema, z.object({ warnings: z.array(ConflictWarningSchema) }));
export const SavedEntrySchema = z.intersection(ScheduleEntrySchema, Saved.extend({ warnings: z.array(ConflictWarningSchema) }));

const EntryFields = ScheduleEntryFieldsSchema.omit({ id: true, anchorAt: true }).extend({
  /** When an 'always' loop starts (ISO 8601); defaults to now. */
  anchorAt: InstantSchema.optional(),
});
export const EntryCreateBodySchema = EntryFields.extend({ id: IdSchema.optional() }).superRefine(datesInOrder);
export const EntryReplaceBodySchema = EntryFields.superRefine(datesInOrder);

const Until = z.iso.datetime({ offset: true, error: bi('thời điểm ISO 8601 có múi giờ, ví dụ 2026-11-26T18:00:00+07:00', 'an ISO 8601 instant with its offset, e.g. 2026-11-26T18:00:00+07:00') });
export const EmergencyBodySchema = z
  .object({
    targets: OverrideTargetsSchema,
    /** A message drawn as a text slide on every target board… */
    text: humanText(500).optional(),
    /** …or an existing playlist. */
    playlistId: IdSchema.optional(),
    durationSeconds: DurationSecondsSchema.default(10),
    expiresAt: Until.optional(),
    durationMinutes: z.number().int().min(1).max(14 * 24 * 60).optional(),
    reason: humanText(500).optional(),
  })
  .refine((b) => (b.text ? 1 : 0) + (b.playlistId ? 1 : 0) === 1, bi('cho biết text (nội dung thông báo) hoặc playlistId, một trong hai', 'give either text (the message) or playlistId, not both'))
  .refine((b) => (b.expiresAt ? 1 : 0) + (b.durationMinutes ? 1 : 0) === 1, bi('thông báo khẩn phải có thời hạn: expiresAt hoặc durationMinutes', 'an emergency needs an expiry: expiresAt or durationMinutes'));
export const BlackoutBodySchema = z.object({
  targets: OverrideTargetsSchema,
  /** Leave out to keep the boards black until cleared. */
  expiresAt: Until.optional(),
  reason: humanText(500).optional(),
});
export const OverrideViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['emergency', 'blackout']),
  targets: OverrideTargetsSchema,
  playlistId: z.string().nullable(),
  startsAt: InstantSchema,
  expiresAt: InstantSchema.nullable(),
  clearedAt: InstantSchema.nullable(),
  reason: z.string().nullable(),
  createdBy: z.string(),
  clearedBy: z.string().nullable(),
  /** The boards it reached (on creation). */
  boards: z.array(z.string()).optional(),
});

export const CampaignViewSchema = z.object({ id: z.string(), name: z.string(), source: z.string().nullable(), slides: z.number(), playlists: z.number() });

const OverrideParams = z.object({ id: z.string().min(1).max(100) });
const SlidePreviewQuery = z.object({ board: IdSchema.optional(), w: z.coerce.number().int().optional(), h: z.coerce.number().int().optional(), draft: z.enum(['true', 'false']).optional() });
const slides = ['slides'];
const playlists = ['playlists'];
const schedule = ['schedule'];
const overrides = ['overrides'];

export const contentEndpoints = {
  listFonts: endpoint({ method: 'GET', path: '/api/fonts', permission: 'content.read', tags: slides, summary: 'Fonts on offer (each covers the whole Vietnamese alphabet)', response: z.array(FontSchema) }),
  listSlides: endpoint({ method: 'GET', path: '/api/slides', permission: 'content.read', tags: slides, summary: 'Approved slides, each with its pending change if any', response: z.array(SlideViewSchema) }),
  getSlide: endpoint({ method: 'GET', path: '/api/slides/:id', permission: 'content.read', tags: slides, summary: 'The approved slide', params: IdParamsSchema, response: SlideSchema }),
  createSlide: endpoint({
    method: 'POST',
    path: '/api/slides',
    permission: 'content.edit',
    tags: slides,
    summary: 'Create a slide (text, image, qr or clock) as a draft; ?submit=true sends it for approval',
    description:
      'Text pasted from TCVN3/VNI documents is refused with the converted text in details.legacyEncoding (set acceptLegacyLookingText: true to keep it); characters the font lacks are refused by name. The response lists legibility per board it plays on, and its change (draft, submitted, or approved when approval is switched off).',
    query: SubmitQuerySchema,
    body: SlideSchema,
    response: SavedSlideSchema,
    status: 201,
  }),
  updateSlide: endpoint({
    method: 'PUT',
    path: '/api/slides/:id',
    permission: 'content.edit',
    tags: slides,
    summary: 'Change a slide: a new draft; the approved version plays on until this one is approved',
    params: IdParamsSchema,
    query: SubmitQuerySchema,
    body: SlideBodySchema,
    response: SavedSlideSchema,
  }),
  slideUsage: endpoint({ method: 'GET', path: '/api/slides/:id/usage', permission: 'content.read', tags: slides, summary: 'The playlists and drafts that use a slide (shown before deleting it)', params: IdParamsSchema, response: UsageSchema }),
  deleteSlide: endpoint({
    method: 'DELETE',
    path: '/api/slides/:id',
    permission: 'content.edit',
    tags: slides,
    summary: 'Delete a slide nothing uses (409 lists what does); past reports keep what it showed',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  slideLegibility: endpoint({
    method: 'GET',
    path: '/api/slides/:id/legibility',
    permission: 'content.read',
    tags: slides,
    summary: 'Cap height (px, mm), reading distance and reading time on each board the slide plays on',
    params: IdParamsSchema,
    query: z.object({ board: IdSchema.optional() }),
    response: z.array(BoardLegibilitySchema),
  }),
  slidePreview: endpoint({
    method: 'GET',
    path: '/api/slides/:id/preview',
    permission: 'content.read',
    tags: slides,
    summary: "The image a board would show (by board id, or by width and height); legibility in X-Legibility (JSON). ?draft=true shows the slide's open draft.",
    params: IdParamsSchema,
    query: SlidePreviewQuery,
    response: null,
    produces: 'image/png',
  }),
  renderSlide: endpoint({
    method: 'POST',
    path: '/api/slides/render',
    permission: 'content.edit',
    tags: slides,
    summary: 'Draws a slide as it is being written, at a board\'s size (by board id, or by width and height) — nothing is saved. Refusals (legacy encoding, missing glyphs, too small) come as the 4xx a save would get. Legibility in X-Legibility.',
    query: SlidePreviewQuery.omit({ draft: true }),
    body: SlideSchema,
    response: null,
    produces: 'image/png',
  }),

  listMedia: endpoint({ method: 'GET', path: '/api/media', permission: 'content.read', tags: ['media'], summary: 'Pictures in the library', response: z.array(MediaViewSchema) }),
  uploadMedia: endpoint({
    method: 'POST',
    path: '/api/media',
    permission: 'content.edit',
    tags: ['media'],
    summary: 'Upload a picture (PNG, JPEG or WebP, sent as the raw request body)',
    description: 'SVG and other formats are refused (415); too many bytes 413, too many pixels 422. EXIF rotation is applied and all metadata (GPS included) removed. Name the file with ?name=.',
    query: z.object({ name: z.string().max(200).optional() }),
    rawBody: true,
    response: MediaViewSchema,
    status: 201,
  }),

  listPlaylists: endpoint({ method: 'GET', path: '/api/playlists', permission: 'content.read', tags: playlists, summary: 'Approved playlists, each with its pending change if any', response: z.array(PlaylistViewSchema) }),
  getPlaylist: endpoint({ method: 'GET', path: '/api/playlists/:id', permission: 'content.read', tags: playlists, summary: 'The approved playlist', params: IdParamsSchema, response: PlaylistSchema }),
  savePlaylist: endpoint({
    method: 'PUT',
    path: '/api/playlists/:id',
    permission: 'content.edit',
    tags: playlists,
    summary: 'Create or change a playlist: saved as a draft (?submit=true sends it for approval); published at once only when approval is switched off',
    params: IdParamsSchema,
    query: SubmitQuerySchema,
    body: PlaylistSchema.omit({ id: true }),
    response: SavedPlaylistSchema,
  }),
  playlistUsage: endpoint({ method: 'GET', path: '/api/playlists/:id/usage', permission: 'content.read', tags: playlists, summary: 'The schedule entries, board and group defaults, emergencies and drafts that use a playlist', params: IdParamsSchema, response: UsageSchema }),
  deletePlaylist: endpoint({ method: 'DELETE', path: '/api/playlists/:id', permission: 'content.edit', tags: playlists, summary: 'Delete a playlist nothing uses (409 lists what does)', params: IdParamsSchema, response: OkSchema }),

  listCampaigns: endpoint({ method: 'GET', path: '/api/campaigns', permission: 'content.read', tags: playlists, summary: 'Campaigns imported from files, with how many slides and playlists each holds', response: z.array(CampaignViewSchema) }),
  exportCampaign: endpoint({
    method: 'GET',
    path: '/api/campaigns/:id/export',
    permission: 'content.read',
    tags: playlists,
    summary: 'The campaign as the YAML file the import reads (its approved slides and playlists)',
    params: IdParamsSchema,
    response: null,
    produces: 'application/yaml',
  }),

  listEntries: endpoint({ method: 'GET', path: '/api/schedule-entries', permission: 'content.read', tags: schedule, summary: 'Approved entries, each with its pending change if any', response: z.array(EntryViewSchema) }),
  getEntry: endpoint({ method: 'GET', path: '/api/schedule-entries/:id', permission: 'content.read', tags: schedule, summary: 'An approved entry with its conflict warnings', params: IdParamsSchema, response: EntryWithWarningsSchema }),
  checkEntry: endpoint({
    method: 'POST',
    path: '/api/schedule-entries/check',
    permission: 'content.read',
    tags: schedule,
    summary: 'Checks an entry without saving it: the refusals a save would get (4xx), else its conflict warnings',
    body: EntryCreateBodySchema,
    response: z.object({ warnings: z.array(ConflictWarningSchema), boards: z.array(z.string()) }),
  }),
  createEntry: endpoint({
    method: 'POST',
    path: '/api/schedule-entries',
    permission: 'content.edit',
    tags: schedule,
    summary: 'Schedule a playlist on boards and groups: a draft (?submit=true sends it for approval)',
    description:
      'recurrence: {"kind":"always"} | {"kind":"daily","weekdays":[1..7],"window":{"start":"05:30","end":"22:00"}|null} | {"kind":"cron","expression":"30 7 * * 1-5","durationMinutes":60}. Windows may cross midnight (22:00–05:00). Dates are YYYY-MM-DD in the board\'s time zone, inclusive.',
    query: SubmitQuerySchema,
    body: EntryCreateBodySchema,
    response: SavedEntrySchema,
    status: 201,
  }),
  updateEntry: endpoint({
    method: 'PUT',
    path: '/api/schedule-entries/:id',
    permission: 'content.edit',
    tags: schedule,
    summary: 'Change a schedule entry: a draft (?submit=true sends it for approval)',
    params: IdParamsSchema,
    query: SubmitQuerySchema,
    body: EntryReplaceBodySchema,
    response: SavedEntrySchema,
  }),
  deleteEntry: endpoint({
    method: 'DELETE',
    path: '/api/schedule-entries/:id',
    permission: 'content.edit',
    tags: schedule,
    summary: 'Ask for an entry to be deleted: a change to approve like any other (?submit=true sends it)',
    params: IdParamsSchema,
    query: SubmitQuerySchema,
    response: Saved.extend({ ok: z.literal(true) }),
  }),

  listEmergencies: endpoint({ method: 'GET', path: '/api/emergencies', permission: 'content.read', tags: overrides, summary: 'Emergencies, newest first, with who raised and who cleared each', response: z.array(OverrideViewSchema) }),
  raiseEmergency: endpoint({ method: 'POST', path: '/api/emergencies', permission: 'overrides.manage', tags: overrides, summary: 'Show a message over everything, now (admin, or operator with the emergency duty)', body: EmergencyBodySchema, response: OverrideViewSchema, status: 201 }),
  clearEmergency: endpoint({ method: 'DELETE', path: '/api/emergencies/:id', permission: 'overrides.manage', tags: overrides, summary: 'Clear an emergency', params: OverrideParams, response: OverrideViewSchema }),
  listBlackouts: endpoint({ method: 'GET', path: '/api/blackouts', permission: 'content.read', tags: overrides, summary: 'Blackouts, newest first, with who raised and who cleared each', response: z.array(OverrideViewSchema) }),
  raiseBlackout: endpoint({ method: 'POST', path: '/api/blackouts', permission: 'overrides.manage', tags: overrides, summary: 'Black screen now, until cleared or expiresAt (admin, or operator with the emergency duty)', body: BlackoutBodySchema, response: OverrideViewSchema, status: 201 }),
  clearBlackout: endpoint({ method: 'DELETE', path: '/api/blackouts/:id', permission: 'overrides.manage', tags: overrides, summary: 'Lift a blackout', params: OverrideParams, response: OverrideViewSchema }),
};
