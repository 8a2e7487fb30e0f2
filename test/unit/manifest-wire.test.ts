// The controller's socket.io encoder writes manifest events from a text shared by the boards that
// play the same: a player must receive exactly what socket.io's own encoder would have sent it.
import { Adapter } from 'socket.io-adapter';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { frameManifests, manifestFrame, manifestJson, manifestParser } from '../../controller/realtime/manifest-wire.ts';
import type { Manifest, ManifestContent } from '../../playlists/manifest.ts';

const content: ManifestContent = {
  schemaVersion: 3,
  boardId: '',
  board: { width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' },
  horizon: { from: 1_795_766_400_000, to: 1_795_939_200_000 },
  segments: [
    {
      kind: 'play',
      layer: 'default',
      entryIds: ['default:hien-ke-2020'],
      anchorAt: 0,
      from: 1_795_766_400_000,
      to: 1_795_939_200_000,
      items: [{ slideId: 'khau-hieu', durationMs: 12_000, transition: 'cut', type: 'image', url: '/media/ab.png', sha256: 'ab', playlistId: 'hien-ke-2020' }],
    },
  ] as unknown as Manifest['segments'],
  brightness: [],
  fallback: null,
};
const forBoard = (c: ManifestContent, boardId: string, n: number): Manifest => ({ ...c, boardId, version: String(n).repeat(64).slice(0, 64), generatedAt: 1_795_766_400_000 + n });

/** What a player's socket.io client decodes from the encoded packet. */
function decoded(encoded: unknown[]): Packet {
  const decoder = new Decoder();
  let out: Packet | undefined;
  decoder.on('decoded', (p: Packet) => (out = p));
  for (const part of encoded) decoder.add(part as string);
  return out!;
}

describe('manifests on the wire', () => {
  it('give each board its own manifest, equal to what JSON.stringify writes', () => {
    const a = forBoard(content, 'cua-ngo-bac', 1);
    const b = forBoard(content, 'cua-ngo-nam', 2);
    expect(JSON.parse(manifestJson(a))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(JSON.parse(manifestJson(b))).toEqual(JSON.parse(JSON.stringify(b)));
    expect(JSON.parse(manifestJson(b)).boardId).toBe('cua-ngo-nam');
  });

  it('never reuse the shared text of another content, even with the same segments', () => {
    const first = forBoard(content, 'cua-ngo-bac', 1);
    expect(JSON.parse(manifestJson(first)).brightness).toEqual([]);
    const dimmer = forBoard({ ...content, brightness: [{ from: 1_795_766_400_000, to: 1_795_770_000_000, level: 40 }] as unknown as Manifest['brightness'] }, 'cua-ngo-bac', 2);
    expect(JSON.parse(manifestJson(dimmer))).toEqual(JSON.parse(JSON.stringify(dimmer)));
    const bigger = forBoard({ ...content, board: { width: 1216, height: 400, timeZone: 'Asia/Ho_Chi_Minh' } }, 'cua-ngo-bac', 3);
    expect(JSON.parse(manifestJson(bigger)).board.width).toBe(1216);
  });

  it('decode on the player as socket.io’s own encoding does, ack ids and namespaces kept', () => {
    const ours = new manifestParser.Encoder();
    const theirs = new Encoder();
    const m = forBoard(content, 'cua-ngo-dong', 4);
    for (const packet of [
      { type: PacketType.EVENT, nsp: '/player', data: ['manifest', m] },
      { type: PacketType.EVENT, nsp: '/player', id: 7, data: ['manifest', m] },
      { type: PacketType.EVENT, nsp: '/', data: ['manifest', m] },
    ]) {
      expect(decoded(ours.encode(packet))).toEqual(decoded(theirs.encode(packet)));
    }
    // Anything else is socket.io's own encoding, byte for byte.
    for (const packet of [
      { type: PacketType.EVENT, nsp: '/ops', data: ['board', { id: 'x' }, 123] },
      { type: PacketType.EVENT, nsp: '/player', data: ['manifest', { ...m, extra: 1 }] },
      { type: PacketType.CONNECT, nsp: '/player', data: { sid: 'abc' } },
      { type: PacketType.EVENT, nsp: '/player', data: ['manifest', { ...m, blob: Buffer.from([1, 2]) }].slice(0, 2) },
    ]) {
      expect(ours.encode(packet)).toEqual(theirs.encode(packet));
    }
  });
});

/** A WebSocket frame a server sends (unmasked), read back: its flags and its payload. */
function readFrame(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; payload: string } {
  const short = frame[1]! & 0x7f;
  const [length, offset] = short === 126 ? [frame.readUInt16BE(2), 4] : short === 127 ? [Number(frame.readBigUInt64BE(2)), 10] : [short, 2];
  expect(frame.length).toBe(offset + length);
  return { fin: (frame[0]! & 0x80) !== 0, opcode: frame[0]! & 0x0f, masked: (frame[1]! & 0x80) !== 0, payload: frame.subarray(offset).toString('utf8') };
}

/** An in-memory adapter for a namespace of a server with the given encoder, as socket.io makes one. */
const adapterWith = (encoder: Encoder) => new Adapter({ name: '/player', server: { encoder }, sockets: new Map() } as never);
type Encode = (packet: Packet, opts: Record<string, unknown>) => unknown[];
const encodeWith = (adapter: Adapter) => (adapter as unknown as { _encode: Encode })._encode.bind(adapter);

describe('manifest frames', () => {
  // A long playlist (Vietnamese text in its titles) makes a manifest of more than 64 KiB: the
  // frame's length then takes eight bytes instead of two.
  const long: ManifestContent = {
    ...content,
    segments: [
      {
        ...(content.segments[0] as object),
        items: Array.from({ length: 400 }, (_, i) => ({ slideId: `khau-hieu-${i}`, title: 'Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', durationMs: 12_000, transition: 'cut', type: 'image', url: `/media/${i}.png`, sha256: String(i), playlistId: 'hien-ke-2020' })),
      },
    ] as unknown as Manifest['segments'],
  };

  it('carry, byte for byte, the frame socket.io would build for the same packet', () => {
    for (const [c, lengthByte] of [
      [content, 126],
      [long, 127],
    ] as const) {
      const packet = { type: PacketType.EVENT, nsp: '/player', data: ['manifest', forBoard(c, 'cửa-ngõ-bắc', 5)] };
      const theirs: Record<string, unknown> = {};
      const text = encodeWith(adapterWith(new manifestParser.Encoder()))({ ...packet }, theirs);
      const ours: Record<string, unknown> = {};
      const adapter = adapterWith(new manifestParser.Encoder());
      frameManifests(adapter);
      expect(encodeWith(adapter)({ ...packet }, ours)).toEqual(text);
      const frame = ours.wsPreEncodedFrame as Buffer[];
      expect(frame).toHaveLength(2);
      expect(Buffer.concat(frame)).toEqual(Buffer.concat(theirs.wsPreEncodedFrame as Buffer[]));
      expect(frame[0]![1]).toBe(lengthByte);
      // What a player reads from it: a final, unmasked text frame holding the Engine.IO message
      // ("4") with the manifest event, as socket.io's own encoder would write it.
      const read = readFrame(Buffer.concat(frame));
      expect(read).toMatchObject({ fin: true, opcode: 1, masked: false });
      expect(read.payload[0]).toBe('4');
      expect(decoded([read.payload.slice(1)])).toEqual(decoded(new Encoder().encode(packet)));
    }
  });

  it('share the tail between boards of one content, each board its own head', () => {
    const a = manifestFrame({ type: PacketType.EVENT, nsp: '/player', data: ['manifest', forBoard(content, 'cua-ngo-bac', 1)] })!;
    const b = manifestFrame({ type: PacketType.EVENT, nsp: '/player', data: ['manifest', forBoard(content, 'cua-ngo-nam', 2)] })!;
    expect(b[1]).toBe(a[1]);
    expect(JSON.parse(readFrame(Buffer.concat(b)).payload.slice(1).replace(/^2\/player,/, ''))[1].boardId).toBe('cua-ngo-nam');
    // Another content: its own tail.
    const c = manifestFrame({ type: PacketType.EVENT, nsp: '/player', data: ['manifest', forBoard({ ...content, fallback: { slideId: 'x' } as unknown as Manifest['fallback'] }, 'cua-ngo-bac', 3)] })!;
    expect(c[1]).not.toBe(a[1]);
    expect(readFrame(Buffer.concat(c)).payload).toContain('"fallback":{"slideId":"x"}');
  });

  it('leave every other packet to socket.io', () => {
    const ours: Record<string, unknown> = {};
    const theirs: Record<string, unknown> = {};
    const adapter = adapterWith(new manifestParser.Encoder());
    frameManifests(adapter);
    const packet = { type: PacketType.EVENT, nsp: '/player', data: ['time', 123] };
    expect(encodeWith(adapter)({ ...packet }, ours)).toEqual(encodeWith(adapterWith(new manifestParser.Encoder()))({ ...packet }, theirs));
    expect(ours).toEqual(theirs);
    expect(manifestFrame(packet)).toBeUndefined();
  });
});
