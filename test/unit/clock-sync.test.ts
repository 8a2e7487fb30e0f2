import { describe, expect, it } from 'vitest';
import { ClockSync, MAX_SAMPLES } from '../../player/src/clock-sync.ts';

/** A box whose clock is `skew` ms behind the controller, with the given one-way delays. */
function sample(t: number, skew: number, up: number, down: number) {
  const sentAt = t;
  const serverTime = t + up + skew;
  const receivedAt = t + up + down;
  return { sentAt, serverTime, receivedAt };
}

describe('clock sync estimator', () => {
  it('recovers the offset exactly with symmetric delays', () => {
    const c = new ClockSync();
    c.add(sample(1000, 300_000, 20, 20));
    expect(c.estimate()).toEqual({ offsetMs: 300_000, rttMs: 40, samples: 1 });
  });

  it('trusts the fastest samples and ignores ones distorted by queueing', () => {
    const c = new ClockSync();
    const skew = -123_456;
    // Mostly fast and symmetric (±1 ms jitter), plus some slow ones with very asymmetric delays.
    const delays = [
      [5, 6],
      [400, 10],
      [6, 5],
      [5, 5],
      [900, 30],
      [10, 700],
      [6, 6],
    ];
    delays.forEach(([up, down], i) => c.add(sample(i * 1000, skew, up!, down!)));
    const e = c.estimate()!;
    expect(Math.abs(e.offsetMs - skew)).toBeLessThanOrEqual(1);
    expect(e.rttMs).toBe(10);
  });

  it('keeps a bounded window of the newest samples', () => {
    const c = new ClockSync();
    for (let i = 0; i < 40; i++) c.add(sample(i * 1000, 0, 5, 5));
    expect(c.estimate()!.samples).toBe(MAX_SAMPLES);
  });

  it('follows a change of the box clock once reset', () => {
    const c = new ClockSync();
    for (let i = 0; i < 5; i++) c.add(sample(i * 1000, 1000, 3, 3));
    c.reset();
    for (let i = 0; i < 3; i++) c.add(sample(10_000 + i * 1000, -5000, 4, 4));
    expect(c.estimate()!.offsetMs).toBe(-5000);
  });

  it('ignores impossible samples', () => {
    const c = new ClockSync();
    c.add({ sentAt: 10, serverTime: 5, receivedAt: 5 });
    c.add({ sentAt: 10, serverTime: Number.NaN, receivedAt: 20 });
    expect(c.estimate()).toBeNull();
  });
});
