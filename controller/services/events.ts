// In-process change events: services announce, realtime listens. Keeps services free of sockets.
import { EventEmitter } from 'node:events';
import type { Manifest } from '../../playlists/manifest.ts';
import type { AuditRow } from '../store/audit-repo.ts';

export interface EventMap {
  /** A board has a new manifest version. */
  manifest: [manifest: Manifest];
  /** A device token was revoked: its sockets must go. */
  'device-revoked': [deviceId: string];
  /** A player acknowledged or reported something: the board's delivery state may have moved. */
  delivery: [boardId: string];
  /** These sign-in tokens (sessions, API tokens) ended: sockets opened with them must go. */
  'tokens-ended': [tokenHashes: string[]];
  /** A change passed the door and was recorded. */
  audited: [record: AuditRow];
}

export class Events extends EventEmitter<EventMap> {}
