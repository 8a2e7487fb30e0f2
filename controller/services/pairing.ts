// Pairing: how a player box gets its own device token, and nothing more.
// - An unpaired player shows a short code; an admin approves that code for a board.
// - Or an admin hands out a one-time grant URL (the demo board's at first start), consumed on use.
// Device tokens are stored hashed, are scoped to one board, and can be revoked.
import crypto from 'node:crypto';
import type { PairingApproved, PairingCode } from '../../playlists/protocol.ts';
import { noSuch, NotFound, Unauthorized } from '../errors.ts';
import type { DeviceRow } from '../store/devices-repo.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { actorName, authorize } from './actor.ts';
import { Batcher } from './batcher.ts';
import type { Door } from './door.ts';
import type { Events } from './events.ts';
import { hashSecret, newSecret, shortId } from './secrets.ts';

/** Codes are read off a screen and typed by a person: no 0/O, 1/I/L. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
export const GRANT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_PENDING_CODES = 5000;
/** Boards being installed at one site pair through one router: enough for a site, not for a flood. */
export const MAX_CODES_PER_ADDRESS = 50;

export function formatCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** Accepts "abc-234", "ABC 234", "abc234". */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export class PairingService {
  constructor(
    private readonly store: Pick<Store, 'boards' | 'devices'>,
    private readonly door: Door,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  /**
   * A new code for a waiting player, kept in the database so that any controller process can
   * approve it. Null when too many codes wait, or too many from this address: unauthenticated
   * sockets ask for codes, so one client must not be able to take them all.
   */
  async open(address = 'unknown'): Promise<PairingCode | null> {
    const now = this.now();
    await this.store.devices.deleteExpiredCodes(now);
    const pending = await this.store.devices.pendingCodes(address, now);
    if (pending.all >= MAX_PENDING_CODES || pending.fromAddress >= MAX_CODES_PER_ADDRESS) return null;
    const expiresAt = now + CODE_TTL_MS;
    for (;;) {
      const code = Array.from(crypto.randomBytes(CODE_LENGTH), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
      if (await this.store.devices.insertCode(code, address, now, expiresAt)) return { code: formatCode(code), expiresAt };
    }
  }

  async close(code: string): Promise<void> {
    await this.store.devices.deleteCode(normaliseCode(code));
  }

  /**
   * Pairs the player showing this code with a board. Its token reaches it over its waiting socket,
   * through whichever controller process holds that socket (the 'pairing-approved' event).
   */
  async approve(actor: Actor, codeInput: string, boardId: string): Promise<{ deviceId: string; boardId: string }> {
    authorize(actor, 'devices.manage');
    const code = normaliseCode(codeInput);
    const { token, deviceId } = await this.door.pass(actor, 'devices.manage', async (tx) => {
      await this.requireBoard(boardId, tx);
      // Taken in the transaction that pairs: of two approvals of one code, one pairs a device.
      if (!(await tx.devices.takeCode(code, this.now()))) {
        throw new NotFound({
          vi: `Không có màn hình nào đang chờ ghép nối với mã "${codeInput}" (mã sai hoặc đã hết hạn). Hãy đọc lại mã đang hiện trên bảng.`,
          en: `No player is waiting to pair with code "${codeInput}" (wrong or expired). Read the code on the board's screen again.`,
        });
      }
      const device = await this.issueDevice(tx, boardId, actorName(actor));
      return { action: 'device.pair', target: { kind: 'board', id: boardId }, after: { deviceId: device.deviceId, by: 'code' }, result: device };
    });
    this.events.emit('pairing-approved', formatCode(code), { token, boardId });
    return { deviceId, boardId };
  }

  /** A one-time link that opens the board's player already paired. */
  async createGrant(actor: Actor, boardId: string, ttlMs: number = GRANT_TTL_MS): Promise<{ grant: string; expiresAt: number }> {
    const grant = newSecret('lgg');
    const expiresAt = this.now() + ttlMs;
    await this.door.pass(actor, 'devices.manage', async (tx) => {
      await this.requireBoard(boardId, tx);
      await tx.devices.insertGrant(hashSecret(grant), boardId, this.now(), expiresAt);
      return { action: 'device.grant', target: { kind: 'board', id: boardId }, after: { expiresAt: new Date(expiresAt).toISOString() }, result: undefined };
    });
    return { grant, expiresAt };
  }

  /** A player opens a one-time link: the grant is spent and the player gets its own device token. */
  async redeemGrant(grant: string, ip: string | null): Promise<PairingApproved & { deviceId: string }> {
    return await this.door.pass({ kind: 'anonymous', name: 'player with a pairing link', ip }, null, async (tx) => {
      const boardId = await tx.devices.consumeGrant(hashSecret(grant), this.now());
      if (!boardId) {
        throw new Unauthorized({
          vi: 'Đường dẫn ghép nối không dùng được: đã dùng rồi hoặc đã hết hạn. Hãy xin quản trị viên một đường dẫn mới, hoặc ghép nối bằng mã trên màn hình.',
          en: 'This pairing link cannot be used: it was used already or has expired. Ask an admin for a new one, or pair with the code on the screen.',
        });
      }
      const { token, deviceId } = await this.issueDevice(tx, boardId, 'grant');
      return { action: 'device.pair', target: { kind: 'board', id: boardId }, after: { deviceId, by: 'grant' }, result: { token, boardId, deviceId } };
    });
  }

  /**
   * Device tokens presented in the same turn of the event loop, looked up together: a reconnect
   * storm brings thousands of handshakes within seconds (on PostgreSQL one query each would be a
   * round trip each). Only for handshakes, never inside a transaction.
   */
  private readonly devicesByToken = new Batcher<string, DeviceRow | undefined>(async (hashes) => {
    const found = await this.store.devices.byTokenHashes(hashes);
    return hashes.map((h) => found.get(h));
  });

  /** The device actor holding this token, or undefined (unknown or revoked). */
  async authenticateDevice(token: unknown, ip: string | null = null): Promise<(Actor & { kind: 'device' }) | undefined> {
    if (typeof token !== 'string' || token.length < 10 || token.length > 200) return undefined;
    const device = await this.devicesByToken.push(hashSecret(token));
    return device ? { kind: 'device', deviceId: device.id, boardId: device.boardId, ip } : undefined;
  }

  async revokeDevice(actor: Actor, deviceId: string): Promise<void> {
    const revoked = await this.door.pass(actor, 'devices.manage', async (tx) => {
      const device = await tx.devices.get(deviceId);
      if (!device) throw new NotFound({ vi: `Không có thiết bị "${deviceId}".`, en: `No device "${deviceId}".` });
      const done = await tx.devices.revoke(deviceId, this.now());
      return { action: 'device.revoke', target: { kind: 'device', id: deviceId }, before: { boardId: device.boardId, revokedAt: device.revokedAt }, after: { boardId: device.boardId, alreadyRevoked: !done }, result: done };
    });
    if (revoked) this.events.emit('device-revoked', deviceId);
  }

  private async issueDevice(tx: Pick<Store, 'devices'>, boardId: string, pairedBy: string): Promise<{ token: string; deviceId: string }> {
    const token = newSecret('lgd');
    const deviceId = shortId('dev');
    await tx.devices.insert({ id: deviceId, boardId, tokenHash: hashSecret(token), pairedBy }, this.now());
    return { token, deviceId };
  }

  private async requireBoard(boardId: string, s: Pick<Store, 'boards'>): Promise<void> {
    if (!(await s.boards.get(boardId))) throw new NotFound(noSuch('board', boardId));
  }
}
