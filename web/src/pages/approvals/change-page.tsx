// One change, for the person who decides on it: what it changes (kind, item, author, version,
// when it was sent), the approved version beside the proposed one — as one board draws them, at its
// exact pixel size, and as its next 48 hours with and without the change — and field by field.
// Reviewers approve or reject (with a reason) the version they saw; nobody decides on their own
// change; an edit made meanwhile is reported with a way to reload. Authors send or discard theirs.
import { Alert, Badge, Button, Card, DataList, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCheck, IconRefresh, IconSend, IconTrash, IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Playlist } from '@playlists/playlist.ts';
import type { ScheduleEntry } from '@playlists/schedule.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { useCan, useMe } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { BoardFrame } from '../../components/board-frame.tsx';
import { DEFAULT_ZONE, formatDateTime, formatSeconds, zoneOffset } from '../../components/format.ts';
import { BOARDS_KEY } from '../../live/ops.tsx';
import { ValueDiff } from '../audit/value-diff.tsx';
import { KIND_ICONS, StatusBadge, useChangeNames, useContent } from './change-parts.tsx';
import { TimelineRows } from './timeline-rows.tsx';
import { BackLink } from '../../components/back-link.tsx';

type Change = ResponseOf<typeof API.getChange>;
type Preview = ResponseOf<typeof API.previewChange>;

export default function ChangePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('approvals');
  const change = useQuery({ queryKey: ['change', id], queryFn: () => call(API.getChange, { params: { id } }), staleTime: 0 });

  if (change.isPending) return <Loader aria-label={t('loading')} m="xl" />;
  if (change.isError)
    return (
      <Stack>
        <Title order={1}>{t('change.notFoundTitle')}</Title>
        <ErrorAlert error={change.error} />
        <BackLink to="/approvals" label={t('change.back')} />
      </Stack>
    );
  return <ChangeView change={change.data} reload={() => void change.refetch()} reloading={change.isFetching} />;
}


/** The name a change's item goes by: its proposed or approved version's, else the list's. */
function nameOf(c: Change, listName: string | null): string {
  const pick = (v: unknown) => (v && typeof v === 'object' && 'name' in v && typeof (v as { name: unknown }).name === 'string' ? (v as { name: string }).name : null);
  return pick(c.proposed) ?? pick(c.published) ?? listName ?? c.targetId;
}

function ChangeView({ change: c, reload, reloading }: { change: Change; reload: () => void; reloading: boolean }) {
  const { t } = useTranslation('approvals');
  const names = useChangeNames();
  const Icon = KIND_ICONS[c.kind];
  const name = nameOf(c, names(c.kind, c.targetId));

  return (
    <Stack gap="lg">
      <BackLink to="/approvals" label={t('change.back')} />
      <div>
        <Group gap="sm" wrap="nowrap" align="center">
          <Icon size={28} aria-hidden style={{ flexShrink: 0 }} />
          <Title order={1} fz={{ base: 26, sm: 34 }} style={{ overflowWrap: 'anywhere' }}>
            {t(`kind.${c.kind}`)} «{name}»
          </Title>
        </Group>
        <Group gap="xs" mt={6}>
          <StatusBadge status={c.status} />
          {c.op === 'delete' ? (
            <Badge color="red" variant="outline">
              {t('op.delete')}
            </Badge>
          ) : (
            <Badge color="blue" variant="outline">
              {c.published ? t('op.update') : t('op.create')}
            </Badge>
          )}
        </Group>
      </div>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Facts change={c} />
        <Decision change={c} reload={reload} reloading={reloading} />
      </SimpleGrid>

      <BoardPreview change={c} />

      <Card withBorder padding="md" component="section" aria-labelledby="diff-heading">
        <Title order={2} size="h3" id="diff-heading" mb="xs">
          {t('change.diffTitle')}
        </Title>
        <ValueDiff before={c.published} after={c.proposed} beforeLabel={t('change.approvedVersion')} afterLabel={t('change.proposedVersion')} />
      </Card>
    </Stack>
  );
}

