// The picture library: uploads checked and cleaned by the image pipeline (format by content,
// size and pixel limits, EXIF rotation, all metadata stripped), kept as masters under their
// sha256 with a thumbnail for the web app. The library row is written by the content service,
// with its audit record.
import crypto from 'node:crypto';
import type { MediaRow } from '../store/media-repo.ts';
import { normaliseUpload, thumbnail } from './image-pipeline.ts';
import type { ImageLimits } from './image-pipeline.ts';
import type { Renditions } from './renditions.ts';

/** Checks and cleans an upload and writes its master and thumbnail files; returns the row to store. */
export async function addToLibrary(
  bytes: Buffer,
  deps: { renditions: Renditions; limits: ImageLimits; uploadedBy: string; originalName: string | null; now: number },
): Promise<MediaRow> {
  const image = await normaliseUpload(bytes, deps.limits);
  const sha256 = crypto.createHash('sha256').update(image.data).digest('hex');
  const format = image.format;
  await deps.renditions.saveFile(deps.renditions.masterPath(sha256, format), image.data);
  await deps.renditions.saveFile(deps.renditions.thumbPath(sha256), await thumbnail(image.data, 320, deps.limits));
  return { sha256, format, width: image.width, height: image.height, bytes: image.data.length, originalName: deps.originalName, uploadedBy: deps.uploadedBy, createdAt: deps.now };
}
