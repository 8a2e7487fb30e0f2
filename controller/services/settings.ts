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

  get(): Settings {
    return { approvalRequired: this.approvalRequired() };
  }

  approvalRequired(): boolean {
    return this.store.getState(APPROVAL_KEY) !== '0';
  }

  update(actor: Actor, patch: Partial<Settings>): Settings {
    return this.door.pass(actor, 'settings.manage', () => {
      const before = this.get();
      if (patch.approvalRequired !== undefined) this.store.setState(APPROVAL_KEY, patch.approvalRequired ? '1' : '0');
      const after = this.get();
      return { action: 'settings.update', target: { kind: 'settings', id: 'installation' }, before, after, result: after };
    });
  }
}