function Facts({ change: c }: { change: Change }) {
  const { t } = useTranslation('approvals');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="facts-heading">
      <Title order={2} size="h3" id="facts-heading" mb="xs">
        {t('change.factsTitle')}
      </Title>
      <DataList size="sm" labelWidth={150}>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.kind')}</DataList.ItemLabel>
          <DataList.ItemValue>{t(`kind.${c.kind}`)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.target')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {c.targetId}
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.author')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {c.author}
            {c.contributors > 1 ? ` (${t('row.contributors', { count: c.contributors - 1 })})` : ''}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.version')}</DataList.ItemLabel>
          <DataList.ItemValue data-version={c.version}>{c.version}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.updatedAt')}</DataList.ItemLabel>
          <DataList.ItemValue>{formatDateTime(c.updatedAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('change.submittedAt')}</DataList.ItemLabel>
          <DataList.ItemValue>{c.submittedAt ? formatDateTime(c.submittedAt) : t('change.notSubmitted')}</DataList.ItemValue>
        </DataList.Item>
        {c.reviewer && c.reviewedAt && (
          <DataList.Item>
            <DataList.ItemLabel>{c.status === 'rejected' ? t('change.rejectedBy') : t('change.approvedBy')}</DataList.ItemLabel>
            <DataList.ItemValue>{t('change.byAt', { who: c.reviewer, at: formatDateTime(c.reviewedAt) })}</DataList.ItemValue>
          </DataList.Item>
        )}
        {c.reason && (
          <DataList.Item>
            <DataList.ItemLabel>{t('change.reason')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Text size="sm" c="red.9" style={{ whiteSpace: 'pre-line' }}>
                {c.reason}
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>
      <Text size="xs" c="dimmed" mt="xs">
        {t('change.zone', { zone: zoneOffset(DEFAULT_ZONE) })}
      </Text>
    </Card>
  );
}

/** Approve or reject (reviewers), send or discard (its author). */
function Decision({ change: c, reload, reloading }: { change: Change; reload: () => void; reloading: boolean }) {
  const { t, i18n } = useTranslation('approvals');
  const can = useCan();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const fieldError = useFieldError(error);
  const own = c.author === me.username;
  const mayReview = can('changes.review');
  const mayEdit = can('content.edit');
  const open = c.status === 'draft' || c.status === 'submitted' || c.status === 'rejected';
  // A 409 naming the change's present version: it was edited after this page showed it.
  const stale = error instanceof ApiError && error.status === 409 && typeof (error.details as { version?: unknown } | null)?.version === 'number';

  const act = async (what: string, run: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await run();
      setRejecting(false);
      setConfirmDiscard(false);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['changes'] }), queryClient.invalidateQueries({ queryKey: ['change', c.id] })]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const approve = () => act('approve', () => call(API.approveChange, { params: { id: c.id }, body: { version: c.version } }));
  const reject = () => act('reject', () => call(API.rejectChange, { params: { id: c.id }, body: { version: c.version, reason } }));
  const submit = () => act('submit', () => call(API.submitChange, { params: { id: c.id } }));
  const discard = () => act('discard', () => call(API.discardChange, { params: { id: c.id } }));
  const editLink = c.op === 'save' && c.kind !== 'entry' ? `/${c.kind === 'slide' ? 'slides' : 'playlists'}/${c.targetId}` : c.kind === 'entry' ? '/schedule' : null;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="decision-heading">
      <Title order={2} size="h3" id="decision-heading" mb="xs">
        {t('decision.title')}
      </Title>
      <Stack gap="sm">
        {c.status === 'submitted' && mayReview && (
          <>
            <Text size="sm">{t('decision.seeing', { version: c.version })}</Text>
            {own && (
              <Alert color="gray" role="note" id="own-change-note">
                {t('decision.own')}
              </Alert>
            )}
            <Group gap="sm">
              <Button color="green.6" autoContrast leftSection={<IconCheck size={18} />} onClick={() => void approve()} loading={busy === 'approve'} disabled={own || busy !== null} aria-describedby={own ? 'own-change-note' : undefined}>
                {t('decision.approve')}
              </Button>
              <Button color="red" variant="outline" leftSection={<IconX size={18} />} onClick={() => setRejecting(true)} disabled={own || busy !== null || rejecting} aria-describedby={own ? 'own-change-note' : undefined}>
                {t('decision.reject')}
              </Button>
            </Group>
            {rejecting && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void reject();
                }}
              >
                <Stack gap="xs">
                  <Textarea
                    label={t('decision.reason')}
                    description={t('decision.reasonHelp')}
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                    autosize
                    minRows={2}
                    maxLength={1000}
                    required
                    error={fieldError('reason')}
                    data-autofocus
                  />
                  <Group gap="sm">
                    <Button type="submit" color="red" loading={busy === 'reject'} disabled={!reason.trim()}>
                      {t('decision.sendReject')}
                    </Button>
                    <Button variant="default" onClick={() => setRejecting(false)}>
                      {t('decision.cancel')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            )}
          </>
        )}
        {c.status === 'submitted' && !mayReview && <Text size="sm">{t('decision.waiting')}</Text>}
        {c.status === 'approved' && <Text size="sm">{t('decision.approved')}</Text>}
        {c.status === 'discarded' && <Text size="sm">{t('decision.discarded')}</Text>}
        {c.status === 'rejected' && (
          <Alert color="red" title={t('decision.rejectedTitle', { who: c.reviewer ?? '' })}>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {c.reason}
            </Text>
          </Alert>
        )}
        {c.status === 'draft' && <Text size="sm">{t('decision.draft')}</Text>}

        {mayEdit && open && own && (
          <Group gap="sm">
            {(c.status === 'draft' || c.status === 'rejected') && (
              <Button leftSection={<IconSend size={16} />} onClick={() => void submit()} loading={busy === 'submit'} disabled={busy !== null}>
                {t('decision.submit')}
              </Button>
            )}
            {editLink && (
              <Button component={Link} to={editLink} variant="light">
                {t('decision.edit')}
              </Button>
            )}
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDiscard(true)} disabled={busy !== null}>
              {t('decision.discard')}
            </Button>
          </Group>
        )}

        {stale ? (
          <Alert color="orange" role="alert" title={t('decision.staleTitle')}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{(error as ApiError).text(i18n.language)}</Text>
              <Button
                size="xs"
                leftSection={<IconRefresh size={14} />}
                loading={reloading}
                onClick={() => {
                  setError(null);
                  reload();
                }}
              >
                {t('decision.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : (
          !fieldError('reason') && <ErrorAlert error={error} />
        )}
      </Stack>

      <Modal opened={confirmDiscard} onClose={() => busy === null && setConfirmDiscard(false)} title={t('decision.discardTitle')} centered>
        <Stack>
          <Text size="sm">{c.published ? t('decision.discardText') : t('decision.discardTextNew')}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDiscard(false)}>
              {t('decision.cancel')}
            </Button>
            <Button color="red" onClick={() => void discard()} loading={busy === 'discard'}>
              {t('decision.discardConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The boards a change reaches: an entry's targets; a playlist's entries and defaults; a slide's playlists'. */
function useReach(c: Change): string[] {
  const { playlists, entries } = useContent();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call(API.listGroups) }).data;
  const boards = useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity }).data;
  return useMemo(() => {
    const out = new Set<string>();
    const addTargets = (t: { boardIds: string[]; groupIds: string[] }) => {
      t.boardIds.forEach((b) => out.add(b));
      for (const g of groups ?? []) if (t.groupIds.includes(g.id)) g.boardIds.forEach((b) => out.add(b));
    };
    const addPlaylist = (pid: string) => {
      for (const e of entries ?? []) if (e.playlistId === pid) addTargets(e.targets);
      for (const b of boards ?? []) if (b.defaultPlaylistId === pid) out.add(b.id);
      for (const g of groups ?? []) if (g.defaultPlaylistId === pid) g.boardIds.forEach((b) => out.add(b));
    };
    if (c.kind === 'entry') {
      for (const v of [c.proposed, c.published] as (ScheduleEntry | null)[]) if (v?.targets) addTargets(v.targets);
    } else if (c.kind === 'playlist') addPlaylist(c.targetId);
    else for (const p of playlists ?? []) if ((p as Playlist).items.some((i) => i.slideId === c.targetId)) addPlaylist(p.id);
    return [...out];
  }, [c, playlists, entries, groups, boards]);
}

