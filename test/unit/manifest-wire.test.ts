// The controller's socket.io encoder writes manifest events from a text shared by the boards that
// play the same: a player must receive exactly what socket.io's own encoder would have sent it.
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { manifestJson, manifestParser } from '../../controller/realtime/manifest-wire.ts';
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
