// Compiling and publishing manifests: gathers one board's schedule, overrides, display schedule
// and default playlist, renders what it needs, runs the pure compiler (playlists/compiler.ts),
// versions the result by content hash, and announces new versions to the players.
import crypto from 'node:crypto';
import type { BoardSize } from '../../playlists/board.ts';
import { compile } from '../../playlists/compiler.ts';
import type { CompileEntry, CompileOverride } from '../../playlists/compiler.ts';
import { canonicalManifestContent } from '../../playlists/manifest.ts';
import type { Manifest, ManifestContent, ManifestItem, ManifestToSave, SharedContent } from '../../playlists/manifest.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { DisplaySchedule, Override, ScheduleEntry } from '../../playlists/schedule.ts';
import type { Slide } from '../../playlists/slide.ts';
import { resolveStyle } from '../../playlists/slide.ts';
import { getFont } from '../render/fonts.ts';
import { noSuch, NotFound } from '../errors.ts';
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import { cronOccurrences } from './cron.ts';
import type { Events } from './events.ts';

export const HORIZON_MS = 48 * 60 * 60 * 1000;
/**
 * Boards compiled, saved and pushed together: the first chunk this many, each next one twice the
 * one before, up to the largest. The first boards go out soon; a publish to thousands makes few
 * saves (on PostgreSQL a save is five round trips, waited for behind the players' acknowledgements
 * of the chunks before it: 20 chunks of 250 for 5,000 boards took ≈ 11 % longer than 250, 500,
 * 1,000 and then 1,000 each, timed against the simulated players' own CPU time, 27/11/2026).
 */
const RECOMPILE_CHUNK = 250;
const MAX_RECOMPILE_CHUNK = 1000;
const HOUR_MS = 60 * 60 * 1000;

/** The horizon starts on the hour, so recompiling within the hour gives the same version. */
export function horizonAt(now: number): { from: number; to: number } {
  const from = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { from, to: from + HORIZON_MS };
}

/** One slide as a manifest item for a board: a rendered picture, a scroll strip or a clock. */
export async function slideItem(slide: Slide, durationSeconds: number, board: BoardSize & { timeZone: string }, renditions: Renditions): Promise<ManifestItem> {
  const base = { slideId: slide.id, durationMs: Math.round(durationSeconds * 1000), transition: slide.transition };
  if (slide.kind === 'clock') {
    const style = resolveStyle(slide.style);
    const font = getFont(style.font);
    const config = { fontUrl: `/fonts/${font.relativeFile}`, fontFamily: font.alias, color: style.color, background: style.background, showDate: slide.showDate, uppercase: style.uppercase, timeZone: board.timeZone };
    return { ...base, type: 'clock', sha256: crypto.createHash('sha256').update(JSON.stringify(config)).digest('hex'), ...config };
  }
  const r = await renditions.get(slide, board);
  if (slide.kind === 'text' && slide.mode === 'scroll') {
    const stripWidth = r.meta.stripWidth ?? r.width;
    // Long enough for the whole line to cross the board once.
    const crossMs = Math.ceil(((stripWidth + board.width) / slide.scrollPxPerSecond) * 1000);
    return { ...base, durationMs: Math.max(base.durationMs, crossMs), type: 'scroll', url: r.url, sha256: r.sha256, stripWidth, pxPerSecond: slide.scrollPxPerSecond, background: resolveStyle(slide.style).background };
  }
  return { ...base, type: 'image', url: r.url, sha256: r.sha256 };
}

/**
 * Where a compile reads schedules and content: the approved versions in the store, or (to preview
 * a draft with the very same compiler) the store with one change laid over it.
 */
export interface CompileSource {
  entriesForBoard(boardId: string): Promise<ScheduleEntry[]>;
  playlist(id: string): Promise<Playlist | undefined>;
  /** The slides with these ids (a playlist's, read together); ids with no slide are absent. */
  slides(ids: readonly string[]): Promise<Map<string, Slide>>;
}

/**
 * The store's approved content, each playlist and slide read once for the source's life: a source
 * serves one compile (a batch of boards compiled together, one preview), and boards of several sizes
 * playing one playlist read it once, not once per size (on PostgreSQL each read is a round trip).
 */
