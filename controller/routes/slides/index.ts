// Slides: read, create, edit, and the PNG a given board would show.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardSizeSchema, IdSchema } from '../../../playlists/board.ts';
import { TextSlideSchema } from '../../../playlists/slide.ts';
import { BadRequest } from '../../errors.ts';
import type { Services } from '../../services/index.ts';

const SlideParams = z.object({ id: IdSchema });
const SlideBody = TextSlideSchema.omit({ id: true });

export const slideRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/slides', { schema: { tags: ['slides'] } }, async () => services.store.content.listSlides());

  app.get('/slides/:id', { schema: { tags: ['slides'], params: SlideParams } }, async (req) => services.content.getSlide(req.params.id));

  app.post('/slides', { schema: { tags: ['slides'], body: TextSlideSchema } }, async (req, reply) => {
    const slide = await services.content.createSlide(req.body);
    reply.code(201);
    return slide;
  });

  app.put(
    '/slides/:id',
    { schema: { tags: ['slides'], summary: 'Replace a slide; boards that play it get a new manifest', params: SlideParams, body: SlideBody } },
    async (req) => services.content.updateSlide({ ...req.body, id: req.params.id }),
  );

  app.get(
    '/slides/:id/preview',
    {
      schema: {
        tags: ['slides'],
        summary: 'The PNG a board would show (by board id, or by width and height)',
        params: SlideParams,
        querystring: z.object({ board: IdSchema.optional(), w: z.coerce.number().int().optional(), h: z.coerce.number().int().optional() }),
      },
    },
    async (req, reply) => {
      const slide = services.content.getSlide(req.params.id);
      let size;
      if (req.query.board) {
        size = services.content.getBoard(req.query.board);
      } else {
        const parsed = BoardSizeSchema.safeParse({ width: req.query.w, height: req.query.h });
        if (!parsed.success) {
          throw new BadRequest({ vi: 'Cho biết bảng (?board=<mã>) hoặc kích thước (?w=576&h=288, từ 16 px).', en: 'Give a board (?board=<id>) or a size (?w=576&h=288, at least 16 px).' });
        }
        size = parsed.data;
      }
      const r = await services.renditions.get(slide, size);
      return reply.redirect(r.url, 303);
    },
  );
};
