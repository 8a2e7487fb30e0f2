// How far V8 lets the controller's heap grow past what is alive before it collects it. A controller
// holding 10,000 players' sockets keeps ≈ 200–360 MiB alive; V8's own growing factor (up to 4 ×
// what survived the last full collection) let garbage pile up until the process held 1.06–1.08 GiB
// during a reconnect storm on PostgreSQL (bench:fleet, 27/11/2026). A factor of 1.5 kept it to
// 482–528 MiB for ≈ 8 points more of one core during heartbeats (full collections are more frequent;
// V8 marks concurrently, on another thread).
import v8 from 'node:v8';

/** The default: the heap may grow to 1.5 × what was alive after the last full collection. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Sets the heap's growing factor to 1 + percent / 100 (0: V8's own). V8 reads it each time it sets the next limit. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
