// "Báo cáo định kỳ": reports made on a schedule and mailed — monthly (on the 1st, for the month
// before), weekly (on Mondays, for the week before) or daily (for the day before), at a set time on
// the schedule's clock. Everyone who reads reports sees the list (when, what, to whom, how the last
// run went and when the next one is); admins ('reports.manage') add, edit, delete and send one at
// once. The server's refusals (a bad address among the recipients) are shown beside their field,
// in the reader's language.
import { Alert, Badge, Button, Card, Group, Input, Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendarTime, IconMailForward, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFormat, ReportFrequency, ReportScheduleBody, ReportScheduleView } from '@playlists/api/reports.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, errorText, useFieldError } from '../../components/api-error.tsx';
import { DEFAULT_ZONE, formatDateTime, zoneOffset } from '../../components/format.ts';
import { Loading } from '../../components/loading.tsx';
import type { Scope } from './query.ts';
import { splitScope } from './query.ts';

const SCHEDULES_KEY = ['report-schedules'] as const;
const FREQUENCIES: ReportFrequency[] = ['monthly', 'weekly', 'daily'];
const FORMATS: ReportFormat[] = ['docx', 'pdf', 'csv'];

/** The names of the campaigns and playlists (the same queries as the report form: shared in the cache). */
function useScopeNames() {
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => call(API.listCampaigns) });
  const playlists = useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists) });
  return { campaigns: campaigns.data ?? [], playlists: playlists.data ?? [] };
}

const at = (instant: string | number, zone: string) => `${formatDateTime(instant, zone)} (${zoneOffset(zone, instant)})`;

