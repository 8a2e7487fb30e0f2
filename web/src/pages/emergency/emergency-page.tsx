// Emergencies and blackouts, the page behind the red button on every screen: choose the boards (all,
// groups, or boards), the message (or a playlist) and how long, read back exactly what will go where,
// send — then watch the count of boards whose players report showing it, live over /ops. Each one in
// force is listed with who raised it and when it ends, and is cleared with one action. Only those who
// may (admin, or an operator with the emergency duty) see the form; everyone else sees the list.
import { Alert, Badge, Button, Card, Grid, Group, Loader, Modal, MultiSelect, NumberInput, Progress, Radio, Select, Stack, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconAlertTriangle, IconCircleCheck, IconPlayerStop, IconScreenShareOff } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Group as BoardGroup } from '@playlists/schedule.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { DEFAULT_ZONE, formatDateTime, zoneOffset } from '../../components/format.ts';
import { liveOf } from '../../components/live-chip.tsx';
import { useNow } from '../../components/now.ts';
import { BOARDS_KEY } from '../../live/ops.tsx';
import type { TargetMode } from './targets.ts';
import { reachedBoards, targetsOf } from './targets.ts';
import { PageTitle } from '../../components/page-title.tsx';

type Override = ResponseOf<typeof API.listEmergencies>[number];
type Kind = 'emergency' | 'blackout';
type Expiry = 'none' | '15' | '60' | '240' | 'custom' | 'until';

/** The instant an action is taken (read in event handlers only). */
const clock = () => Date.now();

/** How much of the message the read-back quotes. */
const QUOTE_CHARS = 120;

function useBoardList() {
  return useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
}

function isActive(o: Override, now: number): boolean {
  return o.clearedAt === null && (o.expiresAt === null || Date.parse(o.expiresAt) > now);
}

