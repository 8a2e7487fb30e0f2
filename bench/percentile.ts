// The nearest-rank percentile of sorted figures, for every benchmark (its own module: bench/fleet.ts
// talks to the controller as a process and must not load it, as bench/fixtures.ts does).
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
