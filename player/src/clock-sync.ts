// Clock sync, NTP-style: each sample is (sent, server time, received) on this box's clock; the
// offset it implies is server + rtt/2 − received. Samples with the shortest round trips are the
// least distorted by queueing, so the estimate is the median offset of the fastest few.
export interface ClockSample {
  sentAt: number;
  serverTime: number;
  receivedAt: number;
}

export interface ClockEstimate {
  /** Controller clock minus this box's clock, ms. */
  offsetMs: number;
  /** Round trip of the best sample, ms. */
  rttMs: number;
  samples: number;
}

/** Keep at most this many samples, newest first. */
export const MAX_SAMPLES = 16;
/** The fastest samples the estimate is taken from. */
const BEST = 3;

export class ClockSync {
  private samples: ClockSample[] = [];

  add(sample: ClockSample): void {
    if (!(sample.receivedAt >= sample.sentAt) || !Number.isFinite(sample.serverTime)) return;
    this.samples.unshift(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.length = MAX_SAMPLES;
  }

  estimate(): ClockEstimate | null {
    if (!this.samples.length) return null;
    const ranked = this.samples
      .map((s) => ({ rtt: s.receivedAt - s.sentAt, offset: s.serverTime + (s.receivedAt - s.sentAt) / 2 - s.receivedAt }))
      .sort((a, b) => a.rtt - b.rtt)
      .slice(0, BEST);
    const offsets = ranked.map((r) => r.offset).sort((a, b) => a - b);
    const mid = offsets.length >> 1;
    const offsetMs = offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
    return { offsetMs, rttMs: ranked[0]!.rtt, samples: this.samples.length };
  }

  /** A jump in the box's own clock (NTP step, user) invalidates old samples. */
  reset(): void {
    this.samples = [];
  }
}
