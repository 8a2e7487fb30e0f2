// zod schemas for what the controller receives over the socket protocol (validated at the edge).
import { z } from 'zod';
import type { Ack, Heartbeat, PlayRecord } from './protocol.ts';

export const AckSchema: z.ZodType<Ack> = z.object({
  version: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.enum(['delivered', 'ready']),
});

export const HeartbeatSchema: z.ZodType<Heartbeat> = z.object({
  version: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  slideId: z.string().max(100).nullable(),
  black: z.boolean(),
  clockOffsetMs: z.number().finite(),
  rttMs: z.number().finite().nullable(),
  uptimeS: z.number().finite().nonnegative(),
  screen: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
  userAgent: z.string().max(400),
  lastError: z.string().max(1000).nullable(),
  cache: z.object({ kind: z.string().max(40), items: z.number().int().nonnegative(), bytes: z.number().nonnegative() }).optional(),
  popPending: z.number().int().nonnegative().optional(),
  // Players before these fields existed leave them out.
  layer: z.string().max(40).nullable().optional(),
  blackReason: z.string().max(40).nullable().optional(),
});

export const PlayRecordSchema = z.object({
  id: z.string().min(8).max(100),
  boardId: z.string().min(1).max(100),
  slideId: z.string().min(1).max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  layer: z.string().max(40),
  entryIds: z.array(z.string().max(100)).max(50),
  playlistId: z.string().max(100).optional(),
  // Whole milliseconds are stored; a player's synced clock may give fractions.
  startedAt: z.number().finite().transform(Math.round),
  endedAt: z.number().finite().transform(Math.round),
}) as unknown as z.ZodType<PlayRecord>;