export function ReportSchedules() {
  const { t } = useTranslation('reports');
  const can = useCan();
  const manage = can('reports.manage');
  const list = useQuery({ queryKey: SCHEDULES_KEY, queryFn: () => call(API.listReportSchedules) });
  const names = useScopeNames();
  const [editing, setEditing] = useState<ReportScheduleView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ReportScheduleView | null>(null);
  const schedules = list.data ?? [];
  const noMail = schedules.some((s) => !s.mailConfigured);

  return (
    <Stack gap="sm" component="section" aria-labelledby="schedules-title" data-testid="report-schedules">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3" id="schedules-title">
            {t('schedules.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('schedules.subtitle')}
          </Text>
        </div>
        {manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('schedules.add')}
          </Button>
        )}
      </Group>
      {noMail && (
        <Alert color="yellow" role="status" data-testid="schedules-no-mail">
          {t('schedules.noMail')}
        </Alert>
      )}
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && schedules.length === 0 && (
        <Card withBorder padding="md">
          <Text size="sm">{manage ? t('schedules.noneAdmin') : t('schedules.none')}</Text>
        </Card>
      )}
      {schedules.length > 0 && (
        <Stack gap="xs" role="list" aria-label={t('schedules.title')}>
          {schedules.map((s) => (
            <ScheduleCard key={s.id} schedule={s} names={names} manage={manage} onEdit={() => setEditing(s)} onDelete={() => setDeleting(s)} />
          ))}
        </Stack>
      )}
      {editing && <ScheduleDialog schedule={editing === 'new' ? null : editing} names={names} onClose={() => setEditing(null)} />}
      {deleting && <DeleteDialog schedule={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

type Names = ReturnType<typeof useScopeNames>;

function whenText(s: Pick<ReportScheduleView, 'frequency' | 'at'>, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t(`schedules.when.${s.frequency}`, { at: s.at });
}

function scopeName(s: Pick<ReportScheduleView, 'campaignId' | 'playlistId'>, names: Names, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (s.campaignId) return t('scope.campaign', { name: names.campaigns.find((c) => c.id === s.campaignId)?.name ?? s.campaignId });
  if (s.playlistId) return t('scope.playlist', { name: names.playlists.find((p) => p.id === s.playlistId)?.name ?? s.playlistId });
  return t('scope.all');
}

/**
 * Why a run failed, as kept. The controller's own reasons come in both languages ("… (SMTP_URL) ·
 * chưa cấu hình … (SMTP_URL)", English first): the reader's half is shown. A mail server's refusal
 * is shown as it came.
 */
function runError(error: string, lang: string): string {
  const parts = error.split(' · ');
  if (parts.length !== 2) return error;
  return lang === 'en' ? parts[0]! : parts[1]!;
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <div style={{ fontSize: 'var(--mantine-font-size-sm)', overflowWrap: 'anywhere' }}>{children}</div>
    </div>
  );
}

function ScheduleCard({ schedule: s, names, manage, onEdit, onDelete }: { schedule: ReportScheduleView; names: Names; manage: boolean; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation('reports');
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => call(API.runReportSchedule, { params: { id: s.id } }),
    onSuccess: (result) => {
      queryClient.setQueryData<ReportScheduleView[]>(SCHEDULES_KEY, (list) => list?.map((x) => (x.id === result.id ? result : x)));
      if (result.lastResult === 'sent') notifications.show({ color: 'green', title: t('schedules.run.sentTitle'), message: t('schedules.run.sent', { name: result.name, count: result.recipients.length }) });
      else notifications.show({ color: 'red', title: t('schedules.run.failedTitle'), message: t('schedules.run.failed', { name: result.name, error: runError(result.lastError ?? '', i18n.language) }), autoClose: 10_000 });
    },
    onError: (err) => notifications.show({ color: 'red', title: t('schedules.run.failedTitle'), message: errorText(err, i18n.language) }),
  });
  const zone = s.timeZone;
  return (
    <Card withBorder padding="sm" role="listitem" data-schedule={s.id} aria-label={s.name} style={{ borderLeft: `4px solid var(--mantine-color-${!s.enabled ? 'gray' : s.lastResult === 'failed' ? 'red' : 'blue'}-6)` }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              {s.name}
            </Text>
            <Badge variant="light" color="gray" tt="none">
              {s.format.toUpperCase()}
            </Badge>
            {!s.enabled && (
              <Badge variant="outline" color="gray" tt="none">
                {t('schedules.disabled')}
              </Badge>
            )}
          </Group>
          {manage && (
            <Group gap={6} wrap="wrap">
              <Button size="xs" variant="light" leftSection={<IconMailForward size={14} />} loading={run.isPending} onClick={() => run.mutate()}>
                {t('schedules.runNow')}
              </Button>
              <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit}>
                {t('schedules.edit')}
              </Button>
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                {t('schedules.delete')}
              </Button>
            </Group>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
          <Field label={t('schedules.fields.when')} testId="schedule-when">
            {whenText(s, t)}
            {zone !== DEFAULT_ZONE && ` (${zone})`}
          </Field>
          <Field label={t('schedules.fields.scope')}>{scopeName(s, names, t)}</Field>
          <Field label={t('schedules.fields.recipients')}>
            {s.recipients.map((r) => (
              <div key={r}>{r}</div>
            ))}
          </Field>
          <Field label={t('schedules.fields.lastRun')} testId="schedule-last">
            {!s.lastRunAt || !s.lastResult ? (
              t('schedules.never')
            ) : s.lastResult === 'sent' ? (
              <Group gap={6} wrap="wrap">
                <Badge color="green" variant="light" tt="none">
                  {t('schedules.sent')}
                </Badge>
                <span>{at(s.lastRunAt, zone)}</span>
              </Group>
            ) : (
              <Stack gap={2}>
                <Group gap={6} wrap="wrap">
                  <Badge color="red" variant="filled" tt="none">
                    {t('schedules.failed')}
                  </Badge>
                  <span>{at(s.lastRunAt, zone)}</span>
                </Group>
                {s.lastError && (
                  <Text size="sm" c="red.9" data-testid="schedule-error">
                    {runError(s.lastError, i18n.language)}
                  </Text>
                )}
              </Stack>
            )}
          </Field>
          <Field label={t('schedules.fields.nextRun')} testId="schedule-next">
            {s.nextRunAt ? (
              <>
                {at(s.nextRunAt, zone)}
                {s.lastResult === 'failed' && s.attempts > 0 && ` · ${t('schedules.retry', { count: s.attempts })}`}
              </>
            ) : (
              t('schedules.noNext')
            )}
          </Field>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

// ---- The form ----

interface Draft {
  name: string;
  frequency: ReportFrequency;
  at: string;
  timeZone: string;
  scope: Scope;
  format: ReportFormat;
  recipients: string;
  enabled: boolean;
}

const FIELDS = ['name', 'frequency', 'at', 'timeZone', 'campaignId', 'playlistId', 'format', 'recipients', 'enabled'] as const;

const toDraft = (s: ReportScheduleView | null): Draft =>
  s
    ? { name: s.name, frequency: s.frequency, at: s.at, timeZone: s.timeZone, scope: s.campaignId ? `campaign:${s.campaignId}` : s.playlistId ? `playlist:${s.playlistId}` : 'all', format: s.format, recipients: s.recipients.join('\n'), enabled: s.enabled }
    : { name: '', frequency: 'monthly', at: '07:00', timeZone: DEFAULT_ZONE, scope: 'all', format: 'docx', recipients: '', enabled: true };

function toBody(d: Draft): ReportScheduleBody {
  const [kind, id] = splitScope(d.scope);
  return {
    name: d.name.trim(),
    frequency: d.frequency,
    at: d.at.slice(0, 5),
    timeZone: d.timeZone,
    ...(kind === 'campaign' ? { campaignId: id } : {}),
    ...(kind === 'playlist' ? { playlistId: id } : {}),
    format: d.format,
    recipients: d.recipients
      .split(/[\n,;]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    enabled: d.enabled,
  };
}

const newId = () => `lich-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

function ScheduleDialog({ schedule, names, onClose }: { schedule: ReportScheduleView | null; names: Names; onClose: () => void }) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(schedule));
  const [id] = useState(() => schedule?.id ?? newId());
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const frequencyLabel = useId();
  const formatLabel = useId();
  const save = useMutation({
    mutationFn: (d: Draft) => call(API.putReportSchedule, { params: { id }, body: toBody(d) }),
    onSuccess: (result) => {
      queryClient.setQueryData<ReportScheduleView[]>(SCHEDULES_KEY, (list) => (list ? (list.some((x) => x.id === result.id) ? list.map((x) => (x.id === result.id ? result : x)) : [...list, result]) : [result]));
      void queryClient.invalidateQueries({ queryKey: SCHEDULES_KEY });
      notifications.show({ color: 'green', title: t('schedules.savedTitle'), message: result.nextRunAt ? t('schedules.saved', { name: result.name, at: at(result.nextRunAt, result.timeZone) }) : t('schedules.savedOff', { name: result.name }) });
      onClose();
    },
  });
  const fieldError = useFieldError(save.error);
  const placed = save.error instanceof ApiError && FIELDS.some((f) => fieldError(f));
  const title = schedule ? t('schedules.form.editTitle') : t('schedules.form.addTitle');

  const scopeData = [
    { group: t('form.scopeAllGroup'), items: [{ value: 'all', label: t('form.scopeAll') }] },
    ...(names.campaigns.length ? [{ group: t('form.campaigns'), items: names.campaigns.map((c) => ({ value: `campaign:${c.id}`, label: c.name })) }] : []),
    ...(names.playlists.length ? [{ group: t('form.playlists'), items: names.playlists.map((p) => ({ value: `playlist:${p.id}`, label: p.name })) }] : []),
  ];
  const [kind, scopeId] = splitScope(draft.scope);
  if (kind !== 'all' && !scopeData.some((g) => g.items.some((i) => i.value === draft.scope))) {
    scopeData.push({ group: kind === 'campaign' ? t('form.campaigns') : t('form.playlists'), items: [{ value: draft.scope, label: scopeId }] });
  }

  return (
    <Modal opened onClose={() => !save.isPending && onClose()} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={title} size="lg">
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('schedules.form.name')} description={t('schedules.form.nameHelp')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fieldError('name')} withAsterisk maxLength={200} data-autofocus />
          <Input.Wrapper label={t('schedules.form.frequency')} labelElement="div" id={frequencyLabel} description={t(`schedules.form.frequencyHelp.${draft.frequency}`)} error={fieldError('frequency')} inputWrapperOrder={['label', 'input', 'description', 'error']}>
            <SegmentedControl
              aria-labelledby={`${frequencyLabel}-label`}
              fullWidth
              value={draft.frequency}
              onChange={(v) => set({ frequency: v as ReportFrequency })}
              data={FREQUENCIES.map((f) => ({ value: f, label: t(`schedules.frequency.${f}`) }))}
              mb={4}
            />
          </Input.Wrapper>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TimePicker
              label={t('schedules.form.at')}
              description={draft.timeZone === DEFAULT_ZONE ? t('schedules.form.atHelp', { zone: zoneOffset(draft.timeZone) }) : t('schedules.form.atHelpZone', { tz: draft.timeZone, zone: zoneOffset(draft.timeZone) })}
              value={draft.at}
              onChange={(v) => set({ at: v })}
              format="24h"
              hoursInputLabel={t('schedules.form.hours')}
              minutesInputLabel={t('schedules.form.minutes')}
              error={fieldError('at') ?? fieldError('timeZone')}
              withAsterisk
            />
            <Input.Wrapper label={t('schedules.form.format')} labelElement="div" id={formatLabel} error={fieldError('format')} description={t(`export.${draft.format}Help`)} inputWrapperOrder={['label', 'input', 'description', 'error']}>
              <SegmentedControl aria-labelledby={`${formatLabel}-label`} fullWidth value={draft.format} onChange={(v) => set({ format: v as ReportFormat })} data={FORMATS.map((f) => ({ value: f, label: f.toUpperCase() }))} mb={4} />
            </Input.Wrapper>
          </SimpleGrid>
          <Select
            label={t('form.scope')}
            description={t('form.scopeHelp')}
            data={scopeData}
            value={draft.scope}
            onChange={(v) => set({ scope: (v ?? 'all') as Scope })}
            error={fieldError('campaignId') ?? fieldError('playlistId')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('form.nothingFound')}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={t('schedules.form.recipients')}
            description={t('schedules.form.recipientsHelp')}
            placeholder={'van-hoa@daklak.gov.vn\nlanh-dao@daklak.gov.vn'}
            value={draft.recipients}
            onChange={(e) => set({ recipients: e.currentTarget.value })}
            error={fieldError('recipients')}
            withAsterisk
            autosize
            minRows={3}
            maxRows={10}
            spellCheck={false}
          />
          <Switch label={t('schedules.form.enabled')} description={t('schedules.form.enabledHelp')} checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} error={fieldError('enabled')} />
          {!placed && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} leftSection={<IconCalendarTime size={16} />}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteDialog({ schedule, onClose }: { schedule: ReportScheduleView; onClose: () => void }) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => call(API.deleteReportSchedule, { params: { id: schedule.id } }),
    onSuccess: () => {
      queryClient.setQueryData<ReportScheduleView[]>(SCHEDULES_KEY, (list) => list?.filter((x) => x.id !== schedule.id));
      notifications.show({ color: 'green', message: t('schedules.deleted', { name: schedule.name }) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={() => !remove.isPending && onClose()} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={t('schedules.confirmDelete.title')} centered>
      <Stack>
        <Text size="sm">{t('schedules.confirmDelete.text', { name: schedule.name })}</Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            {tc('actions.cancel')}
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('schedules.confirmDelete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