export function storeSource(store: Pick<Store, 'content'>): CompileSource {
  const playlists = new Map<string, Promise<Playlist | undefined>>();
  const slides = new Map<string, Promise<Slide | undefined>>();
  return {
    entriesForBoard: (boardId) => store.content.entriesForBoard(boardId),
    playlist: (id) => {
      let p = playlists.get(id);
      if (!p) playlists.set(id, (p = store.content.getPlaylist(id)));
      return p;
    },
    async slides(ids) {
      const missing = [...new Set(ids.filter((id) => !slides.has(id)))];
      if (missing.length) {
        const read = store.content.getSlides(missing);
        for (const id of missing) slides.set(id, read.then((found) => found.get(id)));
      }
      const out = new Map<string, Slide>();
      for (const id of ids) {
        const slide = await slides.get(id);
        if (slide) out.set(id, slide);
      }
      return out;
    },
  };
}

/** A source with one slide or playlist replaced (a draft previewed; null: deleted). */
export function withReplaced(source: CompileSource, kind: 'slide' | 'playlist', id: string, value: Slide | Playlist | null): CompileSource {
  if (kind === 'playlist') return { ...source, playlist: async (p) => (p === id ? ((value as Playlist | null) ?? undefined) : await source.playlist(p)) };
  return {
    ...source,
    async slides(ids) {
      const out = await source.slides(ids.filter((s) => s !== id));
      if (value && ids.includes(id)) out.set(id, value as Slide);
      return out;
    },
  };
}

