// First start on a fresh database: the seed campaign, the first admin (password printed once),
// a demo board with the campaign scheduled on it, and a one-time grant that pairs its player.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Board } from '../../playlists/board.ts';
import type { Store } from '../store/index.ts';
import { systemActor } from './actor.ts';
import { hashPassword } from './auth.ts';
import { parseCampaignFile, writeCampaign } from './campaign-import.ts';
import type { Publisher } from './compile.ts';
import type { Door } from './door.ts';
import { GRANT_TTL_MS } from './pairing.ts';
import { hashSecret, newPassword, newSecret } from './secrets.ts';

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
export async function bootstrapIfFresh(deps: { store: Pick<Store, 'getState' | 'setState' | 'content' | 'users' | 'boards' | 'groups' | 'devices'>; door: Door; publisher: Publisher; now: () => number }): Promise<FirstStart | null> {
  const { store } = deps;
  if (await store.getState('bootstrapped_at')) return null;
  const campaign = parseCampaignFile(fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8'), path.relative(process.cwd(), SEED_CAMPAIGN_FILE));
  const adminPassword = newPassword();
  const passwordHash = await hashPassword(adminPassword);
  const grant = newSecret('lgg');
  const now = deps.now();
  const grantExpiresAt = now + GRANT_TTL_MS;
  // Everything lands together, as one audited change, or not at all.
  const createdAdmin = await deps.door.pass(systemActor('first start'), null, async (tx) => {
    if (await tx.getState('bootstrapped_at')) return { action: 'installation.first-start', target: null, result: false };
    await writeCampaign(campaign, tx, now);
    // The first admin's password is printed once, on the console of whoever installs the controller.
    const makeAdmin = await tx.users.count() === 0;
    if (makeAdmin) await tx.users.insert({ username: ADMIN_USERNAME, passwordHash, roles: ['admin'], duties: [], mustChangePassword: false }, now);
    if (!await tx.boards.get(DEMO_BOARD.id)) await tx.boards.insert(DEMO_BOARD, now);
    // The gateway group's default playlist is the campaign: the board is never left black.
    await tx.groups.save({ id: DEMO_GROUP_ID, name: 'Tất cả cửa ngõ', boardIds: [DEMO_BOARD.id], defaultPlaylistId: SEED_PLAYLIST_ID }, now);
    await tx.content.saveEntry(
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
    await tx.devices.insertGrant(hashSecret(grant), DEMO_BOARD.id, now, grantExpiresAt);
    await tx.setState('bootstrapped_at', new Date(now).toISOString());
    return {
      action: 'installation.first-start',
      target: null,
      after: { campaign: campaign.campaign.id, admin: makeAdmin ? ADMIN_USERNAME : null, board: DEMO_BOARD.id, group: DEMO_GROUP_ID, entry: 'demo-hien-ke-2020' },
      result: makeAdmin,
    };
  });
  await deps.publisher.recompile([DEMO_BOARD.id]);
  return { adminUsername: ADMIN_USERNAME, adminPassword: createdAdmin ? adminPassword : null, boardId: DEMO_BOARD.id, grant, grantExpiresAt };
}
