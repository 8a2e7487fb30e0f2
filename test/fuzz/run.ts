// The long fuzzing pass: `npm run fuzz [seed] [requests per route]`. Prints what it sent, any 5xx
// with the request that caused it, and the process's memory before and after.
import { startController } from '../helpers/controller.ts';
import { fuzz } from './fuzz.ts';

const seed = Number(process.argv[2] ?? Date.now() % 1_000_000);
const per = Number(process.argv[3] ?? 150);
const c = await startController({ listen: false, approval: true });
const t0 = Date.now();
const r = await fuzz(c.app, c.adminToken, seed, per);
await c.close();
process.stdout.write(
  `seed ${seed}: ${r.requests} malformed requests in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${r.serverErrors.length} answered 5xx; RSS ${r.rssStartMb.toFixed(0)} → ${r.rssEndMb.toFixed(0)} MiB; heap after a collection ${r.heapStartMb.toFixed(0)} → ${r.heapEndMb.toFixed(0)} MiB\n`,
);
for (const e of r.serverErrors.slice(0, 20)) process.stdout.write(`  ${e.status} ${e.request}\n    ${e.body}\n`);
process.exitCode = r.serverErrors.length ? 1 : 0;
