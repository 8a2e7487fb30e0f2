// The form of one schedule entry, in a drawer over the calendar: playlist, boards and groups,
// layer, named priority, dates (dd/mm/yyyy), weekdays, a daily window (24 h, may cross midnight)
// or a cron expression, excluded dates. As it is filled in, the controller checks it (the refusals
// a save would get, beside their fields, and its conflict warnings) — before anything is saved.
import {
  Alert,
  Badge,
  Button,
  Chip,
  Drawer,
  Group,
  Input,
  List,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput, DatePickerInput, TimePicker } from '@mantine/dates';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictWarningSchema } from '@playlists/api/content.ts';
import type { ScheduleEntry, ScheduledLayer } from '@playlists/schedule.ts';
import type { z } from 'zod';
import type { RequestOf, ResponseOf } from '../../api/index.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime, zoneOffset } from '../../components/format.ts';
import type { CalendarEntry } from './entries.ts';
import { ENTRIES_KEY, ENTRY_CHANGES_KEY } from './entries.ts';
import { LAYER_COLOURS, LAYERS, PRIORITY_LEVELS, priorityKey } from './levels.ts';

type Warning = z.infer<typeof ConflictWarningSchema>;
type EntryBody = RequestOf<typeof API.createEntry>['body'];
type Boards = ResponseOf<typeof API.listBoards>;
type Groups = ResponseOf<typeof API.listGroups>;
type Playlists = ResponseOf<typeof API.listPlaylists>;

export interface EntryFormState {
  name: string;
  playlistId: string | null;
  boardIds: string[];
  groupIds: string[];
  layer: ScheduledLayer;
  priority: number;
  startDate: string | null;
  endDate: string | null;
  excludedDates: string[];
  kind: 'always' | 'daily' | 'cron';
  weekdays: number[];
  useWindow: boolean;
  windowStart: string;
  windowEnd: string;
  cronExpression: string;
  cronMinutes: number;
}

export const ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function emptyForm(): EntryFormState {
  return {
    name: '',
    playlistId: null,
    boardIds: [],
    groupIds: [],
    layer: 'campaign',
    priority: 50,
    startDate: null,
    endDate: null,
    excludedDates: [],
    kind: 'always',
    weekdays: ALL_WEEKDAYS,
    useWindow: false,
    windowStart: '06:00',
    windowEnd: '22:00',
    cronExpression: '0 7 * * 1-5',
    cronMinutes: 60,
  };
}

export function formOf(e: ScheduleEntry): EntryFormState {
  const base = emptyForm();
  const r = e.recurrence;
  return {
    ...base,
    name: e.name ?? '',
    playlistId: e.playlistId,
    boardIds: e.targets.boardIds,
    groupIds: e.targets.groupIds,
    layer: e.layer,
    priority: e.priority,
    startDate: e.startDate,
    endDate: e.endDate,
    excludedDates: e.excludedDates,
    kind: r.kind,
    weekdays: r.kind === 'daily' ? r.weekdays : base.weekdays,
    useWindow: r.kind === 'daily' && r.window !== null,
    windowStart: r.kind === 'daily' && r.window ? r.window.start.slice(0, 5) : base.windowStart,
    windowEnd: r.kind === 'daily' && r.window ? r.window.end.slice(0, 5) : base.windowEnd,
    cronExpression: r.kind === 'cron' ? r.expression : base.cronExpression,
    cronMinutes: r.kind === 'cron' ? r.durationMinutes : base.cronMinutes,
  };
}

export function bodyOf(f: EntryFormState): EntryBody {
  const recurrence: EntryBody['recurrence'] =
    f.kind === 'always'
      ? { kind: 'always' }
      : f.kind === 'daily'
        ? { kind: 'daily', weekdays: f.weekdays, window: f.useWindow ? { start: f.windowStart, end: f.windowEnd } : null }
        : { kind: 'cron', expression: f.cronExpression.trim(), durationMinutes: f.cronMinutes };
  return {
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    playlistId: f.playlistId ?? '',
    targets: { boardIds: f.boardIds, groupIds: f.groupIds },
    layer: f.layer,
    priority: f.priority,
    startDate: f.startDate,
    endDate: f.endDate,
    excludedDates: f.excludedDates,
    recurrence,
  };
}

const sameWarnings = (a: Warning[], b: Warning[]) => JSON.stringify(a.map((w) => [w.boardId, w.otherEntryId])) === JSON.stringify(b.map((w) => [w.boardId, w.otherEntryId]));

