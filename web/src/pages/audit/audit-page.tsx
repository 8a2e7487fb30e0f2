// The audit trail: every change, newest first — when (the board's clock, dd/mm/yyyy HH:mm:ss), who
// (name, kind, roles), from which address, what and on what — with its before → after field by
// field. Filters (who, action or its prefix, target, period) live in the address, so a filtered
// view can be shared; "load more" pages back in time; the same selection downloads as CSV (UTF-8
// with BOM, for Excel). On a phone, records are cards instead of a wide table.
import { ActionIcon, Autocomplete, Badge, Button, Card, Code, Collapse, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconDownload, IconFilter, IconFilterOff } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { urlOf } from '@playlists/api/endpoint.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { DEFAULT_ZONE, formatDateTime, zoneOffset } from '../../components/format.ts';
import { ValueDiff } from './value-diff.tsx';
import { PageTitle } from '../../components/page-title.tsx';

type AuditRecord = ResponseOf<typeof API.listAudit>[number];

const PAGE = 50;
const ZONE = DEFAULT_ZONE;
const ACTION_PREFIXES = ['slide', 'playlist', 'entry', 'change', 'emergency', 'blackout', 'board', 'group', 'device', 'media', 'campaign', 'settings', 'user', 'account', 'auth'];
const TARGET_KINDS = ['slide', 'playlist', 'entry', 'emergency', 'blackout', 'board', 'group', 'device', 'media', 'campaign', 'settings', 'user'];
const FILTER_KEYS = ['actor', 'action', 'targetKind', 'targetId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

/** The API's query for the filters in the address (dates are whole days on the board's clock). */
function queryOf(f: Filters) {
  return {
    actor: f.actor || undefined,
    action: f.action || undefined,
    targetKind: f.targetKind || undefined,
    targetId: f.targetId || undefined,
    from: f.from ? dayjs.tz(f.from, ZONE).startOf('day').toISOString() : undefined,
    to: f.to ? dayjs.tz(f.to, ZONE).add(1, 'day').startOf('day').toISOString() : undefined,
  };
}

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const query = queryOf(applied);
  const records = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => call(API.listAudit, { query: { ...query, limit: PAGE, ...(pageParam ? { before: pageParam } : {}) } }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]!.seq : undefined),
    staleTime: 0,
  });
  const rows = useMemo(() => records.data?.pages.flat() ?? [], [records.data]);
  const csv = urlOf(API.exportAudit, undefined, query);
  const filtered = FILTER_KEYS.some((k) => applied[k]);
  const [showFilters, setShowFilters] = useState(false);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('subtitle')} />
        <Button component="a" href={csv} download variant="light" leftSection={<IconDownload size={16} />}>
          {t('export')}
        </Button>
      </Group>

      {phone && (
        <Button variant="default" leftSection={<IconFilter size={16} />} onClick={() => setShowFilters((x) => !x)} aria-expanded={showFilters} style={{ alignSelf: 'flex-start' }}>
          {filtered ? t('filters.toggle', { count: FILTER_KEYS.filter((k) => applied[k]).length }) : t('filters.toggleNone')}
        </Button>
      )}
      {(!phone || showFilters) && (
        <FilterForm
          key={params.toString()}
          applied={applied}
          knownActors={[...new Set(rows.map((r) => r.actor.name))]}
          onApply={(f) => setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v)), { replace: false })}
        />
      )}

      <ErrorAlert error={records.error} />
      {records.isPending && <Loader aria-label={t('loading')} />}
      {records.data && rows.length === 0 && (
        <Card withBorder padding="lg">
          <Text c="dimmed" ta="center" size="sm">
            {filtered ? t('emptyFiltered') : t('empty')}
          </Text>
        </Card>
      )}
      {rows.length > 0 && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {t('shown', { count: rows.length })}
          </Text>
          {phone ? <RecordCards rows={rows} /> : <RecordTable rows={rows} />}
        </>
      )}
      {records.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </Group>
      )}
      {records.data && rows.length > 0 && !records.hasNextPage && (
        <Text size="sm" c="dimmed" ta="center">
          {t('end')}
        </Text>
      )}
    </Stack>
  );
}

function FilterForm({ applied, knownActors, onApply }: { applied: Filters; knownActors: string[]; onApply: (f: Filters) => void }) {
  const { t } = useTranslation('audit');
  const can = useCan();
  const users = useQuery({ queryKey: ['users'], queryFn: () => call(API.listUsers), enabled: can('users.manage') });
  const [f, setF] = useState<Filters>(applied);
  const set = (patch: Partial<Filters>) => setF((x) => ({ ...x, ...patch }));
  const actors = [...new Set([...(users.data ?? []).map((u) => u.username), ...knownActors])].sort();

  return (
    <Card withBorder padding="md" component="form" aria-label={t('filters.title')} onSubmit={(e) => {
      e.preventDefault();
      onApply({ ...f, actor: f.actor.trim(), action: f.action.trim(), targetId: f.targetId.trim() });
    }}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <Autocomplete label={t('filters.actor')} description={t('filters.actorHelp')} data={actors} value={f.actor} onChange={(v) => set({ actor: v })} />
        <Autocomplete label={t('filters.action')} description={t('filters.actionHelp')} data={ACTION_PREFIXES} value={f.action} onChange={(v) => set({ action: v })} />
        <Select label={t('filters.targetKind')} description={t('filters.targetKindHelp')} data={TARGET_KINDS.map((k) => ({ value: k, label: t(`targetKinds.${k}`) }))} value={f.targetKind || null} onChange={(v) => set({ targetKind: v ?? '' })} placeholder={t('filters.any')} clearable />
        <TextInput label={t('filters.targetId')} description={t('filters.targetIdHelp')} value={f.targetId} onChange={(e) => set({ targetId: e.currentTarget.value })} />
        <DatePickerInput
          type="range"
          label={t('filters.period', { zone: zoneOffset(ZONE) })}
          description={t('filters.periodHelp')}
          value={[f.from || null, f.to || null]}
          onChange={([a, b]) => set({ from: a ?? '', to: b ?? '' })}
          valueFormat="DD/MM/YYYY"
          allowSingleDateInRange
          clearable
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit" leftSection={<IconFilter size={16} />}>
          {t('filters.apply')}
        </Button>
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            const empty = Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Filters;
            setF(empty);
            onApply(empty);
          }}
        >
          {t('filters.clear')}
        </Button>
      </Group>
    </Card>
  );
}

