// The slides (/slides): every slide as a card with its picture (drawn by the controller at a small
// board's size, loaded as it scrolls into view), its words, kind, duration and approval state.
// New slides that are still drafts (never approved) are listed too, marked as drafts. The search
// ignores Vietnamese diacritics: "dak lak" finds "Đắk Lắk".
import { Anchor, Badge, Box, Button, Card, EmptyState, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconClock, IconPhotoOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChangeSummary } from '@playlists/api/changes.ts';
import type { Slide } from '@playlists/slide.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import type { Kind } from './form.ts';
import { fold, KINDS, wordsOf } from './form.ts';
import { thumbnailUrl } from './render.ts';
import { StatusBadge } from './status.tsx';
import { PageTitle } from '../../components/page-title.tsx';

interface Item {
  id: string;
  slide: Slide | null;
  pending: ChangeSummary | null;
  /** Approved (boards may play it); false for a new slide still in draft. */
  published: boolean;
}

const STATUS_FILTERS = ['approved', 'draft', 'submitted', 'rejected'] as const;

export default function SlidesPage() {
  const { t } = useTranslation('slides');
  const { t: tc } = useTranslation();
  const can = useCan();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const slides = useQuery({ queryKey: ['slides'], queryFn: () => call(API.listSlides) });
  const open = useQuery({ queryKey: ['changes', 'slide', 'open'], queryFn: () => call(API.listChanges, { query: { kind: 'slide', status: 'draft,submitted,rejected' } }) });
  const approvedIds = useMemo(() => new Set((slides.data ?? []).map((s) => s.id)), [slides.data]);
  // New slides never approved: only their change holds them.
  const newDrafts = useMemo(() => (slides.data ? (open.data ?? []).filter((c) => c.op === 'save' && !approvedIds.has(c.targetId)) : []), [open.data, slides.data, approvedIds]);
  const draftBodies = useQueries({ queries: newDrafts.map((c) => ({ queryKey: ['change', c.id, c.version], queryFn: () => call(API.getChange, { params: { id: c.id } }), staleTime: 60_000 })) });

  const items: Item[] = useMemo(
    () => [
      ...newDrafts.map((c, i) => ({ id: c.targetId, slide: (draftBodies[i]?.data?.proposed as Slide | undefined) ?? null, pending: c, published: false })),
      ...(slides.data ?? []).map((s) => ({ id: s.id, slide: s as Slide, pending: s.pendingChange, published: true })),
    ],
    [newDrafts, draftBodies, slides.data],
  );
  const shown = useMemo(() => {
    const words = fold(search).split(/\s+/).filter(Boolean);
    return items.filter((it) => {
      if (kind && it.slide?.kind !== kind) return false;
      if (status && (status === 'approved' ? it.pending !== null : it.pending?.status !== status)) return false;
      if (!words.length) return true;
      const hay = fold([it.id, it.slide?.name ?? '', it.slide ? wordsOf(it.slide) : ''].join(' '));
      return words.every((w) => hay.includes(w));
    });
  }, [items, search, kind, status]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('list.title')} subtitle={t('list.count', { count: items.length })} />
        {can('content.edit') && (
          <Button component={Link} to="/slides/new" leftSection={<IconPlus size={16} />}>
            {t('list.new')}
          </Button>
        )}
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label={t('list.search')}
          placeholder={t('list.searchPlaceholder')}
          description={t('list.searchHelp')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
          type="search"
        />
        <Select label={t('list.kind')} placeholder={t('list.allKinds')} clearable data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={kind} onChange={setKind} w={{ base: '100%', xs: 200 }} />
        <Select
          label={t('list.status')}
          placeholder={t('list.allStatuses')}
          clearable
          data={STATUS_FILTERS.map((s) => ({ value: s, label: s === 'approved' ? t('list.onlyApproved') : tc(`approval.${s}`) }))}
          value={status}
          onChange={setStatus}
          w={{ base: '100%', xs: 200 }}
        />
      </Group>
      <ErrorAlert error={slides.error ?? open.error} />
      {slides.isPending && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="md">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={260} radius="md" />
          ))}
        </SimpleGrid>
      )}
      {slides.data && items.length === 0 && (
        <EmptyState
          icon={<IconPhotoOff size={28} />}
          withIndicatorBackground
          title={t('list.emptyTitle')}
          description={can('content.edit') ? t('list.emptyEditor') : t('list.emptyViewer')}
          py="xl"
        />
      )}
      {slides.data && items.length > 0 && shown.length === 0 && (
        <Text c="dimmed" role="status">
          {t('list.noMatch')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="md" role="list" aria-label={t('list.title')}>
        {shown.map((it) => (
          <SlideCard key={it.id} item={it} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function SlideCard({ item }: { item: Item }) {
  const { t } = useTranslation('slides');
  const { slide } = item;
  const words = slide ? wordsOf(slide) : '';
  const name = slide?.name ?? (words.split('\n')[0] || item.id);
  const to = `/slides/${item.id}`;
  return (
    <Card withBorder padding="sm" radius="md" role="listitem" data-slide={item.id}>
      <Card.Section>
        <Link to={to} tabIndex={-1} aria-hidden style={{ display: 'block' }}>
          <Thumbnail item={item} />
        </Link>
      </Card.Section>
      <Stack gap={6} mt="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Anchor component={Link} to={to} fw={700} size="sm" c="inherit" lineClamp={2} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {name}
          </Anchor>
          <div style={{ flexShrink: 0 }}>
            <StatusBadge change={item.pending} published={item.published} />
          </div>
        </Group>
        {slide?.name && words && (
          <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
            {words}
          </Text>
        )}
        <Group gap={6} wrap="wrap">
          {slide && (
            <Badge variant="outline" color="gray" size="sm" tt="none">
              {t(`kind.${slide.kind as Kind}`)}
            </Badge>
          )}
          {slide && (
            <Badge variant="outline" color="gray" size="sm" tt="none">
              {t('list.duration', { count: slide.durationSeconds })}
            </Badge>
          )}
          {slide?.kind === 'text' && slide.mode === 'scroll' && (
            <Badge variant="outline" color="gray" size="sm" tt="none">
              {t('mode.scroll')}
            </Badge>
          )}
          {!item.published && (
            <Badge variant="dot" color="yellow" size="sm" tt="none">
              {t('list.newDraft')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('editor.idLine', { id: item.id })}
        </Text>
      </Stack>
    </Card>
  );
}

function Thumbnail({ item }: { item: Item }) {
  const { t } = useTranslation('slides');
  const [failed, setFailed] = useState(false);
  const frame = { aspectRatio: '2 / 1', background: '#111', display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'hidden' } as const;
  if (item.slide?.kind === 'clock') {
    return (
      <Box style={frame} c="gray.4">
        <Group gap={6}>
          <IconClock size={22} aria-hidden />
          <Text size="sm">{t('list.clockThumb')}</Text>
        </Group>
      </Box>
    );
  }
  if (failed) {
    return (
      <Box style={frame} c="gray.4" p="sm">
        <Text size="xs" ta="center">
          {t('list.thumbFailed')}
        </Text>
      </Box>
    );
  }
  return (
    <Box style={frame}>
      <img
        src={thumbnailUrl(item.id, !item.published)}
        alt=""
        loading="lazy"
        width={576}
        height={288}
        onError={() => setFailed(true)}
        style={{ width: '100%', height: '100%', objectFit: 'cover', objectPosition: 'left center', display: 'block' }}
      />
    </Box>
  );
}
