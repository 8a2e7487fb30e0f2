// The picture library: upload (checked by content, size- and pixel-limited, cleaned of metadata)
// and list. Pictures are used by image slides and as text slide backgrounds.
import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { ImageLimits } from '../../render/image-pipeline.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const view = (m: { sha256: string; format: string; width: number; height: number; bytes: number; originalName: string | null; uploadedBy: string; createdAt: number }) => ({
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

export const mediaLibraryRoutes: FastifyPluginAsyncZod<{ services: Services; limits: ImageLimits }> = async (app, { services, limits }) => {
  // Any content type is read as bytes: the pipeline decides the format from the content itself.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBytes + 1 }, (_req, body, done) => done(null, body));

  app.get('/media', { config: { permission: 'content.read' }, schema: { tags: ['media'], summary: 'Pictures in the library' } }, async () => services.content.listMedia().map(view));

  app.post(
    '/media',
    {
      bodyLimit: limits.maxBytes + 1,
      config: { permission: 'content.edit' },
      schema: {
        tags: ['media'],
        summary: 'Upload a picture (PNG, JPEG or WebP, sent as the raw request body)',
        description: `At most ${Math.round(limits.maxBytes / 1024 / 1024)} MB (413) and ${Math.round(limits.maxPixels / 1_000_000)} megapixels (422); SVG and other formats are refused (415). EXIF rotation is applied and all metadata (GPS included) removed. Name the file with ?name=.`,
        querystring: z.object({ name: z.string().max(200).optional() }),
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AppError(400, 'bad_request', { vi: 'Hãy gửi tệp ảnh làm nội dung yêu cầu.', en: 'Send the picture file as the request body.' });
      }
      const row = await services.content.uploadMedia(actorOf(req), body, { originalName: req.query.name ?? null, limits });
      reply.code(201);
      return view(row);
    },
  );
};

/** Thumbnails for the web app (public like the renditions: names are unguessable hashes). */
export const thumbnailRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/media/thumbs/:file',
    { schema: { tags: ['media'], params: z.object({ file: z.string().regex(/^[0-9a-f]{64}\.webp$/, 'is <sha256>.webp') }) } },
    async (req, reply) => {
      const file = services.renditions.thumbPath(req.params.file.slice(0, 64));
      if (!fs.existsSync(file)) throw new AppError(404, 'not_found', { vi: 'Không có ảnh này.', en: 'No such image.' });
      return reply.type('image/webp').header('Cache-Control', 'public, max-age=31536000, immutable').send(fs.createReadStream(file));
    },
  );
};
