// Pushes manifests written by another process (e.g. `npm run cli -- import` while the controller
// runs) to the connected players within two seconds. Such manifests are saved marked unannounced
// (store/migrations.ts, version 9), so this works on any database and with several processes.
import type { Job } from './index.ts';

export const externalChangesJob: Job = {
  name: 'announce-external-changes',
  schedule: '*/2 * * * * *',
  async run(services) {
    const n = await services.publisher.announceStoredChanges();
    if (n > 0) return `pushed ${n} manifest(s) written by another process`;
  },
};