export default function EmergencyPage() {
  const { t } = useTranslation('emergency');
  const can = useCan();
  const mayManage = can('overrides.manage');
  const boards = useBoardList();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call(API.listGroups) });
  const emergencies = useQuery({ queryKey: ['emergencies'], queryFn: () => call(API.listEmergencies) });
  const blackouts = useQuery({ queryKey: ['blackouts'], queryFn: () => call(API.listBlackouts) });
  const now = useNow(1000);
  const [justRaised, setJustRaised] = useState<string | null>(null);

  const all = useMemo(() => [...(emergencies.data ?? []), ...(blackouts.data ?? [])].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt)), [emergencies.data, blackouts.data]);
  const active = all.filter((o) => isActive(o, now));
  const ended = all.filter((o) => !isActive(o, now)).slice(0, 8);
  const loading = emergencies.isPending || blackouts.isPending;

  return (
    <Stack gap="lg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: active.length ? 2 : 1, lg: 1 }}>
          {mayManage ? (
            <RaiseForm boards={boards.data ?? []} groups={groups.data ?? []} onRaised={setJustRaised} />
          ) : (
            <Alert color="gray" icon={<IconAlertTriangle size={18} />} title={t('readOnly.title')}>
              {t('readOnly.text')}
            </Alert>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: active.length ? 1 : 2, lg: 2 }}>
          <Stack gap="lg">
            <section aria-labelledby="active-heading">
              <Stack gap="sm">
                <Title order={2} size="h3" id="active-heading">
                  {t('active.title')}
                </Title>
                <ErrorAlert error={emergencies.error ?? blackouts.error} />
                {loading && <Loader size="sm" aria-label={t('loading')} />}
                {!loading && active.length === 0 && (
                  <Card withBorder padding="md">
                    <Group gap="sm" wrap="nowrap">
                      <IconCircleCheck size={22} color="var(--mantine-color-green-7)" aria-hidden style={{ flexShrink: 0 }} />
                      <Text size="sm">{t('active.none')}</Text>
                    </Group>
                  </Card>
                )}
                {active.map((o) => (
                  <ActiveCard key={o.id} override={o} boards={boards.data ?? []} groups={groups.data ?? []} now={now} mayManage={mayManage} fresh={o.id === justRaised} />
                ))}
              </Stack>
            </section>

            {ended.length > 0 && (
              <section aria-labelledby="ended-heading">
                <Stack gap="sm">
                  <Title order={2} size="h3" id="ended-heading">
                    {t('ended.title')}
                  </Title>
                  {ended.map((o) => (
                    <EndedRow key={o.id} override={o} boards={boards.data ?? []} groups={groups.data ?? []} />
                  ))}
                </Stack>
              </section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

// ── raising ─────────────────────────────────────────────────────────────────────────────────────

interface Draft {
  mode: TargetMode;
  boardIds: string[];
  groupIds: string[];
  source: 'text' | 'playlist';
  text: string;
  playlistId: string | null;
  expiry: Expiry;
  minutes: number | string;
  until: string | null;
  reason: string;
}

const EMPTY: Draft = { mode: 'all', boardIds: [], groupIds: [], source: 'text', text: '', playlistId: null, expiry: '60', minutes: 30, until: null, reason: '' };

function RaiseForm({ boards, groups, onRaised }: { boards: BoardStatus[]; groups: BoardGroup[]; onRaised: (id: string) => void }) {
  const { t } = useTranslation('emergency');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const playlists = useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists) });
  const [kind, setKind] = useState<Kind>('emergency');
  // Both forms keep what was typed when switching between them.
  const [drafts, setDrafts] = useState<Record<Kind, Draft>>({ emergency: EMPTY, blackout: { ...EMPTY, expiry: 'none' } });
  const draft = drafts[kind];
  const set = (patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [kind]: { ...d[kind], ...patch } }));
  const [confirming, setConfirming] = useState<{ expiresAt: number | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = useFieldError(error);

  const targets = targetsOf(draft.mode, draft.boardIds, draft.groupIds);
  const reached = reachedBoards(targets, boards, groups);
  const zone = reached[0]?.timeZone ?? DEFAULT_ZONE;
  const minutes = draft.expiry === 'custom' ? Number(draft.minutes) : draft.expiry === 'none' || draft.expiry === 'until' ? null : Number(draft.expiry);
  const playlistOptions = (playlists.data ?? []).filter((p) => !p.id.startsWith('khan-')).map((p) => ({ value: p.id, label: p.name }));

  /** What is missing before the read-back, in words (the server checks again). */
  const missing = (): string | null => {
    if (draft.mode !== 'all' && reached.length === 0) return t('form.needTargets');
    if (kind === 'emergency' && draft.source === 'text' && !draft.text.trim()) return t('form.needText');
    if (kind === 'emergency' && draft.source === 'playlist' && !draft.playlistId) return t('form.needPlaylist');
    if (draft.expiry === 'custom' && !(Number(draft.minutes) >= 1)) return t('form.needMinutes');
    if (draft.expiry === 'until' && !draft.until) return t('form.needUntil');
    return null;
  };

  const review = () => {
    const m = missing();
    setProblem(m);
    setError(null);
    if (m) return;
    const expiresAt = draft.expiry === 'until' ? dayjs.tz(draft.until!, zone).valueOf() : minutes !== null ? clock() + minutes * 60_000 : null;
    setConfirming({ expiresAt });
  };

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const until = draft.expiry === 'until' ? dayjs.tz(draft.until!, zone).toISOString() : undefined;
      const reason = draft.reason.trim() || undefined;
      const raised =
        kind === 'emergency'
          ? await call(API.raiseEmergency, {
              body: {
                targets,
                ...(draft.source === 'text' ? { text: draft.text } : { playlistId: draft.playlistId! }),
                ...(until ? { expiresAt: until } : { durationMinutes: minutes! }),
                ...(reason ? { reason } : {}),
              },
            })
          : await call(API.raiseBlackout, {
              body: {
                targets,
                // A blackout's length is counted from now here: the API takes an end instant only.
                ...(until ? { expiresAt: until } : minutes !== null ? { expiresAt: new Date(clock() + minutes * 60_000).toISOString() } : {}),
                ...(reason ? { reason } : {}),
              },
            });
      setConfirming(null);
      onRaised(raised.id);
      setDrafts((d) => ({ ...d, [kind]: kind === 'emergency' ? EMPTY : { ...EMPTY, expiry: 'none' } }));
      await queryClient.invalidateQueries({ queryKey: [kind === 'emergency' ? 'emergencies' : 'blackouts'] });
    } catch (e) {
      // Back to the form, with the refusal beside what caused it; nothing typed is lost.
      setConfirming(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const quote = draft.text.trim().replace(/\s+/g, ' ');
  const what = draft.source === 'text' ? `«${quote.length > QUOTE_CHARS ? `${quote.slice(0, QUOTE_CHARS)}…` : quote}»` : t('confirm.playlist', { name: playlistOptions.find((p) => p.value === draft.playlistId)?.label ?? draft.playlistId });
  const untilText = confirming?.expiresAt ? t('confirm.until', { at: formatDateTime(confirming.expiresAt, zone), zone: zoneOffset(zone, confirming.expiresAt) }) : t('confirm.untilCleared');

  const form = (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            review();
          }}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {kind === 'emergency' ? t('form.emergencyHelp') : t('form.blackoutHelp')}
            </Text>

            <Radio.Group label={t('form.targets')} value={draft.mode} onChange={(v) => set({ mode: v as TargetMode })} error={fieldError('targets')}>
              <Group gap="lg" mt={6}>
                <Radio value="all" label={t('form.targetAll', { count: boards.length })} />
                <Radio value="groups" label={t('form.targetGroups')} disabled={groups.length === 0} />
                <Radio value="boards" label={t('form.targetBoards')} />
              </Group>
            </Radio.Group>
            {draft.mode === 'groups' && (
              <MultiSelect
                label={t('form.groups')}
                placeholder={t('form.groupsPlaceholder')}
                data={groups.map((g) => ({ value: g.id, label: `${g.name} (${t('boardCount', { count: g.boardIds.length })})` }))}
                value={draft.groupIds}
                onChange={(v) => set({ groupIds: v })}
                searchable
                clearable
                nothingFoundMessage={t('form.nothingFound')}
                error={fieldError('targets.groupIds')}
              />
            )}
            {draft.mode === 'boards' && (
              <MultiSelect
                label={t('form.boards')}
                placeholder={t('form.boardsPlaceholder')}
                data={boards.map((b) => ({ value: b.id, label: b.name }))}
                value={draft.boardIds}
                onChange={(v) => set({ boardIds: v })}
                searchable
                clearable
                nothingFoundMessage={t('form.nothingFound')}
                error={fieldError('targets.boardIds')}
              />
            )}
            <Text size="sm" fw={600} data-reach={reached.length}>
              {t('form.reach', { count: reached.length })}
            </Text>

            {kind === 'emergency' && (
              <>
                <Radio.Group label={t('form.content')} value={draft.source} onChange={(v) => set({ source: v as Draft['source'] })}>
                  <Group gap="lg" mt={6}>
                    <Radio value="text" label={t('form.sourceText')} />
                    <Radio value="playlist" label={t('form.sourcePlaylist')} />
                  </Group>
                </Radio.Group>
                {draft.source === 'text' ? (
                  <Textarea
                    label={t('form.text')}
                    description={t('form.textHelp')}
                    placeholder={t('form.textPlaceholder')}
                    value={draft.text}
                    onChange={(e) => set({ text: e.currentTarget.value })}
                    autosize
                    minRows={3}
                    maxRows={8}
                    maxLength={500}
                    error={fieldError('text')}
                    rightSection={
                      <Text size="xs" c="dimmed" pr={4} style={{ alignSelf: 'flex-end', paddingBottom: 6 }}>
                        {draft.text.length}/500
                      </Text>
                    }
                    rightSectionWidth={64}
                  />
                ) : (
                  <Select
                    label={t('form.playlist')}
                    placeholder={t('form.playlistPlaceholder')}
                    data={playlistOptions}
                    value={draft.playlistId}
                    onChange={(v) => set({ playlistId: v })}
                    searchable
                    nothingFoundMessage={t('form.nothingFound')}
                    error={fieldError('playlistId')}
                  />
                )}
              </>
            )}

            <Radio.Group label={kind === 'emergency' ? t('form.expiry') : t('form.blackoutExpiry')} description={kind === 'emergency' ? t('form.expiryHelp') : undefined} value={draft.expiry} onChange={(v) => set({ expiry: v as Expiry })} error={fieldError('expiresAt') ?? fieldError('durationMinutes')}>
              <Group gap="lg" mt={6}>
                {kind === 'blackout' && <Radio value="none" label={t('form.untilCleared')} />}
                <Radio value="15" label={t('form.minutes15')} />
                <Radio value="60" label={t('form.hour1')} />
                <Radio value="240" label={t('form.hours4')} />
                <Radio value="custom" label={t('form.custom')} />
                <Radio value="until" label={t('form.untilAt')} />
              </Group>
            </Radio.Group>
            {draft.expiry === 'custom' && (
              <NumberInput label={t('form.minutes')} value={draft.minutes} onChange={(v) => set({ minutes: v })} min={1} max={14 * 24 * 60} step={5} allowDecimal={false} w={{ base: '100%', xs: 220 }} />
            )}
            {draft.expiry === 'until' && (
              <DateTimePicker
                label={t('form.until', { zone: zoneOffset(zone) })}
                placeholder={t('form.untilPlaceholder')}
                value={draft.until}
                onChange={(v) => set({ until: v })}
                valueFormat="DD/MM/YYYY HH:mm"
                minDate={dayjs().tz(zone).format('YYYY-MM-DD')}
                clearable
                w={{ base: '100%', xs: 280 }}
              />
            )}

            <TextInput label={t('form.reason')} description={t('form.reasonHelp')} value={draft.reason} onChange={(e) => set({ reason: e.currentTarget.value })} maxLength={500} error={fieldError('reason')} />

            {problem && (
              <Alert color="yellow" role="alert">
                {problem}
              </Alert>
            )}
            <ErrorAlert error={error && !fieldError('targets') && !fieldError('text') && !fieldError('playlistId') && !fieldError('expiresAt') && !fieldError('durationMinutes') && !fieldError('reason') ? error : null} />
            <Group>
              <Button type="submit" color={kind === 'emergency' ? 'orange.6' : 'dark'} autoContrast leftSection={kind === 'emergency' ? <IconAlertTriangle size={18} /> : <IconScreenShareOff size={18} />}>
                {kind === 'emergency' ? t('form.review') : t('form.reviewBlackout')}
              </Button>
            </Group>
          </Stack>
        </form>
  );

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="raise-heading">
      <Title order={2} size="h3" id="raise-heading" mb="sm">
        {t('form.title')}
      </Title>
      <Tabs value={kind} onChange={(v) => v && setKind(v as Kind)} keepMounted={false}>
        <Tabs.List mb="md" style={{ flexWrap: 'nowrap' }}>
          <Tabs.Tab value="emergency" leftSection={<IconAlertTriangle size={16} />} color="orange">
            {t('kind.emergency')}
          </Tabs.Tab>
          <Tabs.Tab value="blackout" leftSection={<IconScreenShareOff size={16} />} color="dark">
            {t('kind.blackout')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="emergency">{form}</Tabs.Panel>
        <Tabs.Panel value="blackout">{form}</Tabs.Panel>
      </Tabs>

      <Modal opened={confirming !== null} onClose={() => !busy && setConfirming(null)} title={kind === 'emergency' ? t('confirm.title') : t('confirm.titleBlackout')} centered size="lg">
        <Stack>
          <Alert color={kind === 'emergency' ? 'orange' : 'dark'} icon={kind === 'emergency' ? <IconAlertTriangle size={18} /> : <IconScreenShareOff size={18} />}>
            <Text fw={700} data-testid="confirm-summary">
              {kind === 'emergency' ? t('confirm.summary', { what, count: reached.length, until: untilText }) : t('confirm.summaryBlackout', { count: reached.length, until: untilText })}
            </Text>
          </Alert>
          <Text size="sm">{draft.mode === 'all' ? t('confirm.allBoards') : t('confirm.boards', { names: reached.slice(0, 12).map((b) => b.name).join(', ') + (reached.length > 12 ? '…' : '') })}</Text>
          {draft.reason.trim() && <Text size="sm">{t('confirm.reason', { reason: draft.reason.trim() })}</Text>}
          <Text size="sm" c="dimmed">
            {kind === 'emergency' ? t('confirm.note') : t('confirm.noteBlackout')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)} disabled={busy}>
              {t('confirm.back')}
            </Button>
            <Button color={kind === 'emergency' ? 'orange.6' : 'dark'} autoContrast onClick={() => void send()} loading={busy} data-autofocus>
              {kind === 'emergency' ? t('confirm.send') : t('confirm.sendBlackout')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" ta="right">
            {tc('time.zone', { zone: zoneOffset(zone) })}
          </Text>
        </Stack>
      </Modal>
    </Card>
  );
}

