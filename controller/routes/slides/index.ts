// Slides: read, create and edit (as drafts, published by approval); the image a given board would
// show, with its legibility report.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SubmitQuerySchema } from '../../../playlists/api/changes.ts';
import { BoardSizeSchema, IdSchema } from '../../../playlists/board.ts';
import { ClockSlideSchema, ImageSlideSchema, QrSlideSchema, SlideSchema, TextSlideSchema } from '../../../playlists/slide.ts';
import { BadRequest } from '../../errors.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const SlideParams = z.object({ id: IdSchema });
const read = { permission: 'content.read' } as const;
const edit = { permission: 'content.edit' } as const;

/** JSON with non-ASCII escaped (\uXXXX): HTTP headers carry ASCII only, JSON.parse restores it. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const SlideBody = z.discriminatedUnion('kind', [TextSlideSchema.omit({ id: true }), ImageSlideSchema.omit({ id: true }), QrSlideSchema.omit({ id: true }), ClockSlideSchema.omit({ id: true })]);

export const slideRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { content } = services;

  app.get('/fonts', { config: read, schema: { tags: ['slides'], summary: 'Fonts on offer (each covers the whole Vietnamese alphabet)' } }, async () => content.fonts());

  app.get('/slides', { config: read, schema: { tags: ['slides'], summary: 'Approved slides, each with its pending change if any' } }, async () => content.listSlides());

  app.get('/slides/:id', { config: read, schema: { tags: ['slides'], summary: 'The approved slide', params: SlideParams } }, async (req) => content.getSlide(req.params.id));

  app.post(
    '/slides',
    {
      config: edit,
      schema: {
        tags: ['slides'],
        summary: 'Create a slide (text, image, qr or clock) as a draft; ?submit=true sends it for approval',
        description:
          'Text pasted from TCVN3/VNI documents is refused with the converted text in details.legacyEncoding (set acceptLegacyLookingText: true to keep it); characters the font lacks are refused by name. The response lists legibility per board it plays on, and its change (draft, submitted, or approved when approval is switched off).',
        querystring: SubmitQuerySchema,
        body: SlideSchema,
      },
    },
    async (req, reply) => {
      const saved = await content.saveSlide(actorOf(req), req.body, { mode: 'create', submit: req.query.submit });
      reply.code(201);
      return { ...req.body, ...saved, legibility: await content.legibility(req.body) };
    },
  );

  app.put(
    '/slides/:id',
    { config: edit, schema: { tags: ['slides'], summary: 'Change a slide: a new draft; the approved version plays on until this one is approved', params: SlideParams, querystring: SubmitQuerySchema, body: SlideBody } },
    async (req) => {
      const slide = { ...req.body, id: req.params.id };
      const saved = await content.saveSlide(actorOf(req), slide, { mode: 'replace', submit: req.query.submit });
      return { ...slide, ...saved, legibility: await content.legibility(slide) };
    },
  );

  app.get(
    '/slides/:id/legibility',
    { config: read, schema: { tags: ['slides'], summary: 'Cap height (px, mm), reading distance and reading time on each board the slide plays on', params: SlideParams, querystring: z.object({ board: IdSchema.optional() }) } },
    async (req) => content.legibility(content.getSlide(req.params.id), req.query.board ? [services.boards.get(req.query.board).id] : undefined),
  );

  app.get(
    '/slides/:id/preview',
    {
      config: read,
      schema: {
        tags: ['slides'],
        summary: 'The image a board would show (by board id, or by width and height); legibility in X-Legibility (JSON). ?draft=true shows the slide\'s open draft.',
        params: SlideParams,
        querystring: z.object({ board: IdSchema.optional(), w: z.coerce.number().int().optional(), h: z.coerce.number().int().optional(), draft: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req, reply) => {
      const slide = req.query.draft === 'true' ? content.draftOrSlide(req.params.id) : content.getSlide(req.params.id);
      let size;
      let pitchMm = 10;
      if (req.query.board) {
        const board = services.boards.get(req.query.board);
        size = board;
        pitchMm = board.pitchMm;
      } else {
        const parsed = BoardSizeSchema.safeParse({ width: req.query.w, height: req.query.h });
        if (!parsed.success) {
          throw new BadRequest({ vi: 'Cho biết bảng (?board=<mã>) hoặc kích thước (?w=576&h=288, từ 16 px).', en: 'Give a board (?board=<id>) or a size (?w=576&h=288, at least 16 px).' });
        }
        size = parsed.data;
      }
      const { rendition, bytes, legibility } = await content.preview(slide, size, pitchMm);
      return reply
        .type(rendition.ext === 'png' ? 'image/png' : 'image/webp')
        .header('Cache-Control', 'private, no-cache')
        .header('X-Rendition-Url', rendition.url)
        .header('X-Legibility', asciiJson(legibility))
        .send(bytes);
    },
  );
};
