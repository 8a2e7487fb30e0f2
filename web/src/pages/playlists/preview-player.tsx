// The playlist played as a board of the chosen size would play it: the very timing code of the
// player (loopItemAt over a loop anchored when Play is pressed), each slide as the controller draws
// it at that size, with play and pause. Clock slides show the time, as the player draws them live.
import { Button, Group, Progress, Select, Stack, Text } from '@mantine/core';
import './playlists.css';
import { IconPlayerPause, IconPlayerPlay, IconPlayerSkipBack } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageItem, Loop } from '@playlists/manifest.ts';
import { loopItemAt } from '@playlists/timeline.ts';
import { BoardFrame } from '../../components/board-frame.tsx';
import { formatTime } from '../../components/format.ts';
import type { SlideView } from './data.ts';
import { itemSeconds, previewUrl, slideLabel } from './data.ts';
import type { EditorItem } from './sortable-items.tsx';

export interface BoardSize {
  width: number;
  height: number;
  boards: number;
}

/** The instant, ticking while the preview plays (paused: it stands still). */
function useTicking(active: boolean, everyMs: number, initial: number): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

export function PreviewPlayer({ items, slides, sizes, size, onSize }: { items: EditorItem[]; slides: Map<string, SlideView>; sizes: BoardSize[]; size: { width: number; height: number }; onSize: (s: { width: number; height: number }) => void }) {
  const { t } = useTranslation('playlists');
  // Playing: the loop's anchor; paused: how far into the loop it stopped.
  const [clock, setClock] = useState<{ playing: true; anchorAt: number } | { playing: false; offset: number }>({ playing: false, offset: 0 });
  const now = useTicking(clock.playing, 200, 0);

  const loopItems: ImageItem[] = items.map((i) => {
    const slide = slides.get(i.slideId);
    return { type: 'image', slideId: i.slideId, sha256: '', url: previewUrl(slide, i.slideId, size) ?? '', durationMs: Math.round(itemSeconds(i, slides) * 1000), transition: slide?.transition ?? 'cut' };
  });
  const total = loopItems.reduce((s, i) => s + i.durationMs, 0);

  // Every picture fetched ahead, so a slide change shows at once.
  const urls = loopItems.map((i) => i.url).join('\n');
  useEffect(() => {
    for (const url of urls.split('\n')) if (url) new Image().src = url;
  }, [urls]);

  if (!loopItems.length || total <= 0) {
    return (
      <BoardFrame width={size.width} height={size.height} src={null} alt={t('preview.empty')} label={t('preview.empty')} maxWidth={640} />
    );
  }
  const loop: Loop = { anchorAt: clock.playing ? clock.anchorAt : 0, items: loopItems };
  const t0 = clock.playing ? Math.max(now, clock.anchorAt) : clock.offset;
  const at = loopItemAt(loop, t0) as { item: ImageItem; index: number; startedAt: number; endsAt: number };
  const slide = slides.get(at.item.slideId);
  const elapsed = t0 - at.startedAt;
  const label = slideLabel(slide, at.item.slideId);
  // A fade runs over the slide before it, as on the board (the player's fade is 500 ms).
  const before = at.item.transition === 'fade' && loopItems.length > 1 && clock.playing && elapsed < 500 ? (loopItemAt(loop, at.startedAt - 1).item as ImageItem) : null;

  const play = () => setClock({ playing: true, anchorAt: Date.now() - (clock.playing ? 0 : clock.offset) });
  const pause = () => clock.playing && setClock({ playing: false, offset: (Date.now() - clock.anchorAt) % total });
  const restart = () => setClock(clock.playing ? { playing: true, anchorAt: Date.now() } : { playing: false, offset: 0 });

  return (
    <Stack gap="xs">
      <Select
        label={t('preview.size')}
        data={sizes.map((s) => ({ value: `${s.width}x${s.height}`, label: t('preview.sizeOption', { width: s.width, height: s.height, count: s.boards }) }))}
        value={`${size.width}x${size.height}`}
        onChange={(v) => {
          if (!v) return;
          const [w, h] = v.split('x').map(Number);
          onSize({ width: w!, height: h! });
        }}
        allowDeselect={false}
      />
      <div data-preview data-slide-id={at.item.slideId} data-index={at.index} data-playing={clock.playing ? 'true' : 'false'}>
        <BoardFrame width={size.width} height={size.height} src={(before ?? at.item).url || null} alt={t('preview.alt', { name: label })} label={slide?.kind === 'clock' && clock.playing ? formatTime(now) : label} maxWidth={640}>
          {before && at.item.url ? <img key={`${at.index}-${at.startedAt}`} className="lg-fade-in" src={at.item.url} alt="" /> : null}
        </BoardFrame>
      </div>
      <Progress value={(elapsed / at.item.durationMs) * 100} size="sm" aria-label={t('preview.progress')} transitionDuration={clock.playing ? 200 : 0} />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" aria-live="off">
          {t('preview.position', { index: at.index + 1, total: loopItems.length })} · {label}
        </Text>
        <Text size="sm" c="dimmed">
          {t('preview.time', { elapsed: Math.floor(elapsed / 1000), duration: Math.round(at.item.durationMs / 100) / 10 })}
        </Text>
      </Group>
      <Group gap="xs">
        {clock.playing ? (
          <Button leftSection={<IconPlayerPause size={16} />} variant="default" onClick={pause}>
            {t('preview.pause')}
          </Button>
        ) : (
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={play}>
            {t('preview.play')}
          </Button>
        )}
        <Button leftSection={<IconPlayerSkipBack size={16} />} variant="subtle" onClick={restart}>
          {t('preview.restart')}
        </Button>
      </Group>
    </Stack>
  );
}
