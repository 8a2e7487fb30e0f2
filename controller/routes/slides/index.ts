// Slides: read, create, edit; the image a given board would show, with its legibility report.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardSizeSchema, IdSchema } from '../../../playlists/board.ts';
import { ClockSlideSchema, ImageSlideSchema, QrSlideSchema, SlideSchema, TextSlideSchema } from '../../../playlists/slide.ts';
import { BadRequest } from '../../errors.ts';
import { fontCatalogue } from '../../render/fonts.ts';
import type { Services } from '../../services/index.ts';

const SlideParams = z.object({ id: IdSchema });

/** JSON with non-ASCII escaped (\uXXXX): HTTP headers carry ASCII only, JSON.parse restores it. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const SlideBody = z.discriminatedUnion('kind', [TextSlideSchema.omit({ id: true }), ImageSlideSchema.omit({ id: true }), QrSlideSchema.omit({ id: true }), ClockSlideSchema.omit({ id: true })]);

export const slideRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/fonts', { schema: { tags: ['slides'], summary: 'Fonts on offer (each covers the whole Vietnamese alphabet)' } }, async () => fontCatalogue());

  app.get('/slides', { schema: { tags: ['slides'] } }, async () => services.store.content.listSlides());

  app.get('/slides/:id', { schema: { tags: ['slides'], params: SlideParams } }, async (req) => services.content.getSlide(req.params.id));

  app.post(
    '/slides',
    {
      schema: {
        tags: ['slides'],
        summary: 'Create a slide: text, image, qr or clock',
        description:
          'Text pasted from TCVN3/VNI documents is refused with the converted text in details.legacyEncoding (set acceptLegacyLookingText: true to keep it); characters the font lacks are refused by name. The response lists legibility per board it plays on.',
        body: SlideSchema,
      },
    },
    async (req, reply) => {
      const slide = await services.content.createSlide(req.body);
      reply.code(201);
      return { ...slide, legibility: await services.content.legibility(slide) };
    },
  );

  app.put(
    '/slides/:id',
    { schema: { tags: ['slides'], summary: 'Replace a slide; boards that play it get a new manifest', params: SlideParams, body: SlideBody } },
    async (req) => {
      const slide = await services.content.updateSlide({ ...req.body, id: req.params.id });
      return { ...slide, legibility: await services.content.legibility(slide) };
    },
  );

  app.get(
    '/slides/:id/legibility',
    { schema: { tags: ['slides'], summary: 'Cap height (px, mm), reading distance and reading time on each board the slide plays on', params: SlideParams, querystring: z.object({ board: IdSchema.optional() }) } },
    async (req) => services.content.legibility(services.content.getSlide(req.params.id), req.query.board ? [services.content.getBoard(req.query.board).id] : undefined),
  );

  app.get(
    '/slides/:id/preview',
    {
      schema: {
        tags: ['slides'],
        summary: 'The image a board would show (by board id, or by width and height); legibility in X-Legibility (JSON)',
        params: SlideParams,
        querystring: z.object({ board: IdSchema.optional(), w: z.coerce.number().int().optional(), h: z.coerce.number().int().optional() }),
      },
    },
    async (req, reply) => {
      const slide = services.content.getSlide(req.params.id);
      let size;
      let pitchMm = 10;
      if (req.query.board) {
        const board = services.content.getBoard(req.query.board);
        size = board;
        pitchMm = board.pitchMm;
      } else {
        const parsed = BoardSizeSchema.safeParse({ width: req.query.w, height: req.query.h });
        if (!parsed.success) {
          throw new BadRequest({ vi: 'Cho biết bảng (?board=<mã>) hoặc kích thước (?w=576&h=288, từ 16 px).', en: 'Give a board (?board=<id>) or a size (?w=576&h=288, at least 16 px).' });
        }
        size = parsed.data;
      }
      if (slide.kind === 'clock') {
        throw new BadRequest({ vi: 'Trang đồng hồ do trình phát vẽ trực tiếp: xem trên bảng hoặc trình phát.', en: 'A clock slide is drawn live by the player: see it on a player.' });
      }
      const r = await services.renditions.get(slide, size);
      const report = services.content.legibilityOn(slide, { ...size, pitchMm }, r);
      return reply
        .type(r.ext === 'png' ? 'image/png' : 'image/webp')
        .header('Cache-Control', 'private, no-cache')
        .header('X-Rendition-Url', r.url)
        .header('X-Legibility', asciiJson(report))
        .send(await services.renditions.bytes(r));
    },
  );
};
