// Installation settings. Today one: whether changes to what boards play need a second person's
// approval (on by default; a small site run by one person may switch it off — audited).
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import type { Door } from './door.ts';

const APPROVAL_KEY = 'approval_required';

export interface Settings {
  approvalRequired: boolean;
}

export class SettingsService {
  constructor(
    private readonly store: Pick<Store, 'getState' | 'setState'>,
    private readonly door: Door,
  ) {}

  /** `s` is the transaction's store when called inside one. */
  async get(s: Pick<Store, 'getState'> = this.store): Promise<Settings> {
    return { approvalRequired: await this.approvalRequired(s) };
  }

  async approvalRequired(s: Pick<Store, 'getState'> = this.store): Promise<boolean> {
    return (await s.getState(APPROVAL_KEY)) !== '0';
  }

  async update(actor: Actor, patch: Partial<Settings>): Promise<Settings> {
    return await this.door.pass(actor, 'settings.manage', async (tx) => {
      const before = await this.get(tx);
      if (patch.approvalRequired !== undefined) await tx.setState(APPROVAL_KEY, patch.approvalRequired ? '1' : '0');
      const after = await this.get(tx);
      return { action: 'settings.update', target: { kind: 'settings', id: 'installation' }, before, after, result: after };
    });
  }
}
