// Slides (drafts, published by approval), the image a board would show with its legibility, a
// slide drawn while it is being written; fonts; the picture library; playlists; campaigns.
import fs from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API } from '../../../playlists/api/index.ts';
import { BoardSizeSchema } from '../../../playlists/board.ts';
import type { BoardSize } from '../../../playlists/board.ts';
import { AppError, BadRequest } from '../../errors.ts';
import type { ImageLimits } from '../../render/image-pipeline.ts';
import type { Preview } from '../../services/content.ts';
import type { Services } from '../../services/index.ts';
import type { MediaRow } from '../../store/media-repo.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';

/** JSON with non-ASCII escaped (\uXXXX): HTTP headers carry ASCII only, JSON.parse restores it. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const mediaView = (m: MediaRow) => ({
  id: m.sha256,
  format: m.format,
  width: m.width,
  height: m.height,
  bytes: m.bytes,
  originalName: m.originalName,
  uploadedBy: m.uploadedBy,
  createdAt: new Date(m.createdAt).toISOString(),
  thumbnailUrl: `/media/thumbs/${m.sha256}.webp`,
});

export const slideRoutes: FastifyPluginAsync<{ services: Services; limits: ImageLimits }> = async (app, { services, limits }) => {
  const { content } = services;

  /** The size to draw at: a board's (with its pixel pitch), or width × height. */
  const sizeOf = async (query: { board?: string | undefined; w?: number | undefined; h?: number | undefined }): Promise<{ size: BoardSize; pitchMm: number; board: boolean }> => {
    if (query.board) {
      const board = await services.boards.get(query.board);
      return { size: board, pitchMm: board.pitchMm, board: true };
    }
    const parsed = BoardSizeSchema.safeParse({ width: query.w, height: query.h });
    if (!parsed.success) throw new BadRequest({ vi: 'Cho biết bảng (?board=<mã>) hoặc kích thước (?w=576&h=288, từ 16 px).', en: 'Give a board (?board=<id>) or a size (?w=576&h=288, at least 16 px).' });
    return { size: parsed.data, pitchMm: 10, board: false };
  };
  const sendPreview = async (reply: FastifyReply, drawn: Preview) => {
    if (drawn.rendition.url) reply.header('X-Rendition-Url', drawn.rendition.url);
    return reply
      .type(drawn.rendition.ext === 'png' ? 'image/png' : 'image/webp')
      .header('Cache-Control', 'private, no-cache')
      .header('X-Legibility', asciiJson(drawn.legibility))
      .send(drawn.bytes);
  };

  route(app, API.listFonts, () => content.fonts());
  route(app, API.listSlides, () => content.listSlides());
  route(app, API.getSlide, ({ params }) => content.getSlide(params.id));
  route(app, API.createSlide, async ({ query, body }, req) => {
    const saved = await content.saveSlide(actorOf(req), body, { mode: 'create', submit: query.submit });
    return { ...body, ...saved, legibility: await content.legibility(body) };
  });
  route(app, API.updateSlide, async ({ params, query, body }, req) => {
    const slide = { ...body, id: params.id };
    const saved = await content.saveSlide(actorOf(req), slide, { mode: 'replace', submit: query.submit });
    return { ...slide, ...saved, legibility: await content.legibility(slide) };
  });
  route(app, API.slideUsage, ({ params }) => content.slideUsage(params.id));
  route(app, API.deleteSlide, async ({ params }, req) => {
    await content.deleteSlide(actorOf(req), params.id);
    return { ok: true as const };
  });
  route(app, API.slideLegibility, async ({ params, query }) => content.legibility(await content.getSlide(params.id), query.board ? [(await services.boards.get(query.board)).id] : undefined));
  route(app, API.slidePreview, async ({ params, query }, _req, reply) => {
    const slide = query.draft === 'true' ? await content.draftOrSlide(params.id) : await content.getSlide(params.id);
    const { size, pitchMm, board } = await sizeOf(query);
    return await sendPreview(reply, await content.preview(slide, size, pitchMm, board));
  });
  route(app, API.renderSlide, async ({ query, body }, _req, reply) => {
    const { size, pitchMm } = await sizeOf(query);
    return await sendPreview(reply, await content.render(body, size, pitchMm));
  });

  // Pictures come as raw bytes of any declared type: the pipeline decides the format from the content.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBytes + 1 }, (_req, body, done) => done(null, body));
  route(app, API.listMedia, async () => (await content.listMedia()).map(mediaView));
  route(
    app,
    API.uploadMedia,
    async ({ query }, req) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError(400, 'bad_request', { vi: 'Hãy gửi tệp ảnh làm nội dung yêu cầu.', en: 'Send the picture file as the request body.' });
      return mediaView(await content.uploadMedia(actorOf(req), body, { originalName: query.name ?? null, limits }));
    },
    { bodyLimit: limits.maxBytes + 1 },
  );

  route(app, API.listPlaylists, () => content.listPlaylists());
  route(app, API.getPlaylist, ({ params }) => content.getPlaylist(params.id));
  route(app, API.savePlaylist, async ({ params, query, body }, req) => {
    const playlist = { ...body, id: params.id };
    return { ...playlist, ...(await content.savePlaylist(actorOf(req), playlist, { submit: query.submit })) };
  });
  route(app, API.playlistUsage, ({ params }) => content.playlistUsage(params.id));
  route(app, API.deletePlaylist, async ({ params }, req) => {
    await content.deletePlaylist(actorOf(req), params.id);
    return { ok: true as const };
  });

  route(app, API.listCampaigns, () => content.listCampaigns());
  route(app, API.exportCampaign, async ({ params }, _req, reply) =>
    reply
      .type('application/yaml; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${params.id}.yaml"`)
      .send(await content.exportCampaign(params.id)),
  );
};

/** Thumbnails for the web app (public like the renditions: names are unguessable hashes). */
export const thumbnailRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/media/thumbs/:file',
    { schema: { tags: ['media'], summary: 'A picture\'s thumbnail by its sha256 (immutable)', params: z.object({ file: z.string().regex(/^[0-9a-f]{64}\.webp$/, 'is <sha256>.webp') }) } },
    async (req, reply) => {
      const file = services.renditions.thumbPath((req.params as { file: string }).file.slice(0, 64));
      if (!(await services.renditions.present(file))) throw new AppError(404, 'not_found', { vi: 'Không có ảnh này.', en: 'No such image.' });
      return reply.type('image/webp').header('Cache-Control', 'public, max-age=31536000, immutable').send(fs.createReadStream(file));
    },
  );
};
