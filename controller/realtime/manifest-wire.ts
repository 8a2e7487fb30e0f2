// Manifests on the wire. A publish sends every board its own manifest, but boards that play the
// same share everything in it except their id, version and time: the 48 hours of segments, the
// board size, the brightness. socket.io would walk each manifest for binary and serialise it again
// for each board (5,000 boards, 5,000 times the same text), then encode that text into a WebSocket
// frame again for each board. Here the shared part is written once per content — as text and as the
// bytes of the frame's tail — and each board's packet is its own three fields spliced in front of it.
// The player receives the same bytes it always did: only the server's encoder changes (a socket.io
// parser option) and how the /player namespace's adapter builds a manifest's frame; any other packet
// is encoded by socket.io's own code.
import type { Adapter } from 'socket.io-adapter';
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
  /** The end of a manifest packet's WebSocket frame: the shared text, the manifest's and the event's closing brackets (made when first sent). */
  tail?: Buffer;
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

/** The shared part of a manifest's JSON, written once per content. */
function sharedOf(m: Manifest): SharedText {
  let s = shared.get(m.segments);
  if (!s || s.board !== m.board || s.horizon !== m.horizon || s.brightness !== m.brightness || s.fallback !== m.fallback) {
    const text = `"board":${JSON.stringify(m.board)},"horizon":${JSON.stringify(m.horizon)},"segments":${JSON.stringify(m.segments)},"brightness":${JSON.stringify(m.brightness)},"fallback":${JSON.stringify(m.fallback)}`;
    s = { board: m.board, horizon: m.horizon, brightness: m.brightness, fallback: m.fallback, text };
    shared.set(m.segments, s);
  }
  return s;
}

/** The start of a manifest's JSON: the board's own fields, up to the shared part. */
const ownFields = (m: Manifest) => `{"schemaVersion":${JSON.stringify(m.schemaVersion)},"boardId":${JSON.stringify(m.boardId)},"version":${JSON.stringify(m.version)},"generatedAt":${JSON.stringify(m.generatedAt)},`;

/** A manifest's JSON (what JSON.stringify gives, in another key order), its shared part written once per content. */
export function manifestJson(m: Manifest): string {
  return `${ownFields(m)}${sharedOf(m).text}}`;
}

const plainEncoder = new Encoder();

/** A manifest event packet's manifest, or undefined for any other packet. */
function manifestOf(packet: Packet): Manifest | undefined {
  const data: unknown = packet.data;
  return packet.type === PacketType.EVENT && Array.isArray(data) && data.length === 2 && data[0] === 'manifest' && isManifestShaped(data[1]) ? data[1] : undefined;
}

/** The packet's header as socket.io writes it (type, namespace, ack id: a packet without data), then the event's opening. */
function eventStart(packet: Packet): string {
  const [header] = plainEncoder.encode({ type: packet.type, nsp: packet.nsp, ...(packet.id === undefined ? {} : { id: packet.id }) }) as [string];
  return `${header}["manifest",`;
}

/** A manifest event packet's text. */
const manifestPacket = (packet: Packet, m: Manifest, start = eventStart(packet)) => `${start}${manifestJson(m)}]`;

/** socket.io's encoder, with manifest events written by manifestJson. */
class ManifestEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const m = manifestOf(packet);
    return m ? [manifestPacket(packet, m)] : super.encode(packet);
  }
}

/** The socket.io parser for the controller's server (`new Server(…, { parser })`). */
export const manifestParser = { protocol, Encoder: ManifestEncoder, Decoder };

/**
 * A manifest event's WebSocket frame (RFC 6455: final text frame, unmasked, as a server sends it)
 * carrying the Engine.IO message, in two pieces written together: the frame header with the
 * packet's start and the board's own fields, then the tail shared by every board of that content.
 * Undefined for any other packet.
 */
export function manifestFrame(packet: Packet): [Buffer, Buffer] | undefined {
  const m = manifestOf(packet);
  return m && frameOf(m, eventStart(packet));
}

function frameOf(m: Manifest, event: string): [Buffer, Buffer] {
  const s = sharedOf(m);
  s.tail ??= Buffer.from(`${s.text}}]`);
  // "4": Engine.IO's message packet.
  const start = `4${event}${ownFields(m)}`;
  const startBytes = Buffer.byteLength(start);
  const length = startBytes + s.tail.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const head = Buffer.allocUnsafe(2 + lengthBytes + startBytes);
  head[0] = 0x81; // FIN, opcode 1 (text)
  if (lengthBytes === 0) head[1] = length;
  else if (lengthBytes === 2) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    head.writeUInt32BE(length >>> 0, 6);
  }
  head.write(start, 2 + lengthBytes);
  return [head, s.tail];
}

/** What socket.io's in-memory adapter (and the cluster adapters built on it) encodes a broadcast with. */
type Encoding = (packet: Packet, packetOpts: Record<string, unknown>) => unknown[];

/**
 * Makes a namespace's adapter send manifest events in frames from manifestFrame. The adapter encodes
 * a broadcast once and, for WebSocket connections, also its frame (`wsPreEncodedFrame`, which
 * engine.io writes as is): for a manifest that frame is built here, without encoding the shared
 * text again. The packet's text (for connections that cannot take the frame) is the encoder's.
 */
export function frameManifests(adapter: Adapter): void {
  const a = adapter as unknown as { _encode: Encoding };
  const encode = a._encode.bind(adapter);
  a._encode = (packet, packetOpts) => {
    const m = manifestOf(packet);
    if (!m) return encode(packet, packetOpts);
    const start = eventStart(packet);
    packetOpts.wsPreEncodedFrame = frameOf(m, start);
    return [manifestPacket(packet, m, start)];
  };
}
