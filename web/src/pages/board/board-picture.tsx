// What a board shows at an instant, drawn at its exact pixel size: the picture, a scrolling line at
// the position the player has it at that second, the clock's time in the board's zone, or black
// with the reason in words. The same result of showAt() the player itself computes.
import { Box } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Black, Playing } from '@playlists/timeline.ts';
import { BoardFrame } from '../../components/board-frame.tsx';
import { formatDate, formatTime } from '../../components/format.ts';

export type Shown = Playing | Black;

export function blackReasonOf(shown: Shown): string {
  return shown.segment?.kind === 'black' ? shown.segment.reason : 'nothing-scheduled';
}

export function BoardPicture({ width, height, shown, t, maxWidth, alt, loadingLabel, testId }: { width: number; height: number; shown: Shown | null; t: number; maxWidth?: number; alt: string; loadingLabel?: string; testId?: string }) {
  const { t: tr } = useTranslation('board');
  const item = shown?.item ?? null;
  const attrs = {
    'data-testid': testId,
    'data-slide-id': item?.slideId,
    'data-sha256': item?.sha256,
    'data-url': item && item.type !== 'clock' ? item.url : undefined,
    'data-black': shown && !item ? blackReasonOf(shown) : undefined,
  };
  if (!shown) {
    return (
      <div {...attrs} style={{ width: '100%', maxWidth }}>
        <BoardFrame width={width} height={height} src={null} alt={alt} label={loadingLabel ?? '…'} maxWidth={maxWidth} />
      </div>
    );
  }
  if (!item) {
    return (
      <div {...attrs} style={{ width: '100%', maxWidth }}>
        <BoardFrame width={width} height={height} src={null} alt={alt} label={tr(`black.${blackReasonOf(shown)}`)} maxWidth={maxWidth} />
      </div>
    );
  }
  if (item.type === 'image') {
    return (
      <div {...attrs} style={{ width: '100%', maxWidth }}>
        <BoardFrame width={width} height={height} src={item.url} alt={alt} maxWidth={maxWidth} />
      </div>
    );
  }
  if (item.type === 'scroll') {
    const startedAt = 'startedAt' in shown ? shown.startedAt : t;
    const lap = item.stripWidth + width;
    const moved = Math.floor(((t - startedAt) * item.pxPerSecond) / 1000);
    const x = width - (((moved % lap) + lap) % lap);
    return (
      <div {...attrs} style={{ width: '100%', maxWidth }}>
        <BoardFrame width={width} height={height} src={null} alt={alt} label="" maxWidth={maxWidth}>
          <Box style={{ position: 'absolute', inset: 0, background: item.background, overflow: 'hidden' }}>
            <img
              src={item.url}
              alt={alt}
              style={{ position: 'absolute', top: 0, height: '100%', width: `${(item.stripWidth / width) * 100}%`, left: `${(x / width) * 100}%`, maxWidth: 'none', imageRendering: 'pixelated', transition: 'left 1s linear' }}
            />
          </Box>
        </BoardFrame>
      </div>
    );
  }
  // A clock: the player draws it live in the board's zone; here, its words at that second.
  return (
    <div {...attrs} style={{ width: '100%', maxWidth }}>
      <BoardFrame width={width} height={height} src={null} alt={alt} label="" maxWidth={maxWidth}>
        <Box
          role="img"
          aria-label={`${alt}: ${formatTime(t, item.timeZone)}`}
          style={{ position: 'absolute', inset: 0, background: item.background, color: item.color, containerType: 'size', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', fontWeight: 700, lineHeight: 1.1 }}
        >
          <span style={{ fontSize: item.showDate ? 'min(48cqh, 30cqw)' : 'min(70cqh, 36cqw)' }}>{formatTime(t, item.timeZone)}</span>
          {item.showDate && <span style={{ fontSize: 'min(20cqh, 8cqw)' }}>{formatDate(t, item.timeZone)}</span>}
        </Box>
      </BoardFrame>
    </div>
  );
}
