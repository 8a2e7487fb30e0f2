// Pieces the approval queue and the change page share: names for what a change is about, its
// status as a coloured badge, and one change as a row of the queue.
import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent, IconListNumbers, IconPhoto } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { formatDateTime } from '../../components/format.ts';

export type ChangeSummary = ResponseOf<typeof API.listChanges>[number];
export type ChangeStatus = ChangeSummary['status'];
export type ChangeKind = ChangeSummary['kind'];

export const STATUS_COLOURS: Record<ChangeStatus, string> = { draft: 'gray', submitted: 'yellow', approved: 'green', rejected: 'red', discarded: 'dark' };

export const KIND_ICONS: Record<ChangeKind, typeof IconPhoto> = { slide: IconPhoto, playlist: IconListNumbers, entry: IconCalendarEvent };

/** The approved slides, playlists and schedule entries (names, and what refers to what). */
export function useContent() {
  const slides = useQuery({ queryKey: ['slides'], queryFn: () => call(API.listSlides) });
  const playlists = useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists) });
  const entries = useQuery({ queryKey: ['schedule-entries'], queryFn: () => call(API.listEntries) });
  return { slides: slides.data, playlists: playlists.data, entries: entries.data };
}

/** The name of what a change is about, where it has one (a new item's name is in its change only). */
export function useChangeNames(): (kind: ChangeKind, id: string) => string | null {
  const { slides, playlists, entries } = useContent();
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of slides ?? []) if (s.name) m.set(`slide:${s.id}`, s.name);
    for (const p of playlists ?? []) m.set(`playlist:${p.id}`, p.name);
    for (const e of entries ?? []) if (e.name) m.set(`entry:${e.id}`, e.name);
    return m;
  }, [slides, playlists, entries]);
  return (kind, id) => names.get(`${kind}:${id}`) ?? null;
}

export function StatusBadge({ status }: { status: ChangeStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant={status === 'submitted' ? 'filled' : 'light'} data-status={status}>
      {t(`approval.${status}`)}
    </Badge>
  );
}

export function ChangeRow({ change: c, name }: { change: ChangeSummary; name: string | null }) {
  const { t } = useTranslation('approvals');
  const Icon = KIND_ICONS[c.kind];
  return (
    <Card withBorder padding="sm" role="listitem" data-change={c.id}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
            <Icon size={18} aria-hidden style={{ flexShrink: 0 }} />
            <Text component={Link} to={`/approvals/${c.id}`} fw={700} size="sm" c="blue.8" td="underline" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {t(`kind.${c.kind}`)} «{name ?? c.targetId}»
            </Text>
          </Group>
          <Group gap={6}>
            {c.op === 'delete' && (
              <Badge color="red" variant="outline">
                {t('op.delete')}
              </Badge>
            )}
            <StatusBadge status={c.status} />
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {t('row.meta', { author: c.author, version: c.version })}
          {c.contributors > 1 ? ` · ${t('row.contributors', { count: c.contributors - 1 })}` : ''}
          {' · '}
          {c.submittedAt && c.status !== 'draft' ? t('row.submittedAt', { at: formatDateTime(c.submittedAt) }) : t('row.updatedAt', { at: formatDateTime(c.updatedAt) })}
          {c.reviewer && c.reviewedAt ? ` · ${t(c.status === 'rejected' ? 'row.rejectedBy' : 'row.approvedBy', { who: c.reviewer, at: formatDateTime(c.reviewedAt) })}` : ''}
        </Text>
        {c.status === 'rejected' && c.reason && (
          <Text size="sm" c="red.9" style={{ whiteSpace: 'pre-line' }}>
            {t('row.reason', { reason: c.reason })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
