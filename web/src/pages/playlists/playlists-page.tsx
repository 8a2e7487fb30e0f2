// The playlists: each with its number of slides, the length of one loop, its approval state and
// how many places use it; new ones that exist only as drafts too. Below, the campaigns imported
// from files, each downloadable as the YAML file the import reads.
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconPlus } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { urlOf } from '@playlists/api/endpoint.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { Loading } from '../../components/loading.tsx';
import type { PlaylistRow } from './data.ts';
import { formatLoop, loopSeconds, PENDING_INK, slideMap, usePlaylistRows, useSlides } from './data.ts';
import { PageTitle } from '../../components/page-title.tsx';

export default function PlaylistsPage() {
  const { t } = useTranslation('playlists');
  const can = useCan();
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const { rows, isPending, error } = usePlaylistRows();
  const slides = useSlides();
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => call(API.listCampaigns) });
  const [search, setSearch] = useState('');
  const bySlide = useMemo(() => slideMap(slides.data), [slides.data]);
  const approvedIds = rows.filter((r) => r.approved).map((r) => r.playlist.id);
  const usages = useQueries({
    queries: approvedIds.map((id) => ({ queryKey: ['playlist-usage', id], queryFn: () => call(API.playlistUsage, { params: { id } }) })),
  });
  const usageOf = (r: PlaylistRow): number | null => {
    const i = approvedIds.indexOf(r.playlist.id);
    const u = i >= 0 ? usages[i]?.data : undefined;
    if (!r.approved) return 0;
    // Its own open draft is not a use.
    return u ? u.usedBy.filter((x) => !(x.kind === 'change' && x.id === r.pendingChange?.id)).length : null;
  };

  const q = search.trim().toLocaleLowerCase('vi');
  const shown = rows
    .filter((r) => !r.playlist.id.startsWith('khan-'))
    .filter((r) => !q || r.playlist.name.toLocaleLowerCase('vi').includes(q) || r.playlist.id.includes(q))
    .sort((a, b) => a.playlist.name.localeCompare(b.playlist.name, 'vi'));

  if (isPending) return <Loading />;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('count', { count: shown.length })} />
        {can('content.edit') && (
          <Button component={Link} to="/playlists/new" leftSection={<IconPlus size={18} />}>
            {t('new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      <TextInput label={t('search')} placeholder={t('searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 320 }} />

      {shown.length === 0 ? (
        <Card withBorder>
          <Text c="dimmed">{rows.length ? t('noMatch') : t('empty')}</Text>
        </Card>
      ) : phone ? (
        <Stack gap="sm" role="list" aria-label={t('title')}>
          {shown.map((r) => (
            <Card key={r.playlist.id} withBorder padding="sm" role="listitem" data-playlist={r.playlist.id}>
              <Anchor component={Link} to={`/playlists/${r.playlist.id}`} fw={700}>
                {r.playlist.name}
              </Anchor>
              <Text size="sm" c="dimmed">
                {t('slides', { count: r.playlist.items.length })} · {formatLoop(loopSeconds(r.playlist.items, bySlide), t)}
              </Text>
              <Group gap={6} mt={6}>
                <Status row={r} />
                <Usage count={usageOf(r)} />
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('col.name')}</Table.Th>
                  <Table.Th ta="right">{t('col.slides')}</Table.Th>
                  <Table.Th ta="right">{t('col.loop')}</Table.Th>
                  <Table.Th>{t('col.status')}</Table.Th>
                  <Table.Th>{t('col.usage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r) => (
                  <Table.Tr key={r.playlist.id} data-playlist={r.playlist.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/playlists/${r.playlist.id}`} fw={600}>
                        {r.playlist.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {r.playlist.id}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{r.playlist.items.length}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatLoop(loopSeconds(r.playlist.items, bySlide), t)}
                    </Table.Td>
                    <Table.Td>
                      <Status row={r} />
                    </Table.Td>
                    <Table.Td>
                      <Usage count={usageOf(r)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      <Card withBorder>
        <Title order={2} size="h4">
          {t('campaigns.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('campaigns.help')}
        </Text>
        <ErrorAlert error={campaigns.error} />
        {campaigns.data && campaigns.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('campaigns.empty')}
          </Text>
        )}
        <Stack gap="xs">
          {campaigns.data?.map((c) => (
            <Group key={c.id} justify="space-between" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text fw={600}>{c.name}</Text>
                <Text size="xs" c="dimmed">
                  {t('campaigns.counts', { slides: c.slides, playlists: c.playlists })}
                  {c.source ? ` · ${c.source}` : ''}
                </Text>
              </div>
              <Button component="a" href={urlOf(API.exportCampaign, { id: c.id })} download={`${c.id}.yaml`} variant="light" size="xs" leftSection={<IconDownload size={16} />} aria-label={t('campaigns.exportOf', { name: c.name })}>
                {t('campaigns.export')}
              </Button>
            </Group>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}

function Status({ row }: { row: PlaylistRow }) {
  const { t } = useTranslation('playlists');
  const { t: tc } = useTranslation();
  const c = row.pendingChange;
  return (
    <Group gap={4} wrap="wrap">
      {row.approved ? (
        <Badge color="green" variant="light" styles={{ root: { textTransform: 'none' } }}>
          {tc('approval.approved')}
        </Badge>
      ) : (
        <Badge color="gray" variant="light" styles={{ root: { textTransform: 'none' } }}>
          {t('newDraft')}
        </Badge>
      )}
      {c && (
        <Badge color={c.status === 'rejected' ? 'red' : PENDING_INK} variant="outline" styles={{ root: { textTransform: 'none' } }} data-change-status={c.status}>
          {c.op === 'delete' ? t('pendingDelete') : row.approved ? t('pendingEdit', { status: tc(`approval.${c.status}`) }) : tc(`approval.${c.status}`)}
        </Badge>
      )}
    </Group>
  );
}

function Usage({ count }: { count: number | null }) {
  const { t } = useTranslation('playlists');
  if (count === null) return <Text size="sm" c="dimmed">…</Text>;
  return (
    <Text size="sm" c={count ? undefined : 'dimmed'}>
      {count ? t('usedIn', { count }) : t('unused')}
    </Text>
  );
}
