// What a report is asked for, kept in the address so a report can be bookmarked and shared:
// ?from=YYYY-MM-DD&to=YYYY-MM-DD, then campaignId or playlistId (or neither: everything), then
// boardId repeated (or none: every board). Whole local days on the boards' clock; without a
// period in the address, this month so far.
import dayjs from 'dayjs';
import type { RequestOf } from '../../api/index.ts';
import type { API } from '../../api/index.ts';
import { DEFAULT_ZONE } from '../../components/format.ts';

export type Scope = 'all' | `campaign:${string}` | `playlist:${string}`;

export interface ReportParams {
  from: string;
  to: string;
  scope: Scope;
  /** Empty: every board. */
  boards: string[];
}

export type ReportApiQuery = NonNullable<RequestOf<typeof API.report>['query']>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today on the boards' clock, YYYY-MM-DD. */
export function today(): string {
  return dayjs().tz(DEFAULT_ZONE).format('YYYY-MM-DD');
}

export const PRESETS = ['thisMonth', 'lastMonth', 'last7', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

/** The period of a quick choice. A period that has not ended stops today (the rest is not known yet). */
export function presetPeriod(preset: Preset, now: string = today()): { from: string; to: string } {
  const d = dayjs(now, 'YYYY-MM-DD');
  const f = (x: dayjs.Dayjs) => x.format('YYYY-MM-DD');
  switch (preset) {
    case 'thisMonth':
      return { from: f(d.startOf('month')), to: now };
    case 'lastMonth': {
      const last = d.subtract(1, 'month');
      return { from: f(last.startOf('month')), to: f(last.endOf('month')) };
    }
    case 'last7':
      return { from: f(d.subtract(6, 'day')), to: now };
    case 'thisYear':
      return { from: f(d.startOf('year')), to: now };
  }
}

/** The quick choice a period is, if it is one. */
export function presetOf(p: { from: string; to: string }, now: string = today()): Preset | null {
  return PRESETS.find((k) => {
    const x = presetPeriod(k, now);
    return x.from === p.from && x.to === p.to;
  }) ?? null;
}

export function readParams(params: URLSearchParams): ReportParams {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const period = DAY.test(from) || DAY.test(to) ? { from, to } : presetPeriod('thisMonth');
  const campaign = params.get('campaignId');
  const playlist = params.get('playlistId');
  const scope: Scope = campaign ? `campaign:${campaign}` : playlist ? `playlist:${playlist}` : 'all';
  return { ...period, scope, boards: params.getAll('boardId').filter(Boolean) };
}

export function toSearch(p: ReportParams): URLSearchParams {
  const s = new URLSearchParams({ from: p.from, to: p.to });
  const [kind, id] = splitScope(p.scope);
  if (kind === 'campaign') s.set('campaignId', id);
  if (kind === 'playlist') s.set('playlistId', id);
  for (const b of p.boards) s.append('boardId', b);
  return s;
}

export function splitScope(scope: Scope): ['all', ''] | ['campaign' | 'playlist', string] {
  if (scope === 'all') return ['all', ''];
  const i = scope.indexOf(':');
  return [scope.slice(0, i) as 'campaign' | 'playlist', scope.slice(i + 1)];
}

/** The API's query (the same one the export links carry). */
export function apiQuery(p: ReportParams): ReportApiQuery {
  const [kind, id] = splitScope(p.scope);
  return {
    from: p.from,
    to: p.to,
    ...(kind === 'campaign' ? { campaignId: id } : {}),
    ...(kind === 'playlist' ? { playlistId: id } : {}),
    ...(p.boards.length ? { boardId: p.boards } : {}),
  };
}
