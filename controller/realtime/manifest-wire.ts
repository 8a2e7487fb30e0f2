// Manifests on the wire. A publish sends every board its own manifest, but boards that play the
// same share everything in it except their id, version and time: the 48 hours of segments, the
// board size, the brightness. socket.io would walk each manifest for binary and serialise it again
// for each board (5,000 boards, 5,000 times the same text). Here the shared part is written once per
// content and each board's packet is its own three fields spliced into it. The player receives the
// same JSON it always did: only the server's encoder changes (a socket.io parser option), and any
// other packet is encoded by socket.io's own encoder.
import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import type { Manifest } from '../../playlists/manifest.ts';

const KEYS = ['schemaVersion', 'boardId', 'version', 'generatedAt', 'board', 'horizon', 'segments', 'brightness', 'fallback'] as const;
const KNOWN = new Set<string>(KEYS);

interface SharedText {
  board: unknown;
  horizon: unknown;
  brightness: unknown;
  fallback: unknown;
  text: string;
}

/**
 * The shared part's text, by the segments array it was written from. Compiled manifests of one
 * content (and manifests read from the store's shared contents) hold the very same objects for
 * every shared field; the text is reused only while they all are the same objects.
 */
const shared = new WeakMap<object, SharedText>();

function isManifestShaped(value: unknown): value is Manifest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m);
  return (
    keys.length === KEYS.length &&
    keys.every((k) => KNOWN.has(k)) &&
    typeof m.boardId === 'string' &&
    typeof m.version === 'string' &&
    typeof m.generatedAt === 'number' &&
    typeof m.schemaVersion === 'number' &&
    Array.isArray(m.segments) &&
    Array.isArray(m.brightness)
  );
}

/** A manifest's JSON (what JSON.stringify gives, in another key order), its shared part written once per content. */
export function manifestJson(m: Manifest): string {
  let s = shared.get(m.segments);
  if (!s || s.board !== m.board || s.horizon !== m.horizon || s.brightness !== m.brightness || s.fallback !== m.fallback) {
    const text = `"board":${JSON.stringify(m.board)},"horizon":${JSON.stringify(m.horizon)},"segments":${JSON.stringify(m.segments)},"brightness":${JSON.stringify(m.brightness)},"fallback":${JSON.stringify(m.fallback)}`;
    s = { board: m.board, horizon: m.horizon, brightness: m.brightness, fallback: m.fallback, text };
    shared.set(m.segments, s);
  }
  return `{"schemaVersion":${JSON.stringify(m.schemaVersion)},"boardId":${JSON.stringify(m.boardId)},"version":${JSON.stringify(m.version)},"generatedAt":${JSON.stringify(m.generatedAt)},${s.text}}`;
}

/** socket.io's encoder, with manifest events written by manifestJson. */
class ManifestEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const data: unknown = packet.data;
    if (packet.type === PacketType.EVENT && Array.isArray(data) && data.length === 2 && data[0] === 'manifest' && isManifestShaped(data[1])) {
      // The packet's header as socket.io writes it (type, namespace, ack id: a packet without
      // data), then the event.
      const [header] = super.encode({ type: packet.type, nsp: packet.nsp, ...(packet.id === undefined ? {} : { id: packet.id }) }) as [string];
      return [`${header}["manifest",${manifestJson(data[1])}]`];
    }
    return super.encode(packet);
  }
}

/** The socket.io parser for the controller's server (`new Server(…, { parser })`). */
export const manifestParser = { protocol, Encoder: ManifestEncoder, Decoder };
