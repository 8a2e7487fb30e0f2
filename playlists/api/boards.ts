// API contract: boards — their live state, what they show, their timeline and proof of play, their
// settings and display schedule, pairing their players, and board groups.
import { z } from 'zod';
import { BoardSchema, IdSchema } from '../board.ts';
import { LIVE_STATES } from '../board-state.ts';
import { ManifestSchema } from '../manifest.ts';
import { bi } from '../messages.ts';
import { DisplayScheduleSchema, GroupSchema } from '../schedule.ts';
import { IdParamsSchema, InstantSchema, OkSchema, UsageSchema } from './common.ts';
import { endpoint } from './endpoint.ts';

const tags = ['boards'];

export const DeliveryStateSchema = z.enum(['unknown', 'pending', 'delivered', 'ready', 'playing']);

/** A player's heartbeat as the controller keeps it (the protocol's fields, and the device). */
export const HeartbeatViewSchema = z.object({
  version: z.string().nullable(),
  slideId: z.string().nullable(),
  black: z.boolean(),
  clockOffsetMs: z.number(),
  rttMs: z.number().nullable(),
  uptimeS: z.number(),
  screen: z.object({ width: z.number(), height: z.number() }),
  userAgent: z.string(),
  lastError: z.string().nullable(),
  cache: z.object({ kind: z.string(), items: z.number(), bytes: z.number() }).optional(),
  popPending: z.number().optional(),
  layer: z.string().nullable().optional(),
  blackReason: z.string().nullable().optional(),
  deviceId: z.string().optional(),
});

export const LiveSchema = z.object({
  state: z.enum(LIVE_STATES).describe('From the player\'s own reports: playing, emergency, blackout, power-off, black (nothing scheduled), stale (no heartbeat for 45 s), offline (2 min), never'),
  heartbeatAgeMs: z.number().nullable(),
});

export const BoardStatusSchema = BoardSchema.extend({
  defaultPlaylistId: IdSchema.nullable(),
  live: LiveSchema,
  delivery: z.object({
    state: DeliveryStateSchema,
    version: z.string().nullable(),
    publishedAt: InstantSchema.nullable(),
    deliveredVersion: z.string().nullable(),
    deliveredAt: InstantSchema.nullable(),
    readyVersion: z.string().nullable(),
    readyAt: InstantSchema.nullable(),
    playingVersion: z.string().nullable(),
    /** Time of the last heartbeat. */
    playingAt: InstantSchema.nullable(),
    heartbeat: HeartbeatViewSchema.nullable(),
  }),
});
export type BoardStatus = z.infer<typeof BoardStatusSchema>;

export const BoardPreviewSchema = z.object({
  at: InstantSchema,
  manifestVersion: z.string(),
  black: z.boolean(),
  reason: z.string().nullable(),
  layer: z.string().nullable(),
  entryIds: z.array(z.string()),
  slideId: z.string().nullable(),
  imageUrl: z.string().nullable(),
  itemType: z.enum(['image', 'scroll', 'clock']).nullable(),
  brightness: z.number(),
  nextChangeAt: InstantSchema.nullable(),
});

export const PreviewItemSchema = z.object({ slideId: z.string(), type: z.enum(['image', 'scroll', 'clock']), url: z.string().nullable(), durationMs: z.number() });
export const SegmentViewSchema = z.union([
  z.object({ kind: z.literal('play'), from: InstantSchema, to: InstantSchema, anchorAt: z.number(), layer: z.string(), entryIds: z.array(z.string()), items: z.array(PreviewItemSchema) }),
  z.object({ kind: z.literal('black'), from: InstantSchema, to: InstantSchema, reason: z.string(), overrideId: z.string().optional() }),
]);

export const PlayViewSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  deviceId: z.string(),
  slideId: z.string(),
  sha256: z.string(),
  layer: z.string(),
  entryIds: z.array(z.string()),
  playlistId: z.string().nullable().optional(),
  startedAt: InstantSchema,
  endedAt: InstantSchema,
});

export const DeviceViewSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  pairedBy: z.string(),
  createdAt: InstantSchema,
  revokedAt: InstantSchema.nullable(),
  lastSeenAt: InstantSchema.nullable(),
});

const Period = z.object({ from: InstantSchema, to: InstantSchema });
export const BoardPatchSchema = BoardSchema.pick({ name: true, timeZone: true, pitchMm: true }).partial().extend({ defaultPlaylistId: IdSchema.nullable().optional() });
const PairingCodeBody = z.object({
  code: z.string().regex(/^[A-Za-z0-9]{3}[\s-]?[A-Za-z0-9]{3}$/, bi('là mã 6 ký tự đang hiện trên bảng, ví dụ K7F-3QM', 'is the 6-character code on the board, e.g. K7F-3QM')),
  boardId: IdSchema,
});

