// "What shows at …": any minute of the manifest's 48-hour horizon, chosen with a slider, a date
// and time, or a click on the strip of segments; the picture and the layer at that instant are
// computed here with the player's own timeline over the very manifest the board plays.
import { Badge, Button, Card, Group, SimpleGrid, Slider, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Manifest, Segment } from '@playlists/manifest.ts';
import { brightnessAt, showAt } from '@playlists/timeline.ts';
import { formatDateTime, formatTime, zoneOffset } from '../../components/format.ts';
import { BoardPicture } from './board-picture.tsx';
import { LAYER_COLOURS } from './board-data.ts';

const MINUTE = 60_000;
const WALL_FORMAT = 'YYYY-MM-DD HH:mm:ss';

function segmentColour(s: Segment): string {
  return s.kind === 'black' ? LAYER_COLOURS.black! : (LAYER_COLOURS[s.layer] ?? LAYER_COLOURS.campaign!);
}

export function AtPanel({ board, manifest, now }: { board: BoardStatus; manifest: Manifest | undefined; now: number }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const zone = board.timeZone;
  /** The chosen instant; null follows the clock. */
  const [chosen, setChosen] = useState<number | null>(null);

  if (!manifest) {
    return (
      <Card withBorder padding="md" component="section" aria-labelledby="at-title">
        <Title order={2} size="h3" id="at-title" mb="sm">
          {t('at.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {board.delivery.version === null ? t('now.noManifest') : t('now.loading')}
        </Text>
      </Card>
    );
  }

  const first = Math.ceil(manifest.horizon.from / MINUTE) * MINUTE;
  const last = Math.max(first, Math.floor((manifest.horizon.to - 1) / MINUTE) * MINUTE);
  const clamp = (x: number) => Math.min(last, Math.max(first, x));
  // Following the clock, the instant is now to the second (the same picture as the live preview).
  const at = clamp(chosen ?? now);
  const shown = showAt(manifest, at);
  const segment = shown.segment;
  const span = manifest.horizon.to - manifest.horizon.from;
  const pct = (x: number) => `${Math.min(100, Math.max(0, ((x - manifest.horizon.from) / span) * 100))}%`;
  const label = (x: number) => `${formatDateTime(x, zone)} (${zoneOffset(zone, x)})`;

  // Marks at each midnight of the board's zone inside the horizon.
  const marks: { value: number; label: string }[] = [];
  for (let d = dayjs(first).tz(zone).startOf('day').add(1, 'day'); d.valueOf() <= last; d = d.add(1, 'day')) {
    marks.push({ value: Math.round((d.valueOf() - first) / MINUTE), label: d.format('DD/MM') });
  }

  const wall = (x: number) => dayjs(x).tz(zone).format(WALL_FORMAT);
  const fromWall = (v: string) => dayjs.tz(v, WALL_FORMAT, zone).valueOf();

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="at-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="at-title">
            {t('at.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('at.horizon', { from: formatDateTime(manifest.horizon.from, zone), to: formatDateTime(manifest.horizon.to, zone) })} · {tc('time.zone', { zone: `${zone} (${zoneOffset(zone, at)})` })}
          </Text>
        </Group>
        <Group align="flex-end" wrap="wrap" gap="sm">
          <DateTimePicker
            label={t('at.dateTime', { zone: zoneOffset(zone, at) })}
            value={wall(at)}
            onChange={(v) => v && setChosen(clamp(fromWall(v)))}
            valueFormat="DD/MM/YYYY HH:mm"
            minDate={wall(first)}
            maxDate={wall(last)}
            timePickerProps={{ format: '24h', hoursInputLabel: t('at.hours'), minutesInputLabel: t('at.minutes') }}
            submitButtonProps={{ 'aria-label': t('at.apply') }}
            w={{ base: '100%', xs: 240 }}
          />
          <Button variant="default" onClick={() => setChosen(null)} disabled={chosen === null}>
            {t('at.now')}
          </Button>
        </Group>
        <div>
          <Text size="sm" fw={600} mb={4} id="at-slider-label" data-testid="at-label" data-at={new Date(at).toISOString()}>
            {label(at)}
          </Text>
          <Slider
            min={0}
            max={Math.round((last - first) / MINUTE)}
            step={1}
            value={Math.floor((at - first) / MINUTE)}
            onChange={(v) => setChosen(first + v * MINUTE)}
            label={(v) => formatDateTime(first + v * MINUTE, zone)}
            thumbLabel={t('at.slider')}
            thumbValueText={(v) => label(first + v * MINUTE)}
            marks={marks}
            mb="lg"
          />
        </div>
        <TimelineStrip manifest={manifest} zone={zone} at={at} now={now} pct={pct} onPick={(x) => setChosen(clamp(x))} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <BoardPicture width={board.width} height={board.height} shown={shown} t={at} maxWidth={560} alt={t('at.alt', { name: board.name, at: label(at) })} testId="at-picture" />
          <Stack gap={6} data-testid="at-details">
            {shown.item ? (
              <>
                <Group gap="xs" wrap="wrap">
                  <Badge
                    variant="default"
                    tt="none"
                    leftSection={<span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: segment ? segmentColour(segment) : LAYER_COLOURS.fallback }} />}
                    data-layer={segment?.kind === 'play' ? segment.layer : 'fallback'}
                  >
                    {segment?.kind === 'play' ? tc(`layers.${segment.layer}`) : t('layer.fallback')}
                  </Badge>
                  <Text size="sm">{t('now.showing', { slide: shown.item.slideId })}</Text>
                </Group>
                {segment?.kind === 'play' && (
                  <>
                    <Text size="sm">{t('at.segment', { from: formatDateTime(segment.from, zone), to: formatDateTime(segment.to, zone) })}</Text>
                    <Text size="sm">{t('at.entries', { list: segment.entryIds.join(', ') })}</Text>
                  </>
                )}
                {!segment && <Text size="sm">{t('at.fallbackNote')}</Text>}
              </>
            ) : (
              <>
                <Group gap="xs">
                  <Badge variant="default" tt="none" leftSection={<span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: LAYER_COLOURS.black }} />} data-layer="black">
                    {tc('live.black')}
                  </Badge>
                  <Text size="sm">{t(`black.${segment?.kind === 'black' ? segment.reason : 'nothing-scheduled'}`)}</Text>
                </Group>
                {segment && <Text size="sm">{t('at.segment', { from: formatDateTime(segment.from, zone), to: formatDateTime(segment.to, zone) })}</Text>}
              </>
            )}
            <Text size="sm">{t('at.brightness', { level: brightnessAt(manifest, at) })}</Text>
            {Number.isFinite(shown.nextChangeAt) && <Text size="sm">{t('at.nextChange', { at: formatTime(shown.nextChangeAt, zone, true) })}</Text>}
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** The horizon's segments as a strip, one colour per layer, black grey; a click jumps there. */
function TimelineStrip({ manifest, zone, at, now, pct, onPick }: { manifest: Manifest; zone: string; at: number; now: number; pct: (x: number) => string; onPick: (x: number) => void }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const span = manifest.horizon.to - manifest.horizon.from;
  const name = (s: Segment) => (s.kind === 'black' ? `${tc('live.black')} — ${t(`black.${s.reason}`)}` : tc(`layers.${s.layer}`));
  const used = new Set(manifest.segments.map((s) => (s.kind === 'black' ? 'black' : s.layer)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600} id="strip-label">
        {t('at.strip')}
      </Text>
      <div style={{ position: 'relative' }}>
        <div role="group" aria-labelledby="strip-label" style={{ display: 'flex', height: 28, borderRadius: 4, overflow: 'hidden', outline: '1px solid var(--mantine-color-gray-4)' }}>
          {manifest.segments.length === 0 && (
            <Text size="xs" c="dimmed" p={4}>
              {t('at.noSegments')}
            </Text>
          )}
          {manifest.segments.map((s) => {
            const from = Math.max(s.from, manifest.horizon.from);
            const to = Math.min(s.to, manifest.horizon.to);
            const text = `${name(s)}: ${formatDateTime(s.from, zone)} – ${formatDateTime(s.to, zone)}`;
            return (
              <Tooltip key={`${s.from}-${s.kind}`} label={text} withArrow>
                <UnstyledButton
                  aria-label={text}
                  onClick={() => onPick(s.from)}
                  data-segment={s.kind === 'black' ? 'black' : s.layer}
                  style={{ flex: `${Math.max(0, to - from) / span} 1 0`, minWidth: 3, background: segmentColour(s), borderRight: '1px solid rgba(255,255,255,0.6)' }}
                />
              </Tooltip>
            );
          })}
        </div>
        <div aria-hidden style={{ position: 'absolute', top: -4, bottom: -4, left: pct(at), width: 3, marginLeft: -1, background: 'var(--mantine-color-dark-7)', borderRadius: 2, pointerEvents: 'none' }} />
        <div aria-hidden style={{ position: 'absolute', top: -4, bottom: -4, left: pct(now), width: 0, borderLeft: '2px dashed var(--mantine-color-red-7)', pointerEvents: 'none' }} />
      </div>
      <Group gap="md" wrap="wrap">
        {(['emergency', 'interrupt', 'campaign', 'default', 'black'] as const)
          .filter((k) => used.has(k))
          .map((k) => (
            <Group key={k} gap={4} wrap="nowrap">
              <span aria-hidden style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 2, background: LAYER_COLOURS[k] }} />
              <Text size="xs">{k === 'black' ? tc('live.black') : tc(`layers.${k}`)}</Text>
            </Group>
          ))}
        <Group gap={4} wrap="nowrap">
          <span aria-hidden style={{ display: 'inline-block', width: 0, height: 12, borderLeft: '2px dashed var(--mantine-color-red-7)' }} />
          <Text size="xs">{t('at.nowMark')}</Text>
        </Group>
        <Group gap={4} wrap="nowrap">
          <span aria-hidden style={{ display: 'inline-block', width: 3, height: 12, background: 'var(--mantine-color-dark-7)' }} />
          <Text size="xs">{t('at.chosenMark')}</Text>
        </Group>
      </Group>
    </Stack>
  );
}
