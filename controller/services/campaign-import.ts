// Imports a campaign file (playlists/library/*.yaml): parsed, validated in full with the line of
// every fault, then written in one transaction — a bad file writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { z } from 'zod';
import { CampaignFileSchema } from '../../playlists/campaign.ts';
import { viFor } from '../../playlists/messages.ts';
import type { CampaignFile } from '../../playlists/campaign.ts';
import { AppError, BadRequest } from '../errors.ts';
import type { FieldProblem } from '../errors.ts';
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { authorize } from './actor.ts';
import type { Publisher } from './compile.ts';
import type { Door } from './door.ts';
import type { ContentService } from './content.ts';
import { legacyTextProblems } from './slide-checks.ts';

const vi = z.locales.vi();

export class CampaignFileError extends BadRequest {
  constructor(
    readonly file: string,
    readonly problems: FieldProblem[],
  ) {
    const list = (lang: 'vi' | 'en') => problems.map((p) => `  ${file}${p.line ? `:${p.line}` : ''} ${p.path || '(file)'}: ${p[lang]}`).join('\n');
    super(
      { vi: `Tệp chiến dịch bị từ chối, không có gì được ghi:\n${list('vi')}`, en: `Campaign file refused, nothing was written:\n${list('en')}` },
      { problems },
    );
  }
}

/** The YAML node at a zod issue path, or the deepest existing ancestor. */
function nodeAt(root: Node | null | undefined, path: PropertyKey[]): Node | null | undefined {
  let node = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      const next = node.items[key] as Node | undefined;
      if (!next) return node;
      node = next;
    } else {
      return node;
    }
  }
  return node;
}

export function parseCampaignFile(text: string, file = 'campaign.yaml'): CampaignFile {
  return parseCampaignDocument(text, file).data;
}

/** The validated file, and the line of any field in it (for refusals found later). */
export function parseCampaignDocument(text: string, file = 'campaign.yaml'): { data: CampaignFile; lineOf: (path: PropertyKey[]) => number | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CampaignFileError(
      file,
      doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        vi: `YAML không hợp lệ: ${e.message}`,
        en: `invalid YAML: ${e.message}`,
      })),
    );
  }
  const parsed = CampaignFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new CampaignFileError(
      file,
      parsed.error.issues.map((issue) => {
        const node = nodeAt(doc.contents, issue.path);
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
        const viMessage = viFor(issue.message) ?? (issue.code === 'custom' ? issue.message : ((vi.localeError(issue as never) as string | undefined) ?? issue.message));
        return { path: issue.path.join('.'), line, vi: viMessage, en: issue.message };
      }),
    );
  }
  const lineOf = (path: PropertyKey[]) => {
    const node = nodeAt(doc.contents, path);
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  return { data: parsed.data, lineOf };
}

/** Writes a validated campaign (call inside the door's transaction). */
export async function writeCampaign(data: CampaignFile, store: Pick<Store, 'content'>, now: number): Promise<{ slides: number; playlists: number }> {
  await store.content.upsertCampaign(data.campaign, now);
  for (const [i, slide] of data.slides.entries()) await store.content.upsertSlide(slide, data.campaign.id, now, i);
  for (const [i, playlist] of data.playlists.entries()) await store.content.upsertPlaylist(playlist, data.campaign.id, now, i);
  return { slides: data.slides.length, playlists: data.playlists.length };
}

/**
 * Reads, validates and imports a campaign file, then recompiles the boards that play it. A file
 * from the reviewed library is published at once (admins and the command line only), audited as
 * one change.
 */
export async function importCampaignFile(
  actor: Actor,
  file: string,
  deps: { store: Pick<Store, 'content' | 'boards'>; door: Door; publisher: Publisher; renditions: Renditions; content: ContentService; now: () => number },
): Promise<{ slides: number; playlists: number; boards: number }> {
  authorize(actor, 'content.import');
  const { data, lineOf } = parseCampaignDocument(fs.readFileSync(file, 'utf8'), file);
  // Every slide must fit every board it will be shown on — through this file's playlists or
  // through playlists already in the controller that use it — before anything is written.
  const content = deps.content;
  const boardsOfSlide = new Map<string, Set<string>>();
  const add = (slideId: string, boardIds: string[]) => {
    const set = boardsOfSlide.get(slideId) ?? new Set<string>();
    boardIds.forEach((b) => set.add(b));
    boardsOfSlide.set(slideId, set);
  };
  for (const playlist of data.playlists) {
    const boardIds = await content.boardsPlaying(playlist.id);
    for (const item of playlist.items) add(item.slideId, boardIds);
  }
  for (const slide of data.slides) for (const p of await deps.store.content.playlistsUsingSlide(slide.id)) add(slide.id, await content.boardsPlaying(p));
  const problems: FieldProblem[] = [];
  const boards = new Set<string>();
  for (const [i, slide] of data.slides.entries()) {
    for (const boardId of boardsOfSlide.get(slide.id) ?? []) {
      boards.add(boardId);
      const board = await deps.store.boards.get(boardId);
      if (!board || slide.kind === 'clock') continue;
      try {
        await deps.renditions.get(slide, board);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problems.push({ path: `slides.${i}.text`, line: lineOf(['slides', i, 'text']), vi: `không vừa bảng "${board.name}": ${e.messages.vi}`, en: `does not fit board "${board.name}": ${e.messages.en}` });
      }
    }
  }
  for (const [i, slide] of data.slides.entries()) {
    for (const p of legacyTextProblems(slide)) problems.push({ ...p, path: `slides.${i}.${p.path}`, line: lineOf(['slides', i, p.path]) });
  }
  if (problems.length) throw new CampaignFileError(file, problems);
  const counts = await deps.door.pass(actor, 'content.import', async (tx) => {
    // What the file replaces, as it was: an import publishes at once, so the record keeps both.
    const before = {
      slides: (await Promise.all(data.slides.map((s) => tx.content.getSlide(s.id)))).flatMap((s) => s ?? []),
      playlists: (await Promise.all(data.playlists.map((p) => tx.content.getPlaylist(p.id)))).flatMap((p) => p ?? []),
    };
    return {
      action: 'campaign.import',
      target: { kind: 'campaign', id: data.campaign.id },
      before,
      after: { file: path.basename(file), campaign: data.campaign, slides: data.slides, playlists: data.playlists },
      result: await writeCampaign(data, tx, deps.now()),
    };
  });
  await deps.publisher.recompile(boards);
  return { ...counts, boards: boards.size };
}
