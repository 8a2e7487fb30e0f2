// A picture at a board's exact pixel size: scaled down to fit the page (never up), keeping the
// board's proportions, drawn with crisp pixels as the LED board would show them.
import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function BoardFrame({ width, height, src, alt, maxWidth, children, label }: { width: number; height: number; src: string | null; alt: string; maxWidth?: number; children?: ReactNode; label?: string }) {
  return (
    <Box
      style={{
        position: 'relative',
        width: '100%',
        maxWidth: Math.min(maxWidth ?? width, width),
        aspectRatio: `${width} / ${height}`,
        background: '#000',
        borderRadius: 4,
        overflow: 'hidden',
        outline: '1px solid var(--mantine-color-gray-4)',
      }}
    >
      {src ? (
        <img src={src} alt={alt} width={width} height={height} style={{ width: '100%', height: '100%', display: 'block', imageRendering: 'pixelated' }} />
      ) : (
        <Text c="gray.5" size="sm" ta="center" style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          {label ?? alt}
        </Text>
      )}
      {children}
    </Box>
  );
}