// ── what is in force ────────────────────────────────────────────────────────────────────────────

/** The message of an emergency raised as text: its own slide, named like its playlist. */
function useMessage(o: Override) {
  const isMessage = o.kind === 'emergency' && !!o.playlistId?.startsWith('khan-');
  const slide = useQuery({ queryKey: ['slide', o.playlistId], queryFn: () => call(API.getSlide, { params: { id: o.playlistId! } }), enabled: isMessage, staleTime: Infinity });
  const playlist = useQuery({ queryKey: ['playlist', o.playlistId], queryFn: () => call(API.getPlaylist, { params: { id: o.playlistId! } }), enabled: o.kind === 'emergency' && !isMessage && !!o.playlistId, staleTime: 60_000 });
  if (o.kind !== 'emergency') return null;
  if (isMessage) return slide.data?.kind === 'text' ? { text: slide.data.text } : null;
  return playlist.data ? { playlist: playlist.data.name } : o.playlistId ? { playlist: o.playlistId } : null;
}

function targetWords(o: Override, boards: BoardStatus[], groups: BoardGroup[], t: (k: string, o?: Record<string, unknown>) => string): string {
  if (o.targets.all) return t('targets.all');
  const parts: string[] = [];
  if (o.targets.groupIds.length) parts.push(t('targets.groups', { names: o.targets.groupIds.map((id) => groups.find((g) => g.id === id)?.name ?? id).join(', ') }));
  if (o.targets.boardIds.length) parts.push(t('targets.boards', { names: o.targets.boardIds.map((id) => boards.find((b) => b.id === id)?.name ?? id).join(', ') }));
  return parts.join(' · ');
}