export const boardEndpoints = {
  listBoards: endpoint({ method: 'GET', path: '/api/boards', permission: 'boards.read', tags, summary: 'All boards with their delivery state', response: z.array(BoardStatusSchema) }),
  getBoard: endpoint({ method: 'GET', path: '/api/boards/:id', permission: 'boards.read', tags, summary: 'A board with its delivery state', params: IdParamsSchema, response: BoardStatusSchema }),
  getBoardStatus: endpoint({ method: 'GET', path: '/api/boards/:id/status', permission: 'boards.read', tags, summary: 'Delivery state and last heartbeat', params: IdParamsSchema, response: BoardStatusSchema.shape.delivery }),
  createBoard: endpoint({ method: 'POST', path: '/api/boards', permission: 'boards.manage', tags, summary: 'Register a board (admin)', body: BoardSchema, response: BoardStatusSchema, status: 201 }),
  updateBoard: endpoint({
    method: 'PATCH',
    path: '/api/boards/:id',
    permission: 'boards.manage',
    tags,
    summary: "Change a board's name, time zone, pixel pitch or default playlist (admin)",
    params: IdParamsSchema,
    body: BoardPatchSchema,
    response: BoardStatusSchema,
  }),
  boardUsage: endpoint({ method: 'GET', path: '/api/boards/:id/usage', permission: 'boards.read', tags, summary: 'What names this board: schedule entries, groups (shown before deleting it)', params: IdParamsSchema, response: UsageSchema }),
  deleteBoard: endpoint({
    method: 'DELETE',
    path: '/api/boards/:id',
    permission: 'boards.manage',
    tags,
    summary: 'Remove a board no schedule entry or group names (admin): its players are cut off; its proof of play is kept',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  boardPlays: endpoint({ method: 'GET', path: '/api/boards/:id/plays', permission: 'boards.read', tags, summary: 'Proof of play: what the board showed between two instants, as its player reported it', params: IdParamsSchema, query: Period, response: z.array(PlayViewSchema) }),
  getDisplay: endpoint({ method: 'GET', path: '/api/boards/:id/display', permission: 'boards.read', tags, summary: 'Brightness and power-off windows', params: IdParamsSchema, response: DisplayScheduleSchema }),
  setDisplay: endpoint({ method: 'PUT', path: '/api/boards/:id/display', permission: 'boards.display', tags, summary: 'Brightness and power-off windows (board time zone; admin or operator)', params: IdParamsSchema, body: DisplayScheduleSchema, response: DisplayScheduleSchema }),
  boardPreview: endpoint({
    method: 'GET',
    path: '/api/boards/:id/preview',
    permission: 'boards.read',
    tags,
    summary: "What the board shows at an instant (default: now), computed by the player's own code",
    params: IdParamsSchema,
    query: z.object({ at: InstantSchema.optional() }),
    response: BoardPreviewSchema,
  }),
  boardTimeline: endpoint({ method: 'GET', path: '/api/boards/:id/timeline', permission: 'boards.read', tags, summary: 'The segments between two instants (at most 31 days)', params: IdParamsSchema, query: Period, response: z.array(SegmentViewSchema) }),
  boardManifest: endpoint({ method: 'GET', path: '/api/boards/:id/manifest', permission: 'boards.read', tags, summary: 'The manifest the board plays now', params: IdParamsSchema, response: ManifestSchema }),
  createGrant: endpoint({
    method: 'POST',
    path: '/api/boards/:id/grants',
    permission: 'devices.manage',
    tags: ['boards', 'pairing'],
    summary: "A one-time URL that opens this board's player already paired (admin or operator)",
    params: IdParamsSchema,
    body: z.object({ ttlHours: z.number().min(0.1).max(24 * 30).default(24 * 7) }).default({ ttlHours: 24 * 7 }),
    response: z.object({ url: z.string(), expiresAt: InstantSchema }),
    status: 201,
  }),
  boardDevices: endpoint({ method: 'GET', path: '/api/boards/:id/devices', permission: 'boards.read', tags: ['boards', 'pairing'], summary: 'Player boxes paired with the board', params: IdParamsSchema, response: z.array(DeviceViewSchema) }),
  revokeDevice: endpoint({
    method: 'POST',
    path: '/api/devices/:id/revoke',
    permission: 'devices.manage',
    tags: ['pairing'],
    summary: 'Revoke a player device token; its connection is closed at once (admin or operator)',
    params: z.object({ id: z.string().min(1).max(100) }),
    response: OkSchema,
  }),
  approvePairing: endpoint({
    method: 'POST',
    path: '/api/pairings/approve',
    permission: 'devices.manage',
    tags: ['pairing'],
    summary: 'Pair the player showing this code with a board (admin or operator)',
    body: PairingCodeBody,
    response: z.object({ deviceId: z.string(), boardId: z.string() }),
  }),

  listGroups: endpoint({ method: 'GET', path: '/api/groups', permission: 'content.read', tags: ['groups'], summary: 'Board groups', response: z.array(GroupSchema) }),
  getGroup: endpoint({ method: 'GET', path: '/api/groups/:id', permission: 'content.read', tags: ['groups'], summary: 'A board group', params: IdParamsSchema, response: GroupSchema }),
  saveGroup: endpoint({
    method: 'PUT',
    path: '/api/groups/:id',
    permission: 'boards.manage',
    tags: ['groups'],
    summary: 'Create or replace a group: its members and default playlist (admin)',
    params: IdParamsSchema,
    body: GroupSchema.omit({ id: true }),
    response: GroupSchema,
  }),
  deleteGroup: endpoint({ method: 'DELETE', path: '/api/groups/:id', permission: 'boards.manage', tags: ['groups'], summary: 'Delete a group no schedule entry targets (admin)', params: IdParamsSchema, response: OkSchema }),
};
