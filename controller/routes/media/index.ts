// Rendered images, content-addressed: the URL names the sha256 of the bytes, so it never changes
// meaning and may be cached forever by players and proxies. Public on purpose: boards fetch them
// with no session, and the names cannot be guessed.
import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../errors.ts';
import type { Renditions } from '../../render/renditions.ts';

export const mediaRoutes: FastifyPluginAsyncZod<{ renditions: Renditions }> = async (app, { renditions }) => {
  app.get(
    '/media/:file',
    {
      schema: {
        tags: ['media'],
        summary: 'A rendition by its sha256 (immutable)',
        params: z.object({ file: z.string().regex(/^[0-9a-f]{64}\.(png|webp)$/, 'is <sha256>.png or <sha256>.webp') }),
      },
    },
    async (req, reply) => {
      const sha256 = req.params.file.slice(0, 64);
      const ext = req.params.file.endsWith('.webp') ? 'webp' : 'png';
      const file = renditions.filePath(sha256, ext);
      let size: number;
      try {
        if (!(await renditions.present(file))) throw new Error('absent');
        size = fs.statSync(file).size;
      } catch {
        throw new NotFound({ vi: 'Không có ảnh này.', en: 'No such image.' });
      }
      const etag = `"${sha256}"`;
      reply.header('Cache-Control', 'public, max-age=31536000, immutable').header('ETag', etag);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(`image/${ext}`).header('Content-Length', size).send(fs.createReadStream(file));
    },
  );
};
