// The socket.io protocol between controller and player, typed once for both sides. No runtime
// imports: the player bundles this file. The zod schemas the controller validates payloads
// with are in protocol-schemas.ts.
import type { Manifest } from './manifest.ts';

export const PLAYER_NAMESPACE = '/player';
export const PAIRING_NAMESPACE = '/pairing';
export const OPS_NAMESPACE = '/ops';

/** Every 15 s the player says what it shows; it is also how "playing" is known. */
export interface Heartbeat {
  version: string | null;
  slideId: string | null;
  black: boolean;
  clockOffsetMs: number;
  rttMs: number | null;
  uptimeS: number;
  screen: { width: number; height: number };
  userAgent: string;
  lastError: string | null;
  /** Where the images are kept and how much. */
  cache?: { kind: string; items: number; bytes: number };
  /** Proof-of-play records waiting to be sent. */
  popPending?: number;
  /** The layer of what is on screen (emergency, interrupt, campaign, default), or null when black. */
  layer?: string | null;
  /** Why the screen is black (blackout, power-off, nothing-scheduled), or null when it shows something. */
  blackReason?: string | null;
}

export interface Ack {
  version: string;
  state: 'delivered' | 'ready';
}

export interface PairingCode {
  code: string;
  expiresAt: number;
}
export interface PairingApproved {
  token: string;
  boardId: string;
}

/** One display of a slide on a board, as the player saw it (times in controller time). */
export interface PlayRecord {
  id: string;
  boardId: string;
  slideId: string;
  sha256: string;
  layer: string;
  entryIds: string[];
  playlistId?: string;
  startedAt: number;
  endedAt: number;
}

export interface PlayerServerToClientEvents {
  manifest: (manifest: Manifest) => void;
}
export interface PlayerClientToServerEvents {
  ack: (ack: Ack) => void;
  heartbeat: (heartbeat: Heartbeat) => void;
  /** A batch of proof-of-play records; the callback gets the ids now stored (duplicates included). */
  pop: (records: PlayRecord[], callback: (storedIds: string[]) => void) => void;
  /** NTP-style sample: the controller answers with its own clock. */
  'time:sync': (callback: (serverNow: number) => void) => void;
}

export interface PairingServerToClientEvents {
  'pairing:code': (code: PairingCode) => void;
  'pairing:approved': (approved: PairingApproved) => void;
  /** No code now (too many waiting): said before the controller closes the connection. */
  'pairing:busy': (message: { vi: string; en: string }) => void;
}
export type PairingClientToServerEvents = Record<string, never>;

/** /ops: operators' live view. The payloads are the API's board status objects, with the controller's clock. */
export interface OpsServerToClientEvents {
  boards: (boards: unknown[], serverNow: number) => void;
  board: (board: unknown, serverNow: number) => void;
  /** The alerts open now (on connect), then each alert as it opens or closes (API AlertView objects). */
  alerts: (alerts: unknown[], serverNow: number) => void;
  alert: (alert: unknown, serverNow: number) => void;
}