/** Fields the server may name in a refusal, in the order they appear on the form. */
const FIELDS = ['name', 'playlistId', 'targets', 'layer', 'priority', 'startDate', 'endDate', 'excludedDates', 'recurrence'];

export function EntryForm({
  opened,
  onClose,
  initial,
  editing,
  boards,
  groups,
  playlists,
  zone,
}: {
  opened: boolean;
  onClose: () => void;
  initial: EntryFormState;
  /** The entry being changed (null: a new one). */
  editing: CalendarEntry | null;
  boards: Boards;
  groups: Groups;
  playlists: Playlists;
  zone: string;
}) {
  const { t, i18n } = useTranslation('schedule');
  const { t: tc } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<EntryFormState>(initial);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [unseen, setUnseen] = useState<Warning[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = <K extends keyof EntryFormState>(key: K, value: EntryFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setUnseen(null);
  };
  const lang = i18n.language;
  const narrow = useMediaQuery('(max-width: 30em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const readOnly = !can('content.edit');

  const body = bodyOf(form);
  const bodyKey = JSON.stringify(body);
  const [checkedKey] = useDebouncedValue(bodyKey, 400);
  const ready = !!form.playlistId && form.boardIds.length + form.groupIds.length > 0;
  const entryId = editing?.entry.id;
  const check = useQuery({
    queryKey: ['entry-check', entryId ?? null, checkedKey],
    queryFn: () => call(API.checkEntry, { body: { ...(JSON.parse(checkedKey) as EntryBody), ...(entryId ? { id: entryId } : {}) } }),
    enabled: opened && ready,
    retry: false,
    staleTime: 30_000,
  });
  const shownWarnings = checkedKey === bodyKey ? check.data?.warnings : undefined;
  // A refusal from the save itself, else the live check's.
  const problem = saveError ?? (checkedKey === bodyKey ? check.error : null);
  const fieldError = useFieldError(problem);
  const onAField = FIELDS.some((f) => fieldError(f));

  const done = async (message: string) => {
    notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': tc('actions.close') } });
    await Promise.all([queryClient.invalidateQueries({ queryKey: ENTRIES_KEY }), queryClient.invalidateQueries({ queryKey: ENTRY_CHANGES_KEY }), queryClient.invalidateQueries({ queryKey: ['changes'] })]);
    onClose();
  };

  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      setSaveError(null);
      const checked = await call(API.checkEntry, { body: { ...body, ...(entryId ? { id: entryId } : {}) } });
      queryClient.setQueryData(['entry-check', entryId ?? null, bodyKey], checked);
      // Warnings are shown before anything is saved: new ones stop the save until they are seen.
      if (checked.warnings.length && !(unseen && sameWarnings(unseen, checked.warnings)) && !(shownWarnings && sameWarnings(shownWarnings, checked.warnings))) {
        setUnseen(checked.warnings);
        return null;
      }
      const query = { submit: submit ? ('true' as const) : ('false' as const) };
      return entryId ? call(API.updateEntry, { params: { id: entryId }, query, body }) : call(API.createEntry, { query, body });
    },
    onSuccess: async (saved) => {
      if (!saved) return;
      await done(saved.published ? tc('approval.savedPublished') : saved.change.status === 'submitted' ? tc('approval.savedSubmitted') : tc('approval.savedDraft'));
    },
    onError: (e) => setSaveError(e),
  });

  const remove = useMutation({
    mutationFn: async () => {
      if (!editing) return;
      // A draft never approved is discarded; an approved entry's deletion is a change to approve.
      if (!editing.approved && editing.pendingChange) await call(API.discardChange, { params: { id: editing.pendingChange.id } });
      else await call(API.deleteEntry, { params: { id: editing.entry.id }, query: { submit: 'true' } });
    },
    onSuccess: () => done(editing && !editing.approved ? t('discarded') : t('deleteRequested')),
    onError: (e) => setSaveError(e),
  });

  const priorityLevel = priorityKey(form.priority) ?? 'custom';
  const crosses = form.kind === 'daily' && form.useWindow && form.windowEnd <= form.windowStart;
  const weekdayLabels = t('weekdaysShort', { returnObjects: true }) as string[];
  const playlistData = playlists.filter((p) => !p.id.startsWith('khan-') || p.id === form.playlistId).map((p) => ({ value: p.id, label: p.name }));
  const boardName = (id: string) => boards.find((b) => b.id === id)?.name ?? id;
  const pending = editing?.pendingChange;

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={editing ? t('editTitle') : t('newTitle')} closeButtonProps={{ 'aria-label': tc('actions.close') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(false);
        }}
        aria-label={editing ? t('editTitle') : t('newTitle')}
      >
        <Stack gap="sm">
          {pending && (
            <Alert color={pending.status === 'rejected' ? 'red' : 'yellow'} title={tc(`approval.${pending.status}`)}>
              {pending.op === 'delete' ? t('pendingDelete') : editing?.approved ? t('pendingEditOf') : t('pendingNew')}
              {pending.reason ? ` ${t('rejectedBecause', { reason: pending.reason })}` : ''}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {t('zoneNote', { zone, offset: zoneOffset(zone) })}
          </Text>
          <TextInput label={t('name')} description={t('nameHelp')} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError('name')} readOnly={readOnly} maxLength={200} />
          <Select
            label={t('playlist')}
            placeholder={t('playlistPlaceholder')}
            data={playlistData}
            value={form.playlistId}
            onChange={(v) => set('playlistId', v)}
            searchable
            nothingFoundMessage={t('nothingFound')}
            required
            error={fieldError('playlistId')}
            readOnly={readOnly}
          />
          <MultiSelect
            label={t('boards')}
            placeholder={form.boardIds.length ? undefined : t('boardsPlaceholder')}
            data={boards.map((b) => ({ value: b.id, label: b.name }))}
            value={form.boardIds}
            onChange={(v) => set('boardIds', v)}
            searchable
            nothingFoundMessage={t('nothingFound')}
            error={fieldError('targets.boardIds') ?? fieldError('targets')}
            readOnly={readOnly}
          />
          <MultiSelect
            label={t('groups')}
            placeholder={form.groupIds.length ? undefined : t('groupsPlaceholder')}
            data={groups.map((g) => ({ value: g.id, label: t('groupOption', { name: g.name, count: g.boardIds.length }) }))}
            value={form.groupIds}
            onChange={(v) => set('groupIds', v)}
            searchable
            nothingFoundMessage={t('nothingFound')}
            error={fieldError('targets.groupIds')}
            readOnly={readOnly}
          />
          <Stack gap={4}>
            <Input.Label id="entry-layer-label">{t('layer')}</Input.Label>
            <SegmentedControl
              aria-labelledby="entry-layer-label"
              value={form.layer}
              onChange={(v) => set('layer', v as ScheduledLayer)}
              readOnly={readOnly}
              data={LAYERS.map((l) => ({
                value: l,
                label: (
                  <Group gap={6} wrap="nowrap" justify="center">
                    <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: LAYER_COLOURS[l], display: 'inline-block' }} />
                    {tc(`layers.${l}`)}
                  </Group>
                ),
              }))}
              fullWidth
            />
            <Input.Description>{t(`layerHelp.${form.layer}`)}</Input.Description>
          </Stack>
          <Stack gap={4}>
            <Group grow align="flex-start">
              <Select
                label={t('priority')}
                data={[...PRIORITY_LEVELS.map((l) => ({ value: l.key, label: `${tc(`priority.${l.key}`)} (${l.value})` })), { value: 'custom', label: t('priorityCustomOption') }]}
                value={priorityLevel}
                onChange={(v) => {
                  const level = PRIORITY_LEVELS.find((l) => l.key === v);
                  if (level) set('priority', level.value);
                  else if (v === 'custom') set('priority', form.priority === 50 ? 60 : form.priority);
                }}
                allowDeselect={false}
                error={priorityLevel === 'custom' ? undefined : fieldError('priority')}
                readOnly={readOnly}
              />
              {priorityLevel === 'custom' && (
                <NumberInput label={t('priorityNumber')} min={0} max={100} value={form.priority} onChange={(v) => set('priority', typeof v === 'number' ? v : Number(v) || 0)} error={fieldError('priority')} readOnly={readOnly} />
              )}
            </Group>
            <Input.Description>{t('priorityHelp')}</Input.Description>
          </Stack>
          <Group grow align="flex-start">
            <DateInput
              label={t('startDate')}
              placeholder={t('datePlaceholder')}
              valueFormat="DD/MM/YYYY"
              dateParser={parseDate}
              value={form.startDate}
              onChange={(v) => set('startDate', v)}
              clearable
              clearButtonProps={{ 'aria-label': t('clearDate', { what: t('startDate') }) }}
              description={t('startDateHelp')}
              error={fieldError('startDate')}
              readOnly={readOnly}
            />
            <DateInput
              label={t('endDate')}
              placeholder={t('datePlaceholder')}
              valueFormat="DD/MM/YYYY"
              dateParser={parseDate}
              value={form.endDate}
              onChange={(v) => set('endDate', v)}
              clearable
              clearButtonProps={{ 'aria-label': t('clearDate', { what: t('endDate') }) }}
              description={t('endDateHelp')}
              error={fieldError('endDate')}
              readOnly={readOnly}
            />
          </Group>
          <Stack gap={4}>
            <Input.Label id="entry-recurrence-label">{t('recurrence')}</Input.Label>
            <SegmentedControl
              aria-labelledby="entry-recurrence-label"
              value={form.kind}
              onChange={(v) => set('kind', v as EntryFormState['kind'])}
              readOnly={readOnly}
              data={(['always', 'daily', 'cron'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              orientation={narrow ? 'vertical' : 'horizontal'}
              fullWidth
            />
            <Input.Description>{t(`kindHelp.${form.kind}`)}</Input.Description>
          </Stack>
          {form.kind === 'daily' && (
            <Stack gap="sm">
              <Stack gap={4}>
                <Input.Label id="entry-weekdays-label">{t('weekdays')}</Input.Label>
                <Chip.Group multiple value={form.weekdays.map(String)} onChange={(v) => set('weekdays', v.map(Number).sort((a, b) => a - b))}>
                  <Group gap={6} role="group" aria-labelledby="entry-weekdays-label">
                    {ALL_WEEKDAYS.map((d) => (
                      <Chip key={d} value={String(d)} size="sm" disabled={readOnly}>
                        {weekdayLabels[d - 1]}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                {fieldError('recurrence.weekdays') && <Input.Error role="alert">{fieldError('recurrence.weekdays')}</Input.Error>}
              </Stack>
              <Switch label={t('useWindow')} checked={form.useWindow} onChange={(e) => set('useWindow', e.currentTarget.checked)} disabled={readOnly} />
              {form.useWindow && (
                <Stack gap={4}>
                  <Group grow align="flex-start">
                    <TimePicker
                      label={t('windowStart')}
                      format="24h"
                      value={form.windowStart}
                      onChange={(v) => v && set('windowStart', v)}
                      hoursInputLabel={t('hoursOf', { what: t('windowStart') })}
                      minutesInputLabel={t('minutesOf', { what: t('windowStart') })}
                      error={fieldError('recurrence.window.start')}
                      readOnly={readOnly}
                    />
                    <TimePicker
                      label={t('windowEnd')}
                      format="24h"
                      value={form.windowEnd}
                      onChange={(v) => v && set('windowEnd', v)}
                      hoursInputLabel={t('hoursOf', { what: t('windowEnd') })}
                      minutesInputLabel={t('minutesOf', { what: t('windowEnd') })}
                      error={fieldError('recurrence.window.end') ?? fieldError('recurrence.window')}
                      readOnly={readOnly}
                    />
                  </Group>
                  <Text size="sm" c={crosses ? '#a33b00' : 'dimmed'} data-window-note>
                    {crosses ? t('windowCrosses', { start: form.windowStart, end: form.windowEnd }) : t('windowSameDay', { start: form.windowStart, end: form.windowEnd })}
                  </Text>
                </Stack>
              )}
            </Stack>
          )}
          {form.kind === 'cron' && (
            <Group grow align="flex-start">
              <TextInput
                label={t('cronExpression')}
                description={t('cronHelp')}
                value={form.cronExpression}
                onChange={(e) => set('cronExpression', e.currentTarget.value)}
                error={fieldError('recurrence.expression')}
                readOnly={readOnly}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
              <NumberInput
                label={t('cronMinutes')}
                min={1}
                max={7 * 24 * 60}
                value={form.cronMinutes}
                onChange={(v) => set('cronMinutes', typeof v === 'number' ? v : Number(v) || 1)}
                error={fieldError('recurrence.durationMinutes')}
                readOnly={readOnly}
              />
            </Group>
          )}
          <DatePickerInput
            type="multiple"
            label={t('excludedDates')}
            description={t('excludedHelp')}
            valueFormat="DD/MM/YYYY"
            value={form.excludedDates}
            onChange={(v) => set('excludedDates', v.filter((d): d is string => !!d).sort())}
            clearable
            clearButtonProps={{ 'aria-label': t('clearDate', { what: t('excludedDates') }) }}
            error={fieldError('excludedDates')}
            readOnly={readOnly}
          />

          <CheckPanel
            ready={ready}
            loading={check.isFetching}
            boards={checkedKey === bodyKey ? check.data?.boards : undefined}
            warnings={unseen ?? shownWarnings}
            stopped={!!unseen}
            boardName={boardName}
            zone={zone}
            lang={lang}
          />
          {problem && !onAField ? <ErrorAlert error={problem} /> : null}
          {problem instanceof ApiError && onAField && (
            <Text size="sm" c="red" role="alert">
              {t('seeFields')}
            </Text>
          )}

          {!readOnly && (
            <Group justify="space-between" mt="sm" wrap="wrap">
              <Group gap="xs">
                <Button type="submit" variant="default" loading={save.isPending && save.variables === false}>
                  {tc('actions.saveDraft')}
                </Button>
                <Button onClick={() => save.mutate(true)} loading={save.isPending && save.variables === true}>
                  {tc('actions.submit')}
                </Button>
              </Group>
              {editing &&
                (confirmDelete ? (
                  <Group gap="xs">
                    <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending} leftSection={<IconTrash size={16} />}>
                      {editing.approved ? t('confirmDeleteRequest') : t('confirmDiscard')}
                    </Button>
                    <Button variant="subtle" onClick={() => setConfirmDelete(false)}>
                      {tc('actions.cancel')}
                    </Button>
                  </Group>
                ) : (
                  <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)} disabled={pending?.op === 'delete'}>
                    {editing.approved ? t('deleteRequest') : t('discardDraft')}
                  </Button>
                ))}
            </Group>
          )}
          {confirmDelete && editing && (
            <Text size="sm" c="dimmed">
              {editing.approved ? t('deleteExplain') : t('discardExplain')}
            </Text>
          )}
        </Stack>
      </form>
    </Drawer>
  );
}

function CheckPanel({
  ready,
  loading,
  boards,
  warnings,
  stopped,
  boardName,
  zone,
  lang,
}: {
  ready: boolean;
  loading: boolean;
  boards: string[] | undefined;
  warnings: Warning[] | undefined;
  stopped: boolean;
  boardName: (id: string) => string;
  zone: string;
  lang: string;
}) {
  const { t } = useTranslation('schedule');
  if (!ready) return null;
  return (
    <Stack gap="xs" aria-live="polite" data-check={loading ? 'checking' : 'done'}>
      {boards && (
        <Text size="sm">
          {t('reachesBoards', { count: boards.length })}{' '}
          {boards.slice(0, 8).map((b) => (
            <Badge key={b} variant="light" color="gray" size="sm" mr={4} style={{ textTransform: 'none' }}>
              {boardName(b)}
            </Badge>
          ))}
          {boards.length > 8 ? '…' : ''}
        </Text>
      )}
      {warnings && warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={t('conflictsTitle', { count: warnings.length })} role="alert" data-conflicts={warnings.length}>
          <List size="sm" spacing={4}>
            {warnings.map((w) => (
              <List.Item key={`${w.boardId}-${w.otherEntryId}`}>
                {lang === 'en' ? w.en : w.vi}{' '}
                <Text span size="xs" c="dimmed">
                  ({formatDateTime(w.firstOverlap, zone)})
                </Text>
              </List.Item>
            ))}
          </List>
          {stopped && (
            <Text size="sm" fw={600} mt="xs">
              {t('conflictsSaveAgain')}
            </Text>
          )}
        </Alert>
      )}
      {warnings && warnings.length === 0 && !loading && (
        <Text size="sm" c="green.9">
          {t('noConflicts')}
        </Text>
      )}
    </Stack>
  );
}

/** Dates typed as dd/mm/yyyy (or d/m/yyyy, or yyyy-mm-dd). */
function parseDate(value: string): string | null {
  const d = dayjs(value.trim(), ['DD/MM/YYYY', 'D/M/YYYY', 'YYYY-MM-DD'], true);
  return d.isValid() ? d.format('YYYY-MM-DD') : null;
}
