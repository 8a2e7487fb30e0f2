// When a scheduled report runs and which period it covers, in its own time zone: the 1st of the
// month, Mondays, or every day at a local time; the month, the Monday–Sunday week or the day before.
import { describe, expect, it } from 'vitest';
import { nextOccurrence, periodBefore, scheduleRetryDelay } from '../../controller/services/report-schedules.ts';

const HCM = 'Asia/Ho_Chi_Minh';
const at = (isoWithOffset: string) => Date.parse(isoWithOffset);

describe('nextOccurrence', () => {
  it('monthly: the 1st at the local time, strictly after', () => {
    const s = { frequency: 'monthly' as const, at: '07:00', timeZone: HCM };
    expect(new Date(nextOccurrence(at('2026-07-15T10:00:00+07:00'), s)).toISOString()).toBe('2026-08-01T00:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-08-01T06:59:00+07:00'), s)).toISOString()).toBe('2026-08-01T00:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-08-01T07:00:00+07:00'), s)).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-12-20T07:00:00+07:00'), s)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('weekly: Mondays; daily: every day', () => {
    expect(new Date(nextOccurrence(at('2026-09-10T14:00:00+07:00'), { frequency: 'weekly', at: '07:00', timeZone: HCM })).toISOString()).toBe('2026-09-14T00:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-09-14T07:00:00+07:00'), { frequency: 'weekly', at: '07:00', timeZone: HCM })).toISOString()).toBe('2026-09-21T00:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-09-10T06:30:00+07:00'), { frequency: 'daily', at: '06:45', timeZone: HCM })).toISOString()).toBe('2026-09-09T23:45:00.000Z');
    expect(new Date(nextOccurrence(at('2026-09-10T06:45:00+07:00'), { frequency: 'daily', at: '06:45', timeZone: HCM })).toISOString()).toBe('2026-09-10T23:45:00.000Z');
  });

  it('keeps the local time across a clock change', () => {
    // Berlin moves to summer time on Sunday 29/03/2026: Monday 07:00 is 05:00 UTC, the Monday before 06:00 UTC.
    const s = { frequency: 'weekly' as const, at: '07:00', timeZone: 'Europe/Berlin' };
    expect(new Date(nextOccurrence(at('2026-03-20T12:00:00Z'), s)).toISOString()).toBe('2026-03-23T06:00:00.000Z');
    expect(new Date(nextOccurrence(at('2026-03-23T06:00:00Z'), s)).toISOString()).toBe('2026-03-30T05:00:00.000Z');
  });
});

describe('periodBefore', () => {
  it('the whole month, week (Monday–Sunday) or day before the local day of the run', () => {
    expect(periodBefore(at('2026-08-01T07:00:00+07:00'), { frequency: 'monthly', timeZone: HCM })).toEqual({ from: '2026-07-01', to: '2026-07-31' });
    expect(periodBefore(at('2027-01-01T07:00:00+07:00'), { frequency: 'monthly', timeZone: HCM })).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodBefore(at('2028-03-01T07:00:00+07:00'), { frequency: 'monthly', timeZone: HCM })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodBefore(at('2026-09-14T07:00:00+07:00'), { frequency: 'weekly', timeZone: HCM })).toEqual({ from: '2026-09-07', to: '2026-09-13' });
    // A retry on a Wednesday still reports the week before its own (Monday–Sunday).
    expect(periodBefore(at('2026-09-16T09:00:00+07:00'), { frequency: 'weekly', timeZone: HCM })).toEqual({ from: '2026-09-07', to: '2026-09-13' });
    expect(periodBefore(at('2028-03-01T00:30:00+07:00'), { frequency: 'daily', timeZone: HCM })).toEqual({ from: '2028-02-29', to: '2028-02-29' });
    // 00:30 in Buôn Ma Thuột is still the day before in UTC: the schedule's zone decides.
    expect(periodBefore(at('2026-08-01T00:30:00+07:00'), { frequency: 'monthly', timeZone: HCM })).toEqual({ from: '2026-07-01', to: '2026-07-31' });
  });
});

describe('scheduleRetryDelay', () => {
  it('5 minutes, doubling, at most 6 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => scheduleRetryDelay(n) / 60_000)).toEqual([5, 10, 20, 40, 80, 160, 320, 360, 360]);
  });
});
