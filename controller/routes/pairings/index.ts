// Approving the code an unpaired player shows on its screen.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { bi } from '../../../playlists/messages.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

export const pairingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/pairings/approve',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['pairing'],
        summary: 'Pair the player showing this code with a board (admin or operator)',
        body: z.object({
          code: z.string().regex(/^[A-Za-z0-9]{3}[\s-]?[A-Za-z0-9]{3}$/, bi('là mã 6 ký tự đang hiện trên bảng, ví dụ K7F-3QM', 'is the 6-character code on the board, e.g. K7F-3QM')),
          boardId: IdSchema,
        }),
      },
    },
    async (req) => services.pairing.approve(actorOf(req), req.body.code, req.body.boardId),
  );
};
