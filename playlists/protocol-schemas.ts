// zod schemas for what the controller receives over the socket protocol (validated at the edge).
import { z } from 'zod';
import type { Ack } from './protocol.ts';

export const AckSchema: z.ZodType<Ack> = z.object({
  version: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.enum(['delivered', 'ready']),
});
