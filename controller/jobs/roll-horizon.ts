// Keeps every board's manifest 47–48 hours ahead: the horizon starts on the hour, so each hour
// every board is recompiled (and at start, which also upgrades manifests of an older schema).
import type { Job } from './index.ts';

export const rollHorizonJob: Job = {
  name: 'roll-horizon',
  schedule: '5 0 * * * *',
  async run(services) {
    const { boards, changed } = await services.publisher.recompileAll();
    return `recompiled ${boards} board(s), ${changed} new version(s)`;
  },
};
