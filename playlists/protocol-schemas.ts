// zod schemas for what the controller receives over the socket protocol (validated at the edge).
import { z } from 'zod';
import type { Ack, Heartbeat } from './protocol.ts';

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
});
