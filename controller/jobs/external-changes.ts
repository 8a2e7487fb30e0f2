// Pushes manifests written by another process (e.g. `npm run cli -- import` while the controller
// runs) to the connected players within two seconds.
import type { Job } from './index.ts';

export const externalChangesJob: Job = {
  name: 'announce-external-changes',
  schedule: '*/2 * * * * *',
  // Takes note of what is stored now, so only later writes count as changes.
  async init(services) {
    await services.publisher.announceStoredChanges();
  },
  async run(services) {
    const n = await services.publisher.announceStoredChanges();
    if (n > 0) return `pushed ${n} manifest(s) written by another process`;
  },
};
