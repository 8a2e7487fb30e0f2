// The report's two charts, drawn with recharts (loaded with them, not with the page): airtime per
// day, stacked by board; and how the boards' time was spent (online and lit, dark, stale, offline,
// unknown), stacked per board — or per day when the report has a single board. Each chart is a
// picture with a one-sentence description for screen readers, and its figures as a table one
// button away (the text alternative, and the exact numbers for anyone).
import { Button, Card, Group, Stack, Table, Text, Title, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconTable, IconTableOff } from '@tabler/icons-react';
import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Report } from '@playlists/api/reports.ts';
import type { Format } from './format.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** More boards than this and the smallest are drawn together as "other boards". */
const MAX_SERIES = 8;
const BOARD_COLOURS = ['blue', 'teal', 'grape', 'orange', 'indigo', 'lime', 'pink', 'cyan', 'violet'] as const;

/** A chart, its description for screen readers, and its figures as a table one click away. */
function ChartFigure({ id, title, summary, chart, table }: { id: string; title: string; summary: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useTranslation('reports');
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <Card withBorder padding="md" component="figure" m={0} aria-labelledby={`${id}-title`} data-testid={id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
          <Title order={2} size="h4" id={`${id}-title`} component="figcaption">
            {title}
          </Title>
          <Button variant="subtle" size="compact-sm" leftSection={showTable ? <IconTableOff size={16} /> : <IconTable size={16} />} onClick={() => setShowTable((x) => !x)} aria-expanded={showTable} aria-controls={tableId}>
            {showTable ? t('charts.hideTable') : t('charts.showTable')}
          </Button>
        </Group>
        <div role="img" aria-label={summary}>
          {chart}
        </div>
        <div id={tableId}>{showTable && <Table.ScrollContainer minWidth={360}>{table}</Table.ScrollContainer>}</div>
      </Stack>
    </Card>
  );
}

/** Legend text in the page's text colour (a yellow series must not make yellow text). */
const legendText = (value: string) => <span style={{ color: 'var(--mantine-color-text)', fontSize: 13 }}>{value}</span>;
const tick = { fontSize: 12, fill: '#495057' };

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/** A board's name just above its bar, from the bar's left edge (phones). */
function NameAbove({ x, y, value }: { x?: number | string; y?: number | string; value?: unknown }) {
  return (
    <text x={Number(x)} y={Number(y) - 5} fontSize={12} fill={tick.fill}>
      {shorten(String(value ?? ''), 44)}
    </text>
  );
}

/** A board's name beside its bar on one line, shortened to fit (the full name is its tooltip and in the table). */
function NameTick({ x, y, payload, max }: { x?: number; y?: number; payload?: { value: string }; max: number }) {
  const name = payload?.value ?? '';
  const short = shorten(name, max);
  return (
    <text x={x} y={y} dx={-6} dy={4} textAnchor="end" fontSize={12} fill={tick.fill}>
      <title>{name}</title>
      {short}
    </text>
  );
}

export function AirtimeChart({ report, fmt }: { report: Report; fmt: Format }) {
  const { t } = useTranslation('reports');
  const theme = useMantineTheme();
  const phone = useMediaQuery('(max-width: 48em)');
  // The boards that showed something, most airtime first; past MAX_SERIES the rest are summed.
  const { series, rows } = useMemo(() => {
    const days = report.boards[0]?.days.map((d) => d.day) ?? [];
    const shown = report.boards.filter((b) => b.totals.airtimeMs > 0).sort((a, b) => b.totals.airtimeMs - a.totals.airtimeMs);
    const named = shown.length > MAX_SERIES ? shown.slice(0, MAX_SERIES - 1) : shown;
    const rest = shown.slice(named.length);
    const series = named.map((b, i) => ({ key: `b${i}`, name: b.boardName, colour: theme.colors[BOARD_COLOURS[i % BOARD_COLOURS.length]!]![7]! }));
    if (rest.length) series.push({ key: 'rest', name: t('charts.otherBoards', { count: rest.length }), colour: theme.colors.gray[6]! });
    const rows = days.map((day, i) => {
      const row: Record<string, number | string> = { day };
      named.forEach((b, k) => (row[`b${k}`] = b.days[i]!.airtimeMs));
      if (rest.length) row.rest = rest.reduce((n, b) => n + b.days[i]!.airtimeMs, 0);
      row.total = report.boards.reduce((n, b) => n + b.days[i]!.airtimeMs, 0);
      return row;
    });
    return { series, rows };
  }, [report, theme, t]);

  const max = Math.max(0, ...rows.map((r) => r.total as number));
  // Minutes on the axis while no day reaches two hours; hours beyond.
  const unit = max < 2 * HOUR ? MINUTE : HOUR;
  const unitName = unit === HOUR ? t('charts.unitHours') : t('charts.unitMinutes');
  const busiest = rows.reduce<Record<string, number | string> | null>((best, r) => (!best || (r.total as number) > (best.total as number) ? r : best), null);
  const summary = t('charts.airtimeSummary', {
    from: fmt.day(report.period.from),
    to: fmt.day(report.period.to),
    boards: fmt.int(series.length),
    total: fmt.duration(report.totals.airtimeMs),
    day: busiest ? fmt.day(busiest.day as string) : '',
    most: busiest ? fmt.duration(busiest.total as number) : '',
  });

  return (
    <ChartFigure
      id="chart-airtime"
      title={t('charts.airtimeTitle')}
      summary={summary}
      chart={
        <ResponsiveContainer width="100%" height={phone ? 260 : 300}>
          <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => fmt.day(d, true)} tick={tick} minTickGap={12} />
            <YAxis
              tickFormatter={(v: number) => fmt.decimal(v / unit, unit === HOUR && max < 10 * HOUR ? 1 : 0)}
              tick={tick}
              width={phone ? 40 : 56}
              label={{ value: unitName, angle: -90, position: 'insideLeft', style: { ...tick, textAnchor: 'middle' } }}
            />
            <Tooltip formatter={(v) => fmt.duration(Number(v))} labelFormatter={(d) => fmt.day(String(d))} />
            <Legend formatter={legendText} itemSorter={null} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="airtime" fill={s.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <Table striped withTableBorder verticalSpacing={4} fz="sm" aria-label={t('charts.airtimeTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('table.day')}</Table.Th>
              {series.map((s) => (
                <Table.Th key={s.key} scope="col" ta="right">
                  {s.name}
                </Table.Th>
              ))}
              <Table.Th scope="col" ta="right">
                {t('table.total')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.day as string}>
                <Table.Th scope="row" fw={400}>
                  {fmt.day(r.day as string)}
                </Table.Th>
                {series.map((s) => (
                  <Table.Td key={s.key} ta="right">
                    {fmt.duration(r[s.key] as number)}
                  </Table.Td>
                ))}
                <Table.Td ta="right" fw={600}>
                  {fmt.duration(r.total as number)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

type UptimeKey = 'lit' | 'dark' | 'stale' | 'offline' | 'unknown';
const UPTIME_KEYS: UptimeKey[] = ['lit', 'dark', 'stale', 'offline', 'unknown'];

export function UptimeChart({ report, fmt }: { report: Report; fmt: Format }) {
  const { t } = useTranslation('reports');
  const theme = useMantineTheme();
  const phone = useMediaQuery('(max-width: 48em)');
  const colours: Record<UptimeKey, string> = { lit: theme.colors.green[7]!, dark: theme.colors.dark[6]!, stale: theme.colors.yellow[5]!, offline: theme.colors.red[7]!, unknown: theme.colors.gray[3]! };
  // Per board; a report on one board is shown per day instead.
  const perDay = report.boards.length === 1;
  const parts = perDay ? report.boards[0]!.days.map((d) => ({ label: d.day, f: d })) : report.boards.map((b) => ({ label: b.boardName, f: b.totals }));
  const rows = parts.map(({ label, f }) => {
    const ms: Record<UptimeKey, number> = { lit: f.onlineMs - f.darkMs, dark: f.darkMs, stale: f.staleMs, offline: f.offlineMs, unknown: f.unknownMs };
    const whole = UPTIME_KEYS.reduce((n, k) => n + ms[k], 0);
    // Shares of the time elapsed, so every bar spans the same width whatever the board's history.
    const row: Record<string, number | string> = { label };
    for (const k of UPTIME_KEYS) {
      row[k] = whole > 0 ? (ms[k] / whole) * 100 : 0;
      row[`${k}Ms`] = ms[k];
    }
    return row;
  });
  const total = report.totals;
  const summary = t('charts.uptimeSummary', {
    what: perDay ? t('charts.perDay', { board: report.boards[0]!.boardName }) : t('charts.perBoard', { count: report.boards.length }),
    online: fmt.duration(total.onlineMs),
    dark: fmt.duration(total.darkMs),
    disconnected: fmt.duration(total.staleMs + total.offlineMs),
    unknown: fmt.duration(total.unknownMs),
  });
  const label = (s: string) => fmt.day(s, true);
  // On a phone a board's name goes above its bar (beside it there is no room).
  const namesAbove = phone && !perDay;
  const bars = UPTIME_KEYS.map((k, i) => (
    <Bar key={k} dataKey={k} name={t(`uptime.${k}`)} stackId="uptime" fill={colours[k]} isAnimationActive={false} barSize={namesAbove ? 14 : undefined}>
      {namesAbove && i === 0 && <LabelList dataKey="label" content={<NameAbove />} />}
    </Bar>
  ));
  const tooltip = (
    <Tooltip
      formatter={(v, _name, item) => {
        const key = String(item.dataKey) as UptimeKey;
        return `${fmt.duration(Number((item.payload as Record<string, number>)[`${key}Ms`]))} (${fmt.share(Number(v) / 100)})`;
      }}
      labelFormatter={(l) => (perDay ? fmt.day(String(l)) : String(l))}
    />
  );
  const percentAxis = { type: 'number' as const, domain: [0, 100], ticks: [0, 25, 50, 75, 100], tickFormatter: (v: number) => `${v}%`, tick };

  return (
    <ChartFigure
      id="chart-uptime"
      title={perDay ? t('charts.uptimeTitleDays') : t('charts.uptimeTitle')}
      summary={summary}
      chart={
        perDay ? (
          <ResponsiveContainer width="100%" height={phone ? 240 : 280}>
            <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tickFormatter={label} tick={tick} minTickGap={12} />
              <YAxis {...percentAxis} width={phone ? 48 : 60} />
              {tooltip}
              <Legend formatter={legendText} itemSorter={null} />
              {bars}
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(160, rows.length * (namesAbove ? 46 : 40) + 90)}>
            <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: namesAbove ? 16 : 8, right: 20, bottom: 0, left: namesAbove ? 12 : 0 }} barCategoryGap="25%">
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis {...percentAxis} />
              <YAxis type="category" dataKey="label" tick={<NameTick max={34} />} width={240} interval={0} hide={namesAbove} />
              {tooltip}
              <Legend formatter={legendText} itemSorter={null} />
              {bars}
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        <Table striped withTableBorder verticalSpacing={4} fz="sm" aria-label={perDay ? t('charts.uptimeTitleDays') : t('charts.uptimeTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{perDay ? t('table.day') : t('table.board')}</Table.Th>
              {UPTIME_KEYS.map((k) => (
                <Table.Th key={k} scope="col" ta="right">
                  {t(`uptime.${k}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.label as string}>
                <Table.Th scope="row" fw={400}>
                  {perDay ? fmt.day(r.label as string) : (r.label as string)}
                </Table.Th>
                {UPTIME_KEYS.map((k) => (
                  <Table.Td key={k} ta="right">
                    <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {fmt.duration(r[`${k}Ms`] as number)}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      ({fmt.share((r[k] as number) / 100)})
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

export default function ReportCharts({ report, fmt, withAirtime }: { report: Report; fmt: Format; withAirtime: boolean }) {
  return (
    <Stack gap="lg">
      {withAirtime && <AirtimeChart report={report} fmt={fmt} />}
      {report.boards.length > 0 && <UptimeChart report={report} fmt={fmt} />}
    </Stack>
  );
}
