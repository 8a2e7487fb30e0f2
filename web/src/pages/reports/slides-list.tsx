// The slides shown in the period, most airtime first: the picture kept for reports (a slide deleted
// since still has one), its words, showings and airtime. A picture that is not kept (404) gives way
// to a plain frame that says so.
import { Box, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideAirtime } from '@playlists/api/reports.ts';
import { urlOf } from '@playlists/api/endpoint.ts';
import { API } from '../../api/index.ts';
import type { Format } from './format.ts';

/** At first; the rest one click away (a year of reports may list hundreds). */
const FIRST = 12;

function Thumbnail({ slide }: { slide: SlideAirtime }) {
  const { t } = useTranslation('reports');
  const [state, setState] = useState<'loading' | 'shown' | 'missing'>('loading');
  return (
    <Box
      style={{
        aspectRatio: '2 / 1',
        // Black behind a picture (as the board shows it), a quiet grey while it loads or when there is none.
        background: state === 'shown' ? '#000' : 'var(--mantine-color-gray-1)',
        borderRadius: 4,
        overflow: 'hidden',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        outline: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      {state === 'missing' ? (
        <Stack gap={4} align="center" p="xs" data-thumbnail="missing">
          <IconPhotoOff size={28} color="var(--mantine-color-gray-6)" aria-hidden />
          <Text size="xs" c="dimmed" ta="center">
            {t('slides.noThumbnail')}
          </Text>
        </Stack>
      ) : (
        <img
          src={urlOf(API.reportThumbnail, { sha256: slide.sha256 })}
          alt={t('slides.thumbnailOf', { title: slide.title })}
          onLoad={() => setState('shown')}
          onError={() => setState('missing')}
          data-thumbnail={state}
          style={{ maxWidth: '100%', maxHeight: '100%', display: 'block', objectFit: 'contain', imageRendering: 'pixelated', visibility: state === 'shown' ? 'visible' : 'hidden' }}
        />
      )}
    </Box>
  );
}

export function SlidesList({ slides, fmt, airtimeMs }: { slides: SlideAirtime[]; fmt: Format; airtimeMs: number }) {
  const { t } = useTranslation('reports');
  const [all, setAll] = useState(false);
  const shown = all ? slides : slides.slice(0, FIRST);
  return (
    <Stack gap="sm" component="section" aria-labelledby="slides-title">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id="slides-title">
          {t('slides.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('slides.count', { count: slides.length })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm" role="list" aria-labelledby="slides-title">
        {shown.map((s) => (
          <Card key={`${s.slideId}-${s.sha256}`} withBorder padding="sm" role="listitem" data-slide={s.slideId}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Box w={{ base: 120, sm: 160 }} style={{ flexShrink: 0 }}>
                <Thumbnail slide={s} />
              </Box>
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} lineClamp={3} title={s.title} style={{ overflowWrap: 'anywhere' }}>
                  {s.title}
                </Text>
                <Stack gap={2}>
                  <Text size="sm">
                    <Text span c="dimmed" size="sm">
                      {t('slides.showings')}:{' '}
                    </Text>
                    <Text span fw={600} size="sm">
                      {fmt.int(s.showings)}
                    </Text>
                  </Text>
                  <Text size="sm">
                    <Text span c="dimmed" size="sm">
                      {t('slides.airtime')}:{' '}
                    </Text>
                    <Text span fw={600} size="sm">
                      {fmt.duration(s.airtimeMs)}
                    </Text>
                    {airtimeMs > 0 && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        ({fmt.share(s.airtimeMs / airtimeMs)})
                      </Text>
                    )}
                  </Text>
                </Stack>
              </Stack>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      {slides.length > FIRST && (
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => setAll((x) => !x)} aria-expanded={all}>
            {all ? t('slides.fewer') : t('slides.all', { count: slides.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
