// Proof of play: what the board's player says it showed in the last hour, newest first, with the
// picture where the manifest still has it. Fetched again when the player reports (its heartbeat
// arrives over /ops), never on a timer.
import { Button, Card, Group, Image, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Manifest } from '@playlists/manifest.ts';
import { API, call } from '../../api/index.ts';
import { ErrorAlert } from '../../components/api-error.tsx';
import { formatDate, formatSeconds, formatTime } from '../../components/format.ts';
import { itemsBySha } from './board-data.ts';

const HOUR = 3_600_000;
const PAGE = 20;

/** Memoised: the page ticks every second, the list changes only with the player's reports. */
export const PlaysPanel = memo(function PlaysPanel({ board, manifest }: { board: BoardStatus; manifest: Manifest | undefined }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const zone = board.timeZone;
  const [shownCount, setShownCount] = useState(PAGE);
  const plays = useQuery({
    queryKey: ['plays', board.id, board.delivery.playingAt],
    queryFn: () => {
      const to = Date.now();
      return call(API.boardPlays, { params: { id: board.id }, query: { from: new Date(to - HOUR).toISOString(), to: new Date(to).toISOString() } });
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const pictures = useMemo(() => itemsBySha(manifest), [manifest]);
  const rows = useMemo(() => [...(plays.data ?? [])].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)), [plays.data]);
  const newestDate = rows[0] ? formatDate(rows[0].startedAt, zone) : '';

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="plays-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="plays-title">
            {t('plays.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('plays.count', { count: rows.length })}
          </Text>
        </Group>
        <ErrorAlert error={plays.error} />
        {plays.isPending && <Text size="sm">{t('now.loading')}</Text>}
        {plays.data && rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('plays.empty')}
          </Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={440}>
            <Table striped verticalSpacing={4} data-testid="plays">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plays.time', { date: newestDate })}</Table.Th>
                  <Table.Th>{t('plays.picture')}</Table.Th>
                  <Table.Th>{t('plays.slide')}</Table.Th>
                  <Table.Th>{t('plays.layer')}</Table.Th>
                  <Table.Th>{t('plays.duration')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.slice(0, shownCount).map((p) => {
                  const item = pictures.get(p.sha256);
                  const url = item && item.type !== 'clock' ? item.url : null;
                  return (
                    <Table.Tr key={p.id}>
                      <Table.Td ff="monospace" fz="sm">
                        {formatTime(p.startedAt, zone, true)}
                        {formatDate(p.startedAt, zone) !== newestDate && (
                          <Text size="xs" c="dimmed" ff="monospace">
                            {formatDate(p.startedAt, zone)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {url ? (
                          <Image src={url} alt={t('plays.thumbAlt', { slide: p.slideId })} w={Math.min(96, board.width)} style={{ aspectRatio: `${board.width} / ${board.height}`, background: '#000', imageRendering: 'pixelated' }} radius={2} />
                        ) : (
                          <Text size="xs" c="dimmed">
                            {item?.type === 'clock' ? t('plays.clock') : '—'}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">{p.slideId}</Table.Td>
                      <Table.Td fz="sm">{tc(`layers.${p.layer}`, { defaultValue: p.layer })}</Table.Td>
                      <Table.Td fz="sm">{formatSeconds((Date.parse(p.endedAt) - Date.parse(p.startedAt)) / 1000)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {rows.length > shownCount && (
          <Button variant="subtle" onClick={() => setShownCount((n) => n + PAGE)} style={{ alignSelf: 'flex-start' }}>
            {t('plays.more', { count: rows.length - shownCount })}
          </Button>
        )}
      </Stack>
    </Card>
  );
});