function BoardPreview({ change: c }: { change: Change }) {
  const { t } = useTranslation('approvals');
  const boards = useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
  const { entries } = useContent();
  const reach = useReach(c);
  const [picked, setPicked] = useState<string | null>(null);
  const list = boards.data ?? [];
  const board = picked ?? reach.find((id) => list.some((b) => b.id === id)) ?? list[0]?.id ?? null;
  const entryNames = useMemo(() => new Map((entries ?? []).map((e) => [e.id, e.name ?? e.id])), [entries]);
  const preview = useQuery({
    queryKey: ['change-preview', c.id, c.version, board],
    queryFn: () => call(API.previewChange, { params: { id: c.id }, query: { board: board! } }),
    enabled: board !== null,
    staleTime: 60_000,
  });
  const reached = list.filter((b) => reach.includes(b.id));
  const others = list.filter((b) => !reach.includes(b.id));
  const data = [
    ...(reached.length ? [{ group: t('preview.reached'), items: reached.map((b) => ({ value: b.id, label: b.name })) }] : []),
    ...(others.length ? [{ group: t('preview.others'), items: others.map((b) => ({ value: b.id, label: b.name })) }] : []),
  ];

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="preview-heading">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="sm">
        <div>
          <Title order={2} size="h3" id="preview-heading">
            {t('preview.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {reach.length ? t('preview.reach', { count: reach.length }) : t('preview.noReach')}
          </Text>
        </div>
        <Select label={t('preview.board')} data={data} value={board} onChange={(v) => v && setPicked(v)} searchable allowDeselect={false} w={{ base: '100%', xs: 320 }} nothingFoundMessage={t('preview.nothingFound')} />
      </Group>
      {preview.isPending && board !== null && <Loader size="sm" aria-label={t('loading')} />}
      <ErrorAlert error={preview.error} />
      {list.length === 0 && boards.data && <Text size="sm">{t('preview.noBoards')}</Text>}
      {preview.data && <PreviewBody preview={preview.data} entryNames={entryNames} />}
    </Card>
  );
}

function PreviewBody({ preview: p, entryNames }: { preview: Preview; entryNames: Map<string, string> }) {
  const { t } = useTranslation('approvals');
  const zone = p.board.timeZone;
  // The 48 hours start when the preview was made (its first segment).
  const from = Date.parse(p.timeline.current[0]?.from ?? p.timeline.proposed[0]?.from ?? new Date(0).toISOString());
  return (
    <Stack gap="md">
      <Text size="sm">{t('preview.size', { name: p.board.name, width: p.board.width, height: p.board.height })}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Items title={t('preview.current')} items={p.current} board={p.board} testId="preview-current" emptyText={t('preview.currentEmpty')} />
        <Items title={t('preview.proposed')} items={p.proposed} board={p.board} testId="preview-proposed" emptyText={t('preview.proposedEmpty')} />
      </SimpleGrid>
      <div>
        <Title order={3} size="h5" mb={6}>
          {t('preview.timelineTitle')}
        </Title>
        {from > 0 && (
          <TimelineRows
            from={from}
            zone={zone}
            entryNames={entryNames}
            rows={[
              { label: t('preview.timelineCurrent'), segments: p.timeline.current, testId: 'timeline-current' },
              { label: t('preview.timelineProposed'), segments: p.timeline.proposed, testId: 'timeline-proposed' },
            ]}
          />
        )}
      </div>
    </Stack>
  );
}

function Items({ title, items, board, testId, emptyText }: { title: string; items: Preview['current']; board: Preview['board']; testId: string; emptyText: string }) {
  const { t } = useTranslation('approvals');
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text fw={700} size="sm">
        {title}
      </Text>
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {items.slice(0, 24).map((i, n) => (
        <Stack key={`${i.slideId}-${n}`} gap={2}>
          <BoardFrame width={board.width} height={board.height} src={i.url} alt={t('preview.alt', { slide: i.slideId, board: board.name })} label={i.type === 'clock' ? t('preview.clock') : i.slideId} />
          <Text size="xs" c="dimmed">
            {n + 1}. {i.slideId} · {formatSeconds(i.durationMs / 1000)}
          </Text>
        </Stack>
      ))}
      {items.length > 24 && (
        <Text size="xs" c="dimmed">
          {t('preview.more', { count: items.length - 24 })}
        </Text>
      )}
    </Stack>
  );
}
