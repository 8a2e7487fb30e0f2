// The picture library: uploads checked and cleaned by the image pipeline (format by content,
// size and pixel limits, EXIF rotation, all metadata stripped), kept as masters under their
// sha256 with a thumbnail for the web app.
import crypto from 'node:crypto';
import type { MediaRepo, MediaRow } from '../store/media-repo.ts';
import { normaliseUpload, thumbnail } from './image-pipeline.ts';
import type { ImageLimits } from './image-pipeline.ts';
import { writeFileOnce } from './renditions.ts';
import type { Renditions } from './renditions.ts';

export async function addToLibrary(
  bytes: Buffer,
  deps: { repo: MediaRepo; renditions: Renditions; limits: ImageLimits; uploadedBy: string; originalName: string | null; now: number },
): Promise<MediaRow> {
  const image = await normaliseUpload(bytes, deps.limits);
  const sha256 = crypto.createHash('sha256').update(image.data).digest('hex');
  const existing = deps.repo.media(sha256);
  if (existing) return existing;
  const format = image.format;
  writeFileOnce(deps.renditions.masterPath(sha256, format), image.data);
  writeFileOnce(deps.renditions.thumbPath(sha256), await thumbnail(image.data, 320, deps.limits));
  const row: MediaRow = { sha256, format, width: image.width, height: image.height, bytes: image.data.length, originalName: deps.originalName, uploadedBy: deps.uploadedBy, createdAt: deps.now };
  deps.repo.insertMedia(row);
  return row;
}
