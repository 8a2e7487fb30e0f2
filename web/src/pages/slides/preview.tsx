// The live preview: the slide drawn by the controller at the exact pixel size of every board it
// plays on, each with its legibility in words (capital height in cm, reading distance, time to
// read) and the warnings. Scrolling text moves across a board-sized frame; a clock, which the
// player draws itself, is shown in its colours with the board's time.
import { ActionIcon, Alert, Box, Card, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import type { QueryFunctionContext } from '@tanstack/react-query';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideInput } from '@playlists/slide.ts';
import { resolveStyle } from '@playlists/slide.ts';
import { BoardFrame } from '../../components/board-frame.tsx';
import { errorText } from '../../components/api-error.tsx';
import { useNow } from '../../components/now.ts';
import type { StyleForm } from './form.ts';
import { isFieldRefusal } from './refusals.tsx';
import type { Drawn, Legibility, Target } from './render.ts';
import { previewSaved, renderDraft } from './render.ts';

/** How a target is drawn: the draft being typed (editors), or the saved slide (everyone else). */
export type Source = { kind: 'draft'; slide: SlideInput | null } | { kind: 'saved'; id: string };

export function drawQuery(target: Target, source: Source) {
  const key = source.kind === 'draft' ? ['slide-render', target.key, source.slide ? JSON.stringify(source.slide) : null] : ['slide-preview', source.id, target.key];
  return {
    queryKey: key,
    queryFn: ({ signal }: QueryFunctionContext) => (source.kind === 'draft' ? renderDraft(source.slide!, target, signal) : previewSaved(source.id, target, true, signal)),
    enabled: source.kind === 'saved' || source.slide !== null,
    staleTime: Infinity,
    gcTime: 2 * 60_000,
    retry: false,
  };
}

export function targetLabel(target: Target, t: (k: string, o?: Record<string, unknown>) => string): string {
  return target.name ? `${target.name} · ${target.width} × ${target.height} px` : t('preview.sizeOnly', { w: target.width, h: target.height });
}

