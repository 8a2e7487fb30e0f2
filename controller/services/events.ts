// In-process change events: services announce, realtime listens. Keeps services free of sockets.
import { EventEmitter } from 'node:events';
import type { AlertView } from '../../playlists/api/alerts.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import type { PairingApproved } from '../../playlists/protocol.ts';
import type { AuditRow } from '../store/audit-repo.ts';

export interface EventMap {
  /** A board has a new manifest version. */
  manifest: [manifest: Manifest];
  /** A waiting player's code was approved: its token goes to the socket showing that code, on whichever process holds it. */
  'pairing-approved': [code: string, approved: PairingApproved];
  /** A device token was revoked: its sockets must go. */
  'device-revoked': [deviceId: string];
  /** A player acknowledged or reported something: the board's delivery state may have moved. */
  delivery: [boardId: string, report?: DeliveryReport];
  /** A background job ran (jobs/index.ts), for the metrics. */
  'job-ran': [job: string, outcome: 'ok' | 'failed'];
  /** These sign-in tokens (sessions, API tokens) ended: sockets opened with them must go. */
  'tokens-ended': [tokenHashes: string[]];
  /** A change passed the door and was recorded. */
  audited: [record: AuditRow];
  /** An alert opened or closed (the /ops namespace tells the web app). */
  alert: [alert: AlertView];
}

/** What a player said (the metrics time publish → ready and count heartbeats from it). */
export type DeliveryReport = { kind: 'ack'; state: 'delivered' | 'ready'; version: string } | { kind: 'heartbeat' };

export class Events extends EventEmitter<EventMap> {}
