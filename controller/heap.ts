// How far V8 lets the controller's heap grow past what is alive before it collects it. A controller
// holding 10,000 players' sockets keeps ≈ 200–380 MiB alive; V8's own growing factor (up to 4 ×
// what survived the last full collection) let garbage pile up until the process held 1.06–1.08 GiB
// during a reconnect storm on PostgreSQL (bench:fleet, 27/11/2026). A factor of 2 kept it to
// 561–586 MiB, storm and heartbeats at the same speed; 1.5 kept it to 480–528 MiB but made a publish
// to 5,000 boards ≈ 20 % slower (a full collection during most publishes).
import v8 from 'node:v8';

/** The default: the heap may grow to 2 × what was alive after the last full collection. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 100;

/** Sets the heap's growing factor to 1 + percent / 100 (0: V8's own). V8 reads it each time it sets the next limit. */
export function limitHeapGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
