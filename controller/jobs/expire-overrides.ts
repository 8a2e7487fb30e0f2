// Closes emergencies and blackouts whose expiry has passed. Boards already switched at that
// instant on their own (the expiry is in their manifest); this records it and recompiles.
import { systemActor } from '../services/actor.ts';
import type { Job } from './index.ts';

export const expireOverridesJob: Job = {
  name: 'expire-overrides',
  schedule: '*/15 * * * * *',
  async run(services) {
    const expired = await services.schedule.expireOverrides(systemActor('job:expire-overrides'));
    if (expired.length) return `expired ${expired.join(', ')}`;
  },
};