function ActiveCard({ override: o, boards, groups, now, mayManage, fresh }: { override: Override; boards: BoardStatus[]; groups: BoardGroup[]; now: number; mayManage: boolean; fresh: boolean }) {
  const { t } = useTranslation('emergency');
  const queryClient = useQueryClient();
  const message = useMessage(o);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reached = reachedBoards(o.targets, boards, groups);
  // Counted from what each player reports it shows (the one status function), not from what was sent.
  const state = o.kind === 'emergency' ? 'emergency' : 'blackout';
  const showing = reached.filter((b) => liveOf(b, now).state === state).length;
  const zone = reached[0]?.timeZone ?? DEFAULT_ZONE;
  const emergency = o.kind === 'emergency';

  const clear = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(emergency ? API.clearEmergency : API.clearBlackout, { params: { id: o.id } });
      setConfirm(false);
      await queryClient.invalidateQueries({ queryKey: [emergency ? 'emergencies' : 'blackouts'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-override={o.id} data-kind={o.kind} style={{ borderLeft: `4px solid var(--mantine-color-${emergency ? 'orange' : 'dark'}-6)` }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Badge color={emergency ? 'orange.6' : 'dark'} autoContrast variant="filled" leftSection={emergency ? <IconAlertTriangle size={12} /> : <IconScreenShareOff size={12} />}>
              {t(`kind.${o.kind}`)}
            </Badge>
            {fresh && (
              <Badge color="green" variant="light">
                {t('active.justRaised')}
              </Badge>
            )}
          </Group>
          {mayManage && (
            <Button color={emergency ? 'orange' : 'dark'} variant="outline" size="sm" leftSection={<IconPlayerStop size={16} />} onClick={() => setConfirm(true)}>
              {emergency ? t('active.clear') : t('active.lift')}
            </Button>
          )}
        </Group>
        {message && 'text' in message && (
          <Text fw={700} style={{ whiteSpace: 'pre-line' }}>
            «{message.text}»
          </Text>
        )}
        {message && 'playlist' in message && <Text fw={700}>{t('active.playlist', { name: message.playlist })}</Text>}
        <Text size="sm">{targetWords(o, boards, groups, t)}</Text>
        <Stack gap={4} role="status" aria-live="polite" data-live-count={`${showing}/${reached.length}`}>
          <Text size="sm" fw={600}>
            {emergency ? t('active.showing', { shown: showing, count: reached.length }) : t('active.black', { shown: showing, count: reached.length })}
          </Text>
          <Progress value={reached.length ? (showing / reached.length) * 100 : 0} color={showing === reached.length ? 'green' : 'orange'} size="sm" aria-hidden />
        </Stack>
        <Text size="xs" c="dimmed">
          {t('active.raisedBy', { who: o.createdBy, at: formatDateTime(o.startsAt, zone) })} ·{' '}
          {o.expiresAt ? t('active.expires', { at: formatDateTime(o.expiresAt, zone), zone: zoneOffset(zone, o.expiresAt) }) : t('active.noExpiry')}
          {o.reason ? ` · ${t('active.reason', { reason: o.reason })}` : ''}
        </Text>
      </Stack>

      <Modal opened={confirm} onClose={() => !busy && setConfirm(false)} title={emergency ? t('clear.title') : t('clear.titleBlackout')} centered>
        <Stack>
          <Text size="sm">{emergency ? t('clear.text', { count: reached.length }) : t('clear.textBlackout', { count: reached.length })}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)} disabled={busy}>
              {t('confirm.back')}
            </Button>
            <Button color={emergency ? 'orange.6' : 'dark'} autoContrast onClick={() => void clear()} loading={busy} data-autofocus>
              {emergency ? t('clear.confirm') : t('clear.confirmBlackout')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function EndedRow({ override: o, boards, groups }: { override: Override; boards: BoardStatus[]; groups: BoardGroup[] }) {
  const { t } = useTranslation('emergency');
  const message = useMessage(o);
  const zone = DEFAULT_ZONE;
  const endedAt = o.clearedAt ?? o.expiresAt;
  const how = o.clearedBy === null || o.clearedBy === 'expiry' ? t('ended.expired') : t('ended.clearedBy', { who: o.clearedBy });
  return (
    <Card withBorder padding="sm" data-override={o.id}>
      <Stack gap={2}>
        <Stack gap={2}>
          <Group gap="xs">
            <Badge size="sm" color={o.kind === 'emergency' ? 'orange' : 'dark'} variant="light">
              {t(`kind.${o.kind}`)}
            </Badge>
            <Text size="sm" fw={600} lineClamp={1} style={{ minWidth: 0, flex: 1 }}>
              {message && 'text' in message ? `«${message.text}»` : message && 'playlist' in message ? t('active.playlist', { name: message.playlist }) : targetWords(o, boards, groups, t)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {targetWords(o, boards, groups, t)}
          </Text>
        </Stack>
        <Text size="xs" c="dimmed">
          {t('active.raisedBy', { who: o.createdBy, at: formatDateTime(o.startsAt, zone) })}
          {endedAt ? ` · ${t('ended.at', { at: formatDateTime(endedAt, zone) })} (${how})` : ''}
        </Text>
      </Stack>
    </Card>
  );
}
