// The reports page's pure parts: the address ↔ query round trip (boards repeated, a campaign or a
// playlist), the quick choices of period, the URLs the contract's urlOf makes for it (a repeated
// parameter, a path parameter with digits in its name), and Vietnamese figures as the DOCX prints them.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { describe, expect, it } from 'vitest';
import { urlOf } from '../../playlists/api/endpoint.ts';
import { API } from '../../playlists/api/index.ts';
import { formatClock, formatInt, formatShare, sumUnits, unitsOf } from '../../web/src/pages/reports/format.ts';
import { apiQuery, presetOf, presetPeriod, readParams, toSearch } from '../../web/src/pages/reports/query.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

describe('the report query in the address', () => {
  it('round-trips the period, the scope and the boards, and gives the API the same', () => {
    const p = readParams(new URLSearchParams('from=2026-07-01&to=2026-07-31&campaignId=hien-ke-2020&boardId=a&boardId=b'));
    expect(p).toEqual({ from: '2026-07-01', to: '2026-07-31', scope: 'campaign:hien-ke-2020', boards: ['a', 'b'] });
    expect(toSearch(p).toString()).toBe('from=2026-07-01&to=2026-07-31&campaignId=hien-ke-2020&boardId=a&boardId=b');
    expect(apiQuery(p)).toEqual({ from: '2026-07-01', to: '2026-07-31', campaignId: 'hien-ke-2020', boardId: ['a', 'b'] });
    expect(apiQuery(readParams(new URLSearchParams('from=2026-07-01&to=2026-07-02&playlistId=p1')))).toEqual({ from: '2026-07-01', to: '2026-07-02', playlistId: 'p1' });
  });

  it('offers this month, last month, the last 7 days and this year, stopping today', () => {
    expect(presetPeriod('thisMonth', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(presetPeriod('lastMonth', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('last7', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(presetPeriod('thisYear', '2026-03-15')).toEqual({ from: '2026-01-01', to: '2026-03-15' });
    expect(presetOf({ from: '2026-02-01', to: '2026-02-28' }, '2026-03-15')).toBe('lastMonth');
    expect(presetOf({ from: '2026-02-02', to: '2026-02-28' }, '2026-03-15')).toBeNull();
  });

  it('makes the export and thumbnail URLs the routes read', () => {
    expect(urlOf(API.exportReport, undefined, { from: '2026-07-01', to: '2026-07-31', boardId: ['a', 'b'], format: 'docx' })).toBe('/api/reports/export?from=2026-07-01&to=2026-07-31&boardId=a&boardId=b&format=docx');
    expect(urlOf(API.reportThumbnail, { sha256: 'f'.repeat(64) })).toBe(`/api/reports/thumbnails/${'f'.repeat(64)}`);
  });
});

describe('figures as the page writes them', () => {
  it('groups thousands and writes a decimal comma in Vietnamese, and the other way in English', () => {
    expect(formatInt(1234567, 'vi')).toBe('1.234.567');
    expect(formatInt(1234567, 'en')).toBe('1,234,567');
    expect(formatShare(0.125, 'vi')).toBe('12,5%');
    expect(formatShare(0.125, 'en')).toBe('12.5%');
    expect(formatClock(3 * 3600 + 4 * 60 + 5, 'vi')).toBe('3:04:05');
    expect(formatClock(200 * 3600, 'vi')).toBe('200:00:00');
  });

  it('sums a board’s rows as printed, as the DOCX does', () => {
    const f = { showings: 1, airtimeMs: 1_400, litMs: 2_000, share: 0.7, onlineMs: 3 * 60_000, staleMs: 0, offlineMs: 0, unknownMs: 0, darkMs: 0, emergencyMs: 0, emergencies: 0 };
    // Three rows of 3 minutes online print 0,1 h each (rounded tenths) and sum to 0,3 h.
    const total = sumUnits([unitsOf(f), unitsOf(f), unitsOf(f)]);
    expect(total).toMatchObject({ showings: 3, airtimeSeconds: 3, onlineTenths: 3 });
  });
});
