// First start on a fresh database: the seed campaign, the first admin (password printed once),
// a demo board with the campaign scheduled on it, and a one-time grant that pairs its player.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Board } from '../../playlists/board.ts';
import type { AuthService } from './auth.ts';
import { importCampaign, parseCampaignFile } from './campaign-import.ts';
import type { Publisher } from './compile.ts';
import type { PairingService } from './pairing.ts';
import { newPassword } from './secrets.ts';
import type { Store } from '../store/index.ts';

export const LIBRARY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../playlists/library');
export const SEED_CAMPAIGN_FILE = path.join(LIBRARY_DIR, 'hien-ke-2020.yaml');
export const SEED_PLAYLIST_ID = 'hien-ke-2020';
export const ADMIN_USERNAME = 'admin';

export const DEMO_BOARD: Board = {
  id: 'cua-ngo-phia-bac-ql14',
  name: 'Cửa ngõ phía Bắc – Quốc lộ 14',
  width: 576,
  height: 288,
  timeZone: 'Asia/Ho_Chi_Minh',
  pitchMm: 10,
};

export const DEMO_GROUP_ID = 'tat-ca-cua-ngo';

export interface FirstStart {
  adminUsername: string;
  /** null when an account existed already (made with the CLI before the first start). */
  adminPassword: string | null;
  boardId: string;
  grant: string;
  grantExpiresAt: number;
}

/** Sets up a fresh database; returns what to print once, or null when it was done before. */
export async function bootstrapIfFresh(deps: { store: Store; auth: AuthService; pairing: PairingService; publisher: Publisher; now: () => number }): Promise<FirstStart | null> {
  const { store } = deps;
  if (store.getState('bootstrapped_at')) return null;
  const campaign = parseCampaignFile(fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8'), path.relative(process.cwd(), SEED_CAMPAIGN_FILE));
  const adminPassword = newPassword();
  let grant!: { grant: string; expiresAt: number };
  let createdAdmin = true;
  // The password hash is computed inside createUser; all the writes land together or not at all.
  const now = deps.now();
  store.db.exec('BEGIN IMMEDIATE');
  try {
    importCampaign(campaign, { store, now });
    if (store.users.count() === 0) await deps.auth.createUser(ADMIN_USERNAME, adminPassword, 'admin');
    else createdAdmin = false;
    if (!store.boards.get(DEMO_BOARD.id)) store.boards.insert(DEMO_BOARD, now);
    // The gateway group's default playlist is the campaign: the board is never left black.
    store.groups.save({ id: DEMO_GROUP_ID, name: 'Tất cả cửa ngõ', boardIds: [DEMO_BOARD.id], defaultPlaylistId: SEED_PLAYLIST_ID }, now);
    store.content.saveEntry(
      {
        id: 'demo-hien-ke-2020',
        name: 'Cuộc vận động Hiến kế – cửa ngõ phía Bắc',
        playlistId: SEED_PLAYLIST_ID,
        targets: { boardIds: [DEMO_BOARD.id], groupIds: [] },
        layer: 'campaign',
        priority: 50,
        startDate: null,
        endDate: null,
        excludedDates: [],
        recurrence: { kind: 'always' },
        anchorAt: now,
      },
      now,
    );
    grant = deps.pairing.createGrant(DEMO_BOARD.id);
    store.setState('bootstrapped_at', new Date(now).toISOString());
    store.db.exec('COMMIT');
  } catch (e) {
    store.db.exec('ROLLBACK');
    throw e;
  }
  await deps.publisher.recompile([DEMO_BOARD.id]);
  return { adminUsername: ADMIN_USERNAME, adminPassword: createdAdmin ? adminPassword : null, boardId: DEMO_BOARD.id, grant: grant.grant, grantExpiresAt: grant.expiresAt };
}
