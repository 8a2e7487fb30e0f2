// Audit trail speed: how many records per second the door appends (each change is its own
// transaction: the write, the chained audit record, the commit), the raw append beside it, and how
// long verify() takes to walk the resulting hash chain.
// Run: node --import tsx bench/audit.ts [N] [--postgres]   (npm run bench:audit; N defaults to 20,000;
// --postgres: on a PostgreSQL database of the run's own, dropped after)
import os from 'node:os';
import { actorRecord, systemActor } from '../controller/services/actor.ts';
import { benchStart, ON_POSTGRES, percentile } from './fixtures.ts';

const N = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 20_000;
const WARM_UP = 500;
const BATCH = 1000;
const VERIFY_RUNS = 5;
const TARGET_PER_S = 2000;

interface Row {
  measure: string;
  records: number;
  ms: number;
  p50?: number;
  p99?: number;
  target?: boolean;
}

const cpus = os.cpus();
console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${new Date().toISOString()}; store: ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}`);

// A fresh installation, not listening: a temporary data dir (SQLite, WAL, synchronous = NORMAL) or a
// PostgreSQL database of its own.
const c = await benchStart({ listen: false });
const { services, store } = c.ctx;
const actor = systemActor('bench');
const rows: Row[] = [];

/** Times `n` calls one by one; returns the total and the per-call samples. */
async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<{ ms: number; samples: number[] }> {
  const samples = new Array<number>(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    samples[i] = performance.now() - s;
  }
  const ms = performance.now() - t0;
  samples.sort((a, b) => a - b);
  return { ms, samples };
}

try {
  // The real path: a cheap audited change through its service, so the door's permission check,
  // the write, the audit append (read the last hash, sha256, insert) and the commit are all in.
  const update = (i: number) => services.settings.update(actor, { approvalRequired: i % 2 === 0 });
  for (let i = 0; i < WARM_UP; i++) await update(i);
  const door = await timed(N, update);
  rows.push({ measure: 'service change through the door (settings.update), one transaction each', records: N, ms: door.ms, p50: percentile(door.samples, 50), p99: percentile(door.samples, 99), target: (N / door.ms) * 1000 >= TARGET_PER_S });

  // The append alone, with the same record, one per transaction: what the door adds on top.
  const record = (i: number) => ({
    at: Date.now(),
    actor: actorRecord(actor),
    action: 'settings.update',
    target: { kind: 'settings', id: 'installation' },
    before: { approvalRequired: i % 2 !== 0 },
    after: { approvalRequired: i % 2 === 0 },
  });
  const raw = await timed(N, (i) => store.transaction((tx) => tx.audit.append(record(i))));
  rows.push({ measure: 'store.audit.append, one per transaction', records: N, ms: raw.ms, p50: percentile(raw.samples, 50), p99: percentile(raw.samples, 99) });

  // Many appends to a commit: separates the commit's cost from the hashing and inserting.
  const batched = await timed(N / BATCH, (b) =>
    store.transaction(async (tx) => {
      for (let i = 0; i < BATCH; i++) await tx.audit.append(record(b * BATCH + i));
    }),
  );
  rows.push({ measure: `store.audit.append, ${BATCH.toLocaleString('en')} per transaction`, records: N, ms: batched.ms });

  // Verification walks every record: sequence, link to the previous hash, its own hash.
  const runs: number[] = [];
  let records = 0;
  for (let i = 0; i < VERIFY_RUNS; i++) {
    const t0 = performance.now();
    const verdict = await services.audit.verify();
    runs.push(performance.now() - t0);
    if (!verdict.ok) throw new Error(`chain broken: ${JSON.stringify(verdict.firstBroken)}`);
    records = verdict.records;
  }
  const p50 = percentile([...runs].sort((a, b) => a - b), 50);
  console.log(`chain: ${records.toLocaleString('en')} records (first start, set-up, ${WARM_UP} warm-up changes, then the runs below); verify() ok on every run`);
  console.log(`verify() over ${records.toLocaleString('en')} records: p50 ${p50.toFixed(0)} ms, ${((records / p50) * 1000).toFixed(0)} records/s (runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms)`);
} finally {
  await c.close();
}

const ms = (x: number | undefined) => (x === undefined ? '—' : x < 10 ? `${x.toFixed(3)} ms` : `${x.toFixed(0)} ms`);
console.log('');
console.log('| measure | records | total | per second | p50 per call | p99 per call | target |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const target = r.target === undefined ? '—' : `≥ ${TARGET_PER_S.toLocaleString('en')}/s ${r.target ? '✓' : '✗ missed'}`;
  console.log(`| ${r.measure} | ${r.records.toLocaleString('en')} | ${ms(r.ms)} | ${((r.records / r.ms) * 1000).toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${target} |`);
}