export function PreviewCard({ target, source, clock, scrollSpeed, waiting }: { target: Target; source: Source; clock: { style: StyleForm; showDate: boolean } | null; scrollSpeed: number | null; waiting: string }) {
  const { t } = useTranslation('slides');
  const options = drawQuery(target, source);
  const q = useQuery({ ...options, enabled: !clock && options.enabled, placeholderData: keepPreviousData });
  const label = targetLabel(target, t);
  const alt = t('preview.alt', { board: label });
  let frame;
  if (clock) frame = <ClockFrame target={target} style={clock.style} showDate={clock.showDate} />;
  else if (q.data && q.data.width > target.width) frame = <ScrollFrame target={target} drawn={q.data} speed={scrollSpeed ?? 80} alt={alt} />;
  else frame = <BoardFrame width={target.width} height={target.height} src={q.data?.src ?? null} alt={alt} label={q.isFetching ? t('preview.drawing') : q.error ? t('preview.notDrawn') : waiting} />;

  return (
    <Card withBorder padding="sm" data-preview={target.key} data-board={target.boardId ?? undefined} aria-busy={q.isFetching || undefined}>
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={6}>
        <Text size="sm" fw={700} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {label}
        </Text>
        {q.isFetching && <Loader size="xs" aria-label={t('preview.drawing')} />}
      </Group>
      <Box style={{ opacity: q.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>{frame}</Box>
      <Stack gap={6} mt="xs">
        {clock ? (
          <Text size="sm" c="dimmed">
            {t('preview.clockNote')}
          </Text>
        ) : q.error ? (
          isFieldRefusal(q.error) ? (
            <Text size="sm" c="red.8">
              {t('preview.seeField')}
            </Text>
          ) : (
            <PreviewError error={q.error} />
          )
        ) : q.data ? (
          <LegibilityWords report={q.data.legibility} />
        ) : null}
      </Stack>
    </Card>
  );
}

function PreviewError({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  return (
    <Alert color="red" variant="light" p="xs" role="alert">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {errorText(error, i18n.language)}
      </Text>
    </Alert>
  );
}

/** "Chữ hoa cao 22 cm · đọc được từ 50–80 m · cần 6 giây để đọc, trang hiện 8 giây", and the warnings. */
export function LegibilityWords({ report }: { report: Legibility | null }) {
  const { t, i18n } = useTranslation('slides');
  if (!report) {
    return (
      <Text size="sm" c="dimmed">
        {t('legibility.none')}
      </Text>
    );
  }
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  const parts = [t('legibility.capitals', { cm: number.format(report.capHeightMm / 10), px: report.capHeightPx }), t('legibility.distance', { min: report.readableFromM.min, max: report.readableFromM.max })];
  if (report.words > 0) parts.push(t('legibility.time', { need: report.readingSecondsNeeded, shown: report.durationSeconds }));
  const ok = report.warnings.length === 0;
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <Stack gap={6}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        {ok ? <IconCircleCheck size={18} color="var(--mantine-color-green-7)" aria-hidden style={{ flexShrink: 0 }} /> : <IconAlertTriangle size={18} color="var(--mantine-color-orange-7)" aria-hidden style={{ flexShrink: 0 }} />}
        <Text size="sm" data-legibility>
          {parts.join(' · ')}
        </Text>
      </Group>
      {report.warnings.map((w) => (
        <Alert key={w.code} color="orange" variant="light" p="xs" data-warning={w.code}>
          <Text size="sm">{w[lang]}</Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** A scrolling strip moving across a board-sized frame, as the player moves it (pausable). */
function ScrollFrame({ target, drawn, speed, alt }: { target: Target; drawn: Drawn; speed: number; alt: string }) {
  const { t } = useTranslation('slides');
  const img = useRef<HTMLImageElement>(null);
  const [playing, setPlaying] = useState(() => !window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  useEffect(() => {
    const el = img.current;
    if (!el || !playing) return;
    const start = (target.width / drawn.width) * 100;
    const animation = el.animate([{ transform: `translateX(${start}%)` }, { transform: 'translateX(-100%)' }], { duration: ((drawn.width + target.width) / Math.max(10, speed)) * 1000, iterations: Infinity });
    return () => animation.cancel();
  }, [playing, drawn.width, target.width, speed]);
  return (
    <Box pos="relative" maw={target.width}>
      <Box style={{ position: 'relative', width: '100%', aspectRatio: `${target.width} / ${target.height}`, overflow: 'hidden', background: '#000', borderRadius: 4, outline: '1px solid var(--mantine-color-gray-4)' }}>
        <img
          ref={img}
          src={drawn.src}
          alt={alt}
          width={drawn.width}
          height={drawn.height}
          data-strip
          style={{ position: 'absolute', top: 0, left: 0, height: '100%', width: `${(drawn.width / target.width) * 100}%`, maxWidth: 'none', imageRendering: 'pixelated' }}
        />
      </Box>
      <Tooltip label={playing ? t('preview.pause') : t('preview.play')}>
        <ActionIcon variant="default" size="sm" pos="absolute" bottom={6} right={6} onClick={() => setPlaying(!playing)} aria-label={playing ? t('preview.pause') : t('preview.play')}>
          {playing ? <IconPlayerPause size={14} /> : <IconPlayerPlay size={14} />}
        </ActionIcon>
      </Tooltip>
    </Box>
  );
}

/** The clock the player draws: its time in the board's zone, in the slide's colours. */
function ClockFrame({ target, style, showDate }: { target: Target; style: StyleForm; showDate: boolean }) {
  const { t } = useTranslation('slides');
  const now = useNow(1000);
  const s = resolveStyle(style);
  const at = dayjs(now).tz(target.timeZone);
  const date = at.format('dddd, DD/MM/YYYY');
  return (
    <Box
      role="img"
      aria-label={t('preview.clockAlt', { board: targetLabel(target, t) })}
      style={{
        width: '100%',
        maxWidth: target.width,
        aspectRatio: `${target.width} / ${target.height}`,
        background: s.background,
        color: s.color,
        borderRadius: 4,
        outline: '1px solid var(--mantine-color-gray-4)',
        containerType: 'size',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        fontWeight: 800,
        lineHeight: 1.1,
      }}
    >
      <span style={{ fontSize: showDate ? '42cqh' : '60cqh' }}>{at.format('HH:mm')}</span>
      {showDate && <span style={{ fontSize: '14cqh', textTransform: s.uppercase ? 'uppercase' : undefined }}>{date.charAt(0).toLocaleUpperCase() + date.slice(1)}</span>}
    </Box>
  );
}