/** An action in words where it has a name, always with its code. */
function ActionText({ action }: { action: string }) {
  const { t, i18n } = useTranslation('audit');
  const key = `actions.${action.replace(/\./g, '_')}`;
  const named = i18n.exists(key, { ns: 'audit' });
  return (
    <Stack gap={0}>
      {named && <Text size="sm">{t(key)}</Text>}
      <Code style={{ width: 'fit-content' }}>{action}</Code>
    </Stack>
  );
}

function ActorText({ actor }: { actor: AuditRecord['actor'] }) {
  const { t, i18n } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const role = (r: string) => (r === 'duty:overrides' ? t('dutyOverrides') : i18n.exists(`roles.${r}`) ? tc(`roles.${r}`) : r);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {actor.name}
      </Text>
      <Group gap={4}>
        {actor.kind !== 'user' && (
          <Badge size="xs" variant="outline" color="gray">
            {i18n.exists(`actorKinds.${actor.kind}`, { ns: 'audit' }) ? t(`actorKinds.${actor.kind}`) : actor.kind}
          </Badge>
        )}
        {actor.roles.map((r) => (
          <Badge key={r} size="xs" variant="light">
            {role(r)}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

function TargetText({ target }: { target: AuditRecord['target'] }) {
  const { t, i18n } = useTranslation('audit');
  if (!target) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {i18n.exists(`targetKinds.${target.kind}`, { ns: 'audit' }) ? t(`targetKinds.${target.kind}`) : target.kind}
      </Text>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {target.id}
      </Text>
    </Stack>
  );
}

function RecordTable({ rows }: { rows: AuditRecord[] }) {
  const { t } = useTranslation('audit');
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) => setOpen((s) => (s.has(seq) ? new Set([...s].filter((x) => x !== seq)) : new Set([...s, seq])));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44}>
              <VisuallyHidden>{t('columns.details')}</VisuallyHidden>
            </Table.Th>
            <Table.Th w={170}>{t('columns.time', { zone: zoneOffset(ZONE) })}</Table.Th>
            <Table.Th>{t('columns.actor')}</Table.Th>
            <Table.Th w={130}>{t('columns.ip')}</Table.Th>
            <Table.Th>{t('columns.action')}</Table.Th>
            <Table.Th>{t('columns.target')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Fragment key={r.seq}>
              <Table.Tr data-seq={r.seq} data-action={r.action}>
                <Table.Td>
                  <ActionIcon variant="subtle" onClick={() => toggle(r.seq)} aria-expanded={open.has(r.seq)} aria-label={t('details', { seq: r.seq })}>
                    {open.has(r.seq) ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                  </ActionIcon>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(r.at, ZONE, true)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    #{r.seq}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActorText actor={r.actor} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {r.ip ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActionText action={r.action} />
                </Table.Td>
                <Table.Td>
                  <TargetText target={r.target} />
                </Table.Td>
              </Table.Tr>
              {open.has(r.seq) && (
                <Table.Tr>
                  <Table.Td colSpan={6} style={{ background: 'var(--mantine-color-gray-0)' }}>
                    <Details record={r} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RecordCards({ rows }: { rows: AuditRecord[] }) {
  const { t } = useTranslation('audit');
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) => setOpen((s) => (s.has(seq) ? new Set([...s].filter((x) => x !== seq)) : new Set([...s, seq])));
  return (
    <Stack gap="xs" role="list" aria-label={t('title')}>
      {rows.map((r) => (
        <Card key={r.seq} withBorder padding="sm" role="listitem" data-seq={r.seq} data-action={r.action}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                {formatDateTime(r.at, ZONE, true)}
              </Text>
              <Text size="xs" c="dimmed">
                #{r.seq}
              </Text>
            </Group>
            <ActionText action={r.action} />
            <ActorText actor={r.actor} />
            <Group gap="lg" wrap="wrap">
              <TargetText target={r.target} />
              {r.ip && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {r.ip}
                </Text>
              )}
            </Group>
            <Button variant="subtle" size="compact-sm" onClick={() => toggle(r.seq)} aria-expanded={open.has(r.seq)} leftSection={open.has(r.seq) ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />} style={{ alignSelf: 'flex-start' }}>
              {t('detailsShort')}
            </Button>
            <Collapse expanded={open.has(r.seq)} keepMounted={false}>
              <Details record={r} />
            </Collapse>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function Details({ record: r }: { record: AuditRecord }) {
  const { t } = useTranslation('audit');
  return (
    <Stack gap="xs" py={4}>
      <ValueDiff before={r.before} after={r.after} />
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('hash', { hash: r.hash })}
      </Text>
    </Stack>
  );
}
