// The next 48 hours of one board as rows of coloured segments — what plays now, and what would play
// once the change is approved — on the same time axis, in the board's time zone. Each segment says
// in words what it is (layer, time, schedule entries) to a screen reader and in its tooltip.
import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../api/index.ts';
import type { API } from '../../api/index.ts';
import { formatDateTime, formatTime, zoneOffset } from '../../components/format.ts';

export type Segment = ResponseOf<typeof API.previewChange>['timeline']['current'][number];

const LAYER_COLOURS: Record<string, string> = {
  emergency: 'var(--mantine-color-orange-6)',
  interrupt: 'var(--mantine-color-grape-6)',
  campaign: 'var(--mantine-color-blue-6)',
  default: 'var(--mantine-color-teal-6)',
};
const BLACK = 'var(--mantine-color-dark-7)';
const HOURS = 48;

function colourOf(s: Segment): string {
  return s.kind === 'black' ? BLACK : (LAYER_COLOURS[s.layer] ?? 'var(--mantine-color-gray-6)');
}

export function TimelineRows({ rows, from, zone, entryNames }: { rows: { label: string; segments: Segment[]; testId?: string }[]; from: number; zone: string; entryNames: Map<string, string> }) {
  const { t } = useTranslation('approvals');
  const { t: tc } = useTranslation();
  const to = from + HOURS * 3_600_000;
  const span = to - from;
  // Ticks every 6 hours on the board's clock.
  const ticks: number[] = [];
  const firstHour = Math.ceil(from / 3_600_000) * 3_600_000;
  // Not at the very ends: a label there would stick out of the page.
  for (let at = firstHour; at < to; at += 3_600_000) if (Number(formatTime(at, zone).slice(0, 2)) % 6 === 0 && at - from > span * 0.04 && to - at > span * 0.04) ticks.push(at);

  const describe = (s: Segment) => {
    const when = `${formatDateTime(s.from, zone)} – ${formatDateTime(s.to, zone)}`;
    if (s.kind === 'black') return `${t('timeline.black', { reason: t(`timeline.reasons.${s.reason}`) })}: ${when}`;
    const layer = tc(`layers.${s.layer}`);
    const entries = s.entryIds.map((id) => entryNames.get(id) ?? id).join(', ');
    return `${layer}: ${when}${entries ? ` · ${entries}` : ''} · ${t('timeline.items', { count: s.items.length })}`;
  };

  return (
    <Stack gap={6}>
      {rows.map((row) => (
        <div key={row.label}>
          <Text size="xs" fw={600} mb={2}>
            {row.label}
          </Text>
          <Box component="ul" aria-label={row.label} data-testid={row.testId} style={{ position: 'relative', height: 28, margin: 0, padding: 0, listStyle: 'none', background: 'var(--mantine-color-gray-1)', borderRadius: 4, overflow: 'hidden' }}>
            {row.segments.map((s, i) => {
              const a = Math.max(Date.parse(s.from), from);
              const b = Math.min(Date.parse(s.to), to);
              if (b <= a) return null;
              const text = describe(s);
              return (
                <Tooltip key={`${s.from}-${i}`} label={text} multiline w={300} withArrow>
                  <li
                    tabIndex={0}
                    aria-label={text}
                    data-layer={s.kind === 'play' ? s.layer : 'black'}
                    style={{ position: 'absolute', top: 0, bottom: 0, left: `${((a - from) / span) * 100}%`, width: `${((b - a) / span) * 100}%`, background: colourOf(s), borderRight: '1px solid var(--mantine-color-white)' }}
                  />
                </Tooltip>
              );
            })}
          </Box>
        </div>
      ))}
      <Box style={{ position: 'relative', height: 16 }} aria-hidden>
        {ticks.map((at) => (
          <Text key={at} size="10px" c="dimmed" style={{ position: 'absolute', left: `${((at - from) / span) * 100}%`, transform: 'translateX(-50%)', whiteSpace: 'nowrap' }}>
            {formatTime(at, zone) === '00:00' ? formatDateTime(at, zone).slice(0, 5) : formatTime(at, zone)}
          </Text>
        ))}
      </Box>
      <Group gap="md" wrap="wrap">
        {(['emergency', 'interrupt', 'campaign', 'default'] as const).map((l) => (
          <Group key={l} gap={4} wrap="nowrap">
            <Box w={12} h={12} style={{ background: LAYER_COLOURS[l], borderRadius: 2 }} aria-hidden />
            <Text size="xs">{tc(`layers.${l}`)}</Text>
          </Group>
        ))}
        <Group gap={4} wrap="nowrap">
          <Box w={12} h={12} style={{ background: BLACK, borderRadius: 2 }} aria-hidden />
          <Text size="xs">{t('timeline.blackLegend')}</Text>
        </Group>
        <Text size="xs" c="dimmed">
          {tc('time.zone', { zone: zoneOffset(zone) })}
        </Text>
      </Group>
    </Stack>
  );
}