export async function playlistItems(playlistId: string, board: BoardSize & { timeZone: string }, source: CompileSource, renditions: Renditions): Promise<ManifestItem[]> {
  const playlist = await source.playlist(playlistId);
  if (!playlist) return [];
  const slides = await source.slides(playlist.items.map((i) => i.slideId));
  const items: ManifestItem[] = [];
  for (const item of playlist.items) {
    const slide = slides.get(item.slideId);
    if (!slide) continue;
    items.push({ ...(await slideItem(slide, item.durationSeconds ?? slide.durationSeconds, board, renditions)), playlistId });
  }
  return items;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Everything in a manifest's content but the board's id, as canonical JSON, and its hash: boards
 * that play the same share it (and the store keeps it once, under that hash).
 */
export function sharedContent(content: ManifestContent, memo?: WeakMap<object, string>): SharedContent {
  const body = canonicalManifestContent({ ...content, boardId: '' }, memo);
  return { hash: sha256(body), body };
}

/**
 * A manifest's version: its content's hash and its board. Computed in two steps so that boards
 * compiled to the same content (a thousand gateway boards of one size playing one campaign) hash
 * that content once.
 */
export function versionOf(content: ManifestContent, hash: string = sharedContent(content).hash): string {
  return boardVersion(hash, content.boardId);
}

const boardVersion = (contentHash: string, boardId: string) => sha256(`${contentHash}|${boardId}`);

/** Does an override reach this board? */
export function overrideTargetsBoard(o: Override, boardId: string, groupIdsOfBoard: string[]): boolean {
  return o.targets.all || o.targets.boardIds.includes(boardId) || o.targets.groupIds.some((g) => groupIdsOfBoard.includes(g));
}

export type CompileStore = Pick<Store, 'boards' | 'groups' | 'overrides' | 'content'>;

/** What boards compiled together share: the live overrides and each playlist rendered per size. */
export interface CompileBatch {
  overrides?: Override[];
  items: Map<string, Promise<ManifestItem[]>>;
  /** The store's playlists and slides, read once for the batch (when no other source is given). */
  content?: CompileSource;
  /** Canonical JSON of the item arrays the batch's manifests share (sharedContent). */
  canonical?: WeakMap<object, string>;
  /** Content compiled for boards with the same inputs, with its shared text and hash. */
  compiled?: Map<string, { content: ManifestContent; shared: SharedContent }>;
}

/** What compiling one board reads from the store about it (the approved schedule). */
export interface CompileInputs {
  board: NonNullable<Awaited<ReturnType<CompileStore['boards']['get']>>>;
  groups: Awaited<ReturnType<CompileStore['groups']['groupsOfBoard']>>;
  entries: ScheduleEntry[];
  display: DisplaySchedule;
}

/**
 * The inputs of many boards in a handful of queries, whatever their number (on PostgreSQL each
 * query is a round trip: a thousand boards must not cost thousands). Boards that no longer exist
 * are absent.
 */
export async function loadCompileInputs(store: CompileStore, boardIds: readonly string[]): Promise<Map<string, CompileInputs>> {
  const [boards, groups, entries] = await Promise.all([store.boards.getMany(boardIds), store.groups.groupsOfBoards(boardIds), store.content.entriesForBoards(boardIds)]);
  const out = new Map<string, CompileInputs>();
  for (const [id, { display, ...board }] of boards) out.set(id, { board, display, groups: groups.get(id) ?? [], entries: entries.get(id) ?? [] });
  return out;
}

type CompileDeps = { store: CompileStore; renditions: Renditions; now: number; horizon?: { from: number; to: number }; batch?: CompileBatch; source?: CompileSource; inputs?: CompileInputs };

/** One board's manifest for now (or a given horizon), compiled from the store (or a source laid over it). */
export async function compileBoard(boardId: string, deps: CompileDeps): Promise<Manifest> {
  return (await compileBoardToSave(boardId, deps)).manifest;
}

/**
 * A playlist's items for a board's size and time zone: rendered once per size and batch, however
 * many entries and boards use it. `source` is made only when the batch has not rendered it yet.
 */
function batchItems(batch: CompileBatch, playlistId: string, board: BoardSize & { timeZone: string }, source: () => CompileSource, renditions: Renditions): Promise<ManifestItem[]> {
  // A clock item carries the board's time zone: boards of one size in two zones differ.
  const key = `${playlistId}|${board.width}x${board.height}|${board.timeZone}`;
  let p = batch.items.get(key);
  if (!p) batch.items.set(key, (p = playlistItems(playlistId, board, source(), renditions)));
  return p;
}

/** One board's manifest with the shared content it is saved under. */
async function compileBoardToSave(boardId: string, deps: CompileDeps): Promise<ManifestToSave> {
  const { store, renditions, now } = deps;
  const batch: CompileBatch = deps.batch ?? { items: new Map() };
  let made: CompileSource | undefined;
  const source = () => (made ??= deps.source ?? (batch.content ??= storeSource(store)));
  const board = deps.inputs?.board ?? (await store.boards.get(boardId));
  if (!board) throw new NotFound(noSuch('board', boardId));
  const horizon = deps.horizon ?? horizonAt(now);
  const groups = deps.inputs?.groups ?? (await store.groups.groupsOfBoard(boardId));
  const groupIds = groups.map((g) => g.id);

  const entries: CompileEntry[] = [];
  for (const entry of deps.inputs?.entries ?? (await source().entriesForBoard(boardId))) entries.push({ entry, items: await batchItems(batch, entry.playlistId, board, source, renditions) });
  const overrides: CompileOverride[] = [];
  batch.overrides ??= await store.overrides.live(horizon.from);
  for (const o of batch.overrides) {
    if (!overrideTargetsBoard(o, boardId, groupIds)) continue;
    overrides.push({ id: o.id, kind: o.kind, startsAt: o.startsAt, expiresAt: o.expiresAt, ...(o.playlistId ? { items: await batchItems(batch, o.playlistId, board, source, renditions) } : {}) });
  }
  const defaultPlaylistId = board.defaultPlaylistId ?? groups.find((g) => g.defaultPlaylistId)?.defaultPlaylistId ?? null;
  const defaultLoop = defaultPlaylistId ? { playlistId: defaultPlaylistId, items: await batchItems(batch, defaultPlaylistId, board, source, renditions) } : null;

  const display = deps.inputs?.display ?? (await store.boards.display(boardId));

  // Boards with the same inputs (size, time zone, entries, overrides, default loop, display
  // schedule, horizon) get the same content: it is compiled and hashed once per batch. (Ids are
  // lower-case letters, digits and dashes: the separators cannot occur in them.)
  const sameAs = `${board.width}x${board.height}|${board.timeZone}|${horizon.from}|${horizon.to}|${entries.map((e) => e.entry.id).join(',')}|${overrides.map((o) => o.id).join(',')}|${defaultPlaylistId ?? ''}|${displayKey(display)}`;
  batch.compiled ??= new Map();
  let same = batch.compiled.get(sameAs);
  if (!same) {
    const content = compile({ boardId, board: { width: board.width, height: board.height, timeZone: board.timeZone }, horizon, entries, overrides, display, defaultLoop, cronOccurrences });
    same = { content, shared: sharedContent(content, (batch.canonical ??= new WeakMap())) };
    batch.compiled.set(sameAs, same);
  }
  return { manifest: { ...same.content, boardId, version: boardVersion(same.shared.hash, boardId), generatedAt: now }, shared: same.shared };
}

/** A display schedule's text, written once per schedule object (boards read together share equal ones). */
const displayKeys = new WeakMap<DisplaySchedule, string>();
function displayKey(display: DisplaySchedule): string {
  let key = displayKeys.get(display);
  if (key === undefined) displayKeys.set(display, (key = JSON.stringify(display)));
  return key;
}

/** A chunk's boards' compile inputs and the versions saved for them. */
interface ChunkInputs {
  inputs: Map<string, CompileInputs>;
  versions: Map<string, string>;
}

/** A chunk of boards compiled: every board's manifest, and those whose version changed (to save). */
interface CompiledChunk {
  manifests: Manifest[];
  changed: ManifestToSave[];
}

/** Compiles of a chunk before it is saved even though a change was committed meanwhile. */
const COMPILE_TRIES = 3;

export class Publisher {
  /**
   * announces: this process pushes what it saves to the players (a controller). The CLI has no
   * players' sockets: what it saves is marked unannounced, and the running controller pushes it.
   */
  constructor(
    private readonly store: Pick<Store, 'boards' | 'groups' | 'overrides' | 'content' | 'manifests' | 'audit' | 'transaction'>,
    private readonly renditions: Renditions,
    private readonly events: Events,
    private readonly now: () => number,
    private readonly announces = true,
  ) {}

  /** The board's current manifest, compiled now if it never was. */
  async current(boardId: string): Promise<Manifest> {
    return await this.store.manifests.latest(boardId) ?? (await this.recompile([boardId]))[0]!;
  }

  /** Compiles run one after another, so an older compile can never overwrite a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Recompiles the given boards; saves and announces each whose version changed. */
  recompile(boardIds: Iterable<string>): Promise<Manifest[]> {
    const ids = [...boardIds];
    const run = this.queue.then(() => this.recompileNow(ids));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async recompileNow(boardIds: string[]): Promise<Manifest[]> {
    const out: Manifest[] = [];
    const ids = [...new Set(boardIds)];
    // What the chunks share, and the audit head it was read after (every change appends to the
    // audit trail in its transaction).
    const freshBatch = async (): Promise<CompileBatch & { seen: number }> => ({ items: new Map(), seen: await this.store.audit.headSeq() });
    let batch = await freshBatch();

    // A chunk's save: if a change was committed since its batch was begun (through another process:
    // this one's compiles queue), what it was compiled from may be old. Then a new batch is begun
    // and the chunk compiled again, so an older compile never overwrites a newer one; after a few
    // tries it is saved anyway (the newer change's own compile follows). Saved, it is pushed.
    const save = async (chunk: string[], compiled: CompiledChunk, from: CompileBatch & { seen: number }): Promise<Manifest[]> => {
      for (let attempt = 1; ; attempt++) {
        // Not durable: a manifest is compiled again, to the same version, from the changes it came from.
        const saved = await this.store.transaction(
          async (tx) => {
            if (attempt < COMPILE_TRIES && (await tx.audit.headSeq()) !== from.seen) return false;
            if (compiled.changed.length) await tx.manifests.saveMany(compiled.changed, this.announces);
            return true;
          },
          { durable: false },
        );
        if (saved) {
          if (this.announces) for (const c of compiled.changed) this.announce(c.manifest);
          return compiled.manifests;
        }
        // The chunks after this one start from the new batch too.
        if (batch === from) batch = await freshBatch();
        from = batch;
        compiled = await this.compileChunk(chunk, from);
      }
    };

    // In chunks that grow, so the first boards do not wait for the last ones: each chunk's new
    // versions are saved in one transaction, then pushed at once; the next chunk compiles while one
    // is saved, and its inputs are read while one compiles (on PostgreSQL the reads wait on the server).
    const chunks: string[][] = [];
    for (let i = 0, size = RECOMPILE_CHUNK; i < ids.length; i += size, size = Math.min(2 * size, MAX_RECOMPILE_CHUNK)) chunks.push(ids.slice(i, i + size));
    // Inputs read under a batch: a chunk compiled under a newer one (a save found a change
    // committed meanwhile) reads its own again, after that change.
    const load = (chunk: string[] | undefined, under: CompileBatch) => {
      const loading = chunk && this.loadChunk(chunk);
      // Awaited by the chunk's compile; a failure is thrown there.
      void loading?.catch(() => undefined);
      return { loading, under };
    };
    let saving: Promise<Manifest[]> = Promise.resolve([]);
    try {
      let next = load(chunks[0], batch);
      for (const [i, chunk] of chunks.entries()) {
        const from = batch;
        const loaded = next.under === from ? await next.loading : undefined;
        next = load(chunks[i + 1], from);
        const compiled = await this.compileChunk(chunk, from, loaded);
        out.push(...(await saving));
        saving = save(chunk, compiled, from);
        // Awaited at the next chunk or at the end; a failure is thrown there.
        void saving.catch(() => undefined);
      }
    } catch (e) {
      // A compile failed: the save under way ends before the next recompile may start (the queue),
      // so that it never lands after a newer one.
      await saving.catch(() => undefined);
      throw e;
    }
    out.push(...(await saving));
    return out;
  }

  /** What compiling a chunk reads: its boards' inputs and their saved versions. */
  private async loadChunk(chunk: string[]): Promise<ChunkInputs> {
    const [inputs, versions] = await Promise.all([loadCompileInputs(this.store, chunk), this.store.manifests.versionsOf(chunk)]);
    return { inputs, versions };
  }

  /**
   * Compiles a chunk of boards (from its inputs read already, or read now): each board's manifest
   * in the chunk's order (the one saved where the version did not change), and those whose version
   * changed, to save.
   */
  private async compileChunk(chunk: string[], batch: CompileBatch, loaded?: ChunkInputs): Promise<CompiledChunk> {
    const { inputs, versions } = loaded ?? (await this.loadChunk(chunk));
    const compiled: { compiled: ManifestToSave; same: boolean }[] = [];
    for (const boardId of chunk) {
      const mine = inputs.get(boardId);
      if (!mine) continue;
      const c = await compileBoardToSave(boardId, { store: this.store, renditions: this.renditions, now: this.now(), batch, inputs: mine });
      compiled.push({ compiled: c, same: versions.get(c.manifest.boardId) === c.manifest.version });
    }
    const saved = await this.store.manifests.latestMany(compiled.filter((c) => c.same).map((c) => c.compiled.manifest.boardId));
    return {
      manifests: compiled.map((c) => (c.same ? saved.get(c.compiled.manifest.boardId) : undefined) ?? c.compiled.manifest),
      changed: compiled.filter((c) => !c.same).map((c) => c.compiled),
    };
  }

  async recompileAll(): Promise<{ boards: number; changed: number }> {
    const ids = await this.store.boards.ids();
    const before = await this.store.manifests.versionsOf(ids);
    const after = await this.recompile(ids);
    return { boards: ids.length, changed: after.filter((m) => before.get(m.boardId) !== m.version).length };
  }

  /**
   * Pushes manifests a process without players' sockets (the CLI's import) saved, so connected
   * players get them without a controller restart. Returns how many were pushed.
   */
  async announceStoredChanges(): Promise<number> {
    if (!this.announces) return 0;
    let count = 0;
    for (const { boardId, version } of await this.store.manifests.unannounced()) {
      const manifest = await this.store.manifests.latest(boardId);
      // Marked first: of several controller processes, one pushes it.
      if (manifest?.version === version && (await this.store.manifests.markAnnounced(boardId, version))) {
        this.announce(manifest);
        count++;
      }
    }
    return count;
  }

  private announce(manifest: Manifest): void {
    this.events.emit('manifest', manifest);
  }
}
