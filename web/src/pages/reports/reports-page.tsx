// The campaign report (Công văn 853's reporting duty): for a period, a campaign, a playlist or
// everything, and every board or a few — the totals, airtime per day per board, how the boards'
// time was spent, a table per board with the DOCX's columns, the slides shown, and the exports
// (the DOCX in the Nghị định 30/2020 layout, PDF, CSV) as plain links the browser downloads with
// the session cookie. The query lives in the address, so a report can be bookmarked and shared.
// Admins also edit the DOCX's letterhead here, and the reports mailed on a schedule (schedules.tsx).
import { Alert, Anchor, Button, Card, Chip, Group, Loader, MultiSelect, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { IconChartBar, IconFileTypeCsv, IconFileTypeDocx, IconFileTypePdf, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { urlOf } from '@playlists/api/endpoint.ts';
import type { Report, ReportFormat } from '@playlists/api/reports.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { DEFAULT_ZONE, formatDateTime, zoneOffset } from '../../components/format.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { BoardTables } from './board-tables.tsx';
import type { Format } from './format.ts';
import { useFormat } from './format.ts';
import { LetterheadButton } from './letterhead.tsx';
import type { Preset, ReportParams, Scope } from './query.ts';
import { apiQuery, presetOf, presetPeriod, PRESETS, readParams, splitScope, toSearch } from './query.ts';
import { ReportSchedules } from './schedules.tsx';
import { SlidesList } from './slides-list.tsx';

// recharts is the largest part of the page: it loads after the figures are on screen.
const ReportCharts = lazy(() => import('./charts.tsx'));

export default function ReportsPage() {
  const { t } = useTranslation('reports');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const applied = readParams(params);
  const query = apiQuery(applied);
  const report = useQuery({
    queryKey: ['report', query],
    queryFn: () => call(API.report, { query }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const fmt = useFormat();
  const apply = (p: ReportParams) => setParams(toSearch(p));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('subtitle')} />
        {can('reports.manage') && <LetterheadButton />}
      </Group>

      <QueryForm key={params.toString()} applied={applied} error={report.error} onApply={apply} />

      {report.isPending && (
        <Group gap="xs" aria-busy="true">
          <Loader size="sm" aria-label={t('loading')} />
          <Text size="sm">{t('loading')}</Text>
        </Group>
      )}
      {report.error && !report.data && <ErrorAlert error={report.error} title={t('error')} />}
      {report.data && <ReportView report={report.data} fmt={fmt} exports={(format) => urlOf(API.exportReport, undefined, { ...query, format })} updating={report.isPlaceholderData} onApply={apply} applied={applied} />}

      <ReportSchedules />
    </Stack>
  );
}

/** The form: the period (with quick choices), the scope, the boards. Applied to the address. */
function QueryForm({ applied, error, onApply }: { applied: ReportParams; error: unknown; onApply: (p: ReportParams) => void }) {
  const { t } = useTranslation('reports');
  const [f, setF] = useState<ReportParams>(applied);
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => call(API.listCampaigns) });
  const playlists = useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists) });
  const boards = useQuery({ queryKey: ['boards'], queryFn: () => call(API.listBoards) });
  const fieldError = useFieldError(error);
  const parse = (v: string) => {
    const d = dayjs(v.trim(), ['DD/MM/YYYY', 'D/M/YYYY', 'YYYY-MM-DD'], true);
    return d.isValid() ? d.format('YYYY-MM-DD') : null;
  };
  const preset = presetOf(f);
  const phone = useMediaQuery('(max-width: 62em)');

  const scopeData = [
    { group: t('form.scopeAllGroup'), items: [{ value: 'all', label: t('form.scopeAll') }] },
    ...(campaigns.data?.length ? [{ group: t('form.campaigns'), items: campaigns.data.map((c) => ({ value: `campaign:${c.id}`, label: c.name })) }] : []),
    ...(playlists.data?.length ? [{ group: t('form.playlists'), items: playlists.data.map((p) => ({ value: `playlist:${p.id}`, label: p.name })) }] : []),
  ];
  // A scope in the address that the lists no longer hold (a deleted playlist) is still offered, by its id.
  const [kind, id] = splitScope(f.scope);
  if (kind !== 'all' && !scopeData.some((g) => g.items.some((i) => i.value === f.scope))) {
    scopeData.push({ group: kind === 'campaign' ? t('form.campaigns') : t('form.playlists'), items: [{ value: f.scope, label: id }] });
  }
  const boardData = (boards.data ?? []).map((b) => ({ value: b.id, label: b.name }));
  for (const b of f.boards) if (!boardData.some((x) => x.value === b)) boardData.push({ value: b, label: b });

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-label={t('form.title')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f);
      }}
    >
      <Stack gap="sm">
        <Chip.Group
          value={preset ?? ''}
          onChange={(v) => {
            const next = { ...f, ...presetPeriod(v as Preset) };
            setF(next);
            onApply(next);
          }}
        >
          <Group gap="xs" role="group" aria-label={t('form.quick')}>
            {PRESETS.map((p) => (
              <Chip key={p} value={p} size="sm" variant="outline">
                {t(`presets.${p}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm" verticalSpacing="sm" style={{ alignItems: 'end' }}>
          <DateInput
            label={t('form.from')}
            description={t('form.dateHelp')}
            placeholder="dd/mm/yyyy"
            valueFormat="DD/MM/YYYY"
            dateParser={parse}
            value={f.from || null}
            onChange={(v) => setF((x) => ({ ...x, from: v ?? '' }))}
            error={fieldError('from')}
            required
          />
          <DateInput
            label={t('form.to')}
            description={t('form.dateHelp')}
            placeholder="dd/mm/yyyy"
            valueFormat="DD/MM/YYYY"
            dateParser={parse}
            value={f.to || null}
            onChange={(v) => setF((x) => ({ ...x, to: v ?? '' }))}
            error={fieldError('to')}
            required
          />
          <Select
            style={{ gridColumn: phone ? 'span 2' : undefined }}
            label={t('form.scope')}
            description={t('form.scopeHelp')}
            data={scopeData}
            value={f.scope}
            onChange={(v) => setF((x) => ({ ...x, scope: (v ?? 'all') as Scope }))}
            error={fieldError('campaignId') ?? fieldError('playlistId')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('form.nothingFound')}
          />
          <MultiSelect
            style={{ gridColumn: phone ? 'span 2' : undefined }}
            label={t('form.boards')}
            description={t('form.boardsHelp')}
            data={boardData}
            value={f.boards}
            onChange={(v) => setF((x) => ({ ...x, boards: v }))}
            placeholder={f.boards.length ? undefined : t('form.allBoards')}
            error={fieldError('boardId')}
            searchable
            clearable
            nothingFoundMessage={t('form.nothingFound')}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" leftSection={<IconChartBar size={16} />}>
            {t('form.submit')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('form.zone', { zone: zoneOffset(DEFAULT_ZONE) })}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

const EXPORTS: { format: ReportFormat; icon: ReactNode }[] = [
  { format: 'docx', icon: <IconFileTypeDocx size={16} /> },
  { format: 'pdf', icon: <IconFileTypePdf size={16} /> },
  { format: 'csv', icon: <IconFileTypeCsv size={16} /> },
];

function Stat({ id, label, value, note }: { id: string; label: string; value: string; note?: string }) {
  return (
    <Card withBorder p={{ base: 'xs', sm: 'sm' }} data-stat={id}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.3 }}>
        {label}
      </Text>
      <Text fz={{ base: 18, sm: 22 }} fw={700} lh={1.3} mt={4} data-value style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed" mt={2}>
          {note}
        </Text>
      )}
    </Card>
  );
}

function scopeText(report: Report, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (report.scope.kind === 'campaign') return t('scope.campaign', { name: report.scope.name ?? report.scope.id });
  if (report.scope.kind === 'playlist') return t('scope.playlist', { name: report.scope.name ?? report.scope.id });
  return t('scope.all');
}

function ReportView({ report, fmt, exports, updating, applied, onApply }: { report: Report; fmt: Format; exports: (f: ReportFormat) => string; updating: boolean; applied: ReportParams; onApply: (p: ReportParams) => void }) {
  const { t } = useTranslation('reports');
  const tot = report.totals;
  const empty = tot.showings === 0;
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Stack gap="lg" component="section" aria-labelledby="report-title" aria-busy={updating} style={{ opacity: updating ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3" id="report-title">
            {t('report.title', { from: fmt.day(report.period.from), to: fmt.day(report.period.to) })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('report.scopeLine', { scope: scopeText(report, t), boards: fmt.int(report.boards.length), days: fmt.int(report.period.days), count: report.period.days })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('report.generated', { at: formatDateTime(report.generatedAt, DEFAULT_ZONE) })}
          </Text>
        </div>
        <Group gap="xs" role="group" aria-label={t('export.title')}>
          {EXPORTS.map((e) => (
            <Button key={e.format} component="a" href={exports(e.format)} download variant={e.format === 'docx' ? 'filled' : 'light'} leftSection={phone ? undefined : e.icon} data-export={e.format} title={t(`export.${e.format}Help`)}>
              {phone && e.format === 'docx' ? t('export.docxShort') : t(`export.${e.format}`)}
            </Button>
          ))}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="totals">
        <Stat id="showings" label={t('stats.showings')} value={fmt.int(tot.showings)} />
        <Stat id="airtime" label={t('stats.airtime')} value={fmt.duration(tot.airtimeMs)} />
        <Stat id="share" label={t('stats.share')} value={fmt.share(tot.share)} note={t('stats.shareNote', { lit: fmt.duration(tot.litMs) })} />
        <Stat id="emergencies" label={t('stats.emergencies')} value={fmt.int(tot.emergencies)} note={tot.emergencyMs > 0 ? t('stats.emergencyNote', { time: fmt.duration(tot.emergencyMs) }) : undefined} />
        <Stat id="online" label={t('stats.online')} value={fmt.duration(tot.onlineMs)} />
        <Stat id="offline" label={t('stats.offline')} value={fmt.duration(tot.offlineMs + tot.staleMs)} note={tot.staleMs > 0 ? t('stats.staleNote', { time: fmt.duration(tot.staleMs) }) : undefined} />
        <Stat id="dark" label={t('stats.dark')} value={fmt.duration(tot.darkMs)} />
        <Stat id="unknown" label={t('stats.unknown')} value={fmt.duration(tot.unknownMs)} note={t('stats.unknownNote')} />
      </SimpleGrid>

      {empty && <EmptyReport report={report} applied={applied} onApply={onApply} />}

      <Suspense
        fallback={
          <Group gap="xs">
            <Loader size="sm" aria-label={t('charts.loading')} />
          </Group>
        }
      >
        <ReportCharts report={report} fmt={fmt} withAirtime={!empty} />
      </Suspense>

      {!empty && report.boards.length > 0 && <BoardTables key={`${report.period.from}-${report.period.to}-${report.boards.length}`} boards={report.boards} fmt={fmt} />}
      {report.slides.length > 0 && <SlidesList slides={report.slides} fmt={fmt} airtimeMs={tot.airtimeMs} />}
    </Stack>
  );
}

/** No showing in the period: said in words, with what to change (and one click to do it). */
function EmptyReport({ report, applied, onApply }: { report: Report; applied: ReportParams; onApply: (p: ReportParams) => void }) {
  const { t } = useTranslation('reports');
  const suggestions: { key: string; action?: () => void; label?: string }[] = [];
  if (applied.scope !== 'all') suggestions.push({ key: 'scope', action: () => onApply({ ...applied, scope: 'all' }), label: t('empty.allContent') });
  if (applied.boards.length) suggestions.push({ key: 'boards', action: () => onApply({ ...applied, boards: [] }), label: t('empty.allBoards') });
  if (presetOf(applied) !== 'thisYear') suggestions.push({ key: 'period', action: () => onApply({ ...applied, ...presetPeriod('thisYear') }), label: t('empty.thisYear') });
  suggestions.push({ key: 'boardsOnline' });
  return (
    <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} />} title={t('empty.title')} data-testid="report-empty">
      <Stack gap="xs">
        <Text size="sm">{report.boards.length === 0 ? t('empty.noBoards') : t('empty.text', { from: report.period.from.split('-').reverse().join('/'), to: report.period.to.split('-').reverse().join('/') })}</Text>
        <Text size="sm">{t('empty.try')}</Text>
        <Stack gap={4} component="ul" m={0} pl="lg">
          {suggestions.map((s) => (
            <Text key={s.key} component="li" size="sm">
              {t(`empty.suggest.${s.key}`)}
              {s.action && (
                <>
                  {' '}
                  <Anchor component="button" type="button" size="sm" onClick={s.action} fw={600} c="red.9" underline="always">
                    {s.label}
                  </Anchor>
                </>
              )}
            </Text>
          ))}
        </Stack>
      </Stack>
    </Alert>
  );
}
