// The schedule: a month, week or list calendar of what plays on the boards and groups, in the
// board's time zone — each entry's recurrence drawn where it plays, coloured by layer, titled with
// its playlist and named priority; entries waiting for approval marked. Select a range to schedule
// something there (or use the button); click an entry to change it or ask for it to be deleted.
import type { CalendarOptions, DateSelectArg, DatesSetArg, EventClickArg, EventInput } from '@fullcalendar/core';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import viLocale from '@fullcalendar/core/locales/vi';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { ActionIcon, Alert, Badge, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleEntry } from '@playlists/schedule.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import { DEFAULT_ZONE, zoneOffset } from '../../components/format.ts';
import { Loading } from '../../components/loading.tsx';
import { BoardTimelines } from './board-timeline.tsx';
import type { CalendarEntry } from './entries.ts';
import { instantOf, reaches, spansOf, useBoardList, useCalendarEntries, wallOf, wallParts } from './entries.ts';
import type { EntryFormState } from './entry-form.tsx';
import { ALL_WEEKDAYS, EntryForm, emptyForm, formOf } from './entry-form.tsx';
import { LAYER_COLOURS, LAYERS, PENDING_INK, priorityName } from './levels.ts';
import './schedule.css';
import { PageTitle } from '../../components/page-title.tsx';

type View = 'dayGridMonth' | 'timeGridWeek' | 'listWeek';
const LAYER_RANK = { interrupt: 0, campaign: 1, default: 2 } as const;
const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];
const LOCALES = [viLocale, enGbLocale];

interface Editing {
  key: number;
  initial: EntryFormState;
  entry: CalendarEntry | null;
}

export default function SchedulePage() {
  const { t, i18n } = useTranslation('schedule');
  const { t: tc } = useTranslation();
  const can = useCan();
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const calendarRef = useRef<FullCalendar>(null);
  const boards = useBoardList();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call(API.listGroups) });
  const playlists = useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists) });
  const entries = useCalendarEntries();
  const [boardFilter, setBoardFilter] = useState<string | null>(null);
  const [groupFilter, setGroupFilter] = useState<string | null>(null);
  const [view, setView] = useState<View>(phone ? 'listWeek' : 'dayGridMonth');
  const [range, setRange] = useState<{ start: string; end: string; title: string } | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [opening, setOpening] = useState<unknown>(null);

  const boardList = useMemo(() => boards.data ?? [], [boards.data]);
  const groupList = useMemo(() => groups.data ?? [], [groups.data]);
  const zone = (boardFilter ? boardList.find((b) => b.id === boardFilter)?.timeZone : boardList[0]?.timeZone) ?? DEFAULT_ZONE;
  const playlistName = useMemo(() => new Map((playlists.data ?? []).map((p) => [p.id, p.name])), [playlists.data]);

  const shown = useMemo(() => {
    return entries.list.filter(({ entry }) => {
      if (boardFilter && !reaches(entry, boardFilter, groupList)) return false;
      if (groupFilter) {
        const members = groupList.find((g) => g.id === groupFilter)?.boardIds ?? [];
        if (!entry.targets.groupIds.includes(groupFilter) && !members.some((b) => reaches(entry, b, groupList))) return false;
      }
      return true;
    });
  }, [entries.list, boardFilter, groupFilter, groupList]);

  const { events, unsupported } = useMemo(() => {
    const events: EventInput[] = [];
    const unsupported: CalendarEntry[] = [];
    if (!range) return { events, unsupported };
    const from = instantOf(range.start, zone);
    const to = instantOf(range.end, zone);
    const midnight = (ms: number) => {
      const d = DateTime.fromMillis(ms, { zone });
      return d.hour === 0 && d.minute === 0 && d.second === 0;
    };
    for (const ce of shown) {
      const spans = spansOf(ce.entry, zone, from, to);
      if (!spans) {
        unsupported.push(ce);
        continue;
      }
      const name = playlistName.get(ce.entry.playlistId) ?? ce.entry.playlistId;
      const pending = ce.pendingChange;
      const title = `${name} · ${priorityName(ce.entry.priority, t)}${pending ? ` · ${pending.op === 'delete' ? t('pendingDeleteShort') : tc(`approval.${pending.status}`)}` : ''}`;
      spans.forEach((s, i) => {
        const allDay = midnight(s.start) && midnight(s.end);
        events.push({
          id: `${ce.entry.id}#${i}`,
          groupId: ce.entry.id,
          title,
          start: allDay ? wallOf(s.start, zone).slice(0, 10) : wallOf(s.start, zone),
          end: allDay ? wallOf(s.end, zone).slice(0, 10) : wallOf(s.end, zone),
          allDay,
          backgroundColor: LAYER_COLOURS[ce.entry.layer],
          borderColor: LAYER_COLOURS[ce.entry.layer],
          textColor: '#ffffff',
          classNames: pending ? ['lg-pending'] : [],
          extendedProps: { entryId: ce.entry.id, layerRank: LAYER_RANK[ce.entry.layer], priorityRank: 100 - ce.entry.priority },
        });
      });
    }
    return { events, unsupported };
  }, [shown, range, zone, playlistName, t, tc]);

  const entryName = (id: string) => {
    if (id.startsWith('default:')) return t('defaultOf', { name: playlistName.get(id.slice(8)) ?? id.slice(8) });
    const e = entries.list.find((x) => x.entry.id === id)?.entry;
    return e ? (e.name ?? playlistName.get(e.playlistId) ?? e.id) : id;
  };
  const pendingList = entries.list.filter((e) => e.pendingChange);

  const openNew = (patch: Partial<EntryFormState> = {}) => {
    const today = DateTime.now().setZone(zone).toISODate()!;
    setEditing({
      key: Date.now(),
      entry: null,
      initial: {
        ...emptyForm(),
        startDate: today,
        boardIds: boardFilter ? [boardFilter] : [],
        groupIds: groupFilter ? [groupFilter] : [],
        ...patch,
      },
    });
  };

  const onSelect = (sel: DateSelectArg) => {
    sel.view.calendar.unselect();
    const start = wallParts(sel.start);
    if (sel.allDay) {
      const lastDay = wallParts(new Date(sel.end.getTime() - 86_400_000)).date;
      openNew({ startDate: start.date, endDate: lastDay, kind: 'always' });
      return;
    }
    const end = wallParts(sel.end);
    const hours = (sel.end.getTime() - sel.start.getTime()) / 3_600_000;
    if (hours >= 24) {
      const lastDay = wallParts(new Date(sel.end.getTime() - 60_000)).date;
      openNew({ startDate: start.date, endDate: lastDay, kind: start.time === end.time ? 'always' : 'daily', weekdays: ALL_WEEKDAYS, useWindow: start.time !== end.time, windowStart: start.time, windowEnd: end.time });
      return;
    }
    // A window that ends the next morning starts on the selected day and crosses midnight.
    openNew({ startDate: start.date, endDate: start.date, kind: 'daily', weekdays: ALL_WEEKDAYS, useWindow: true, windowStart: start.time, windowEnd: end.time });
  };

  const openExisting = async (ce: CalendarEntry) => {
    setOpening(null);
    let entry: ScheduleEntry = ce.entry;
    // An approved entry with an open draft is edited from the draft (the edit carries on).
    if (ce.approved && ce.pendingChange?.op === 'save') {
      try {
        const change = await call(API.getChange, { params: { id: ce.pendingChange.id } });
        if (change.proposed) entry = change.proposed as ScheduleEntry;
      } catch (e) {
        setOpening(e);
        return;
      }
    }
    setEditing({ key: Date.now(), entry: ce, initial: formOf(entry) });
  };

  const onEventClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    const ce = entries.list.find((e) => e.entry.id === arg.event.extendedProps.entryId);
    if (ce) void openExisting(ce);
  };

  const onDatesSet = (arg: DatesSetArg) => {
    const next = { start: arg.start.toISOString().slice(0, 19), end: arg.end.toISOString().slice(0, 19), title: arg.view.title };
    setRange((r) => (r && r.start === next.start && r.end === next.end && r.title === next.title ? r : next));
  };

  const api = () => calendarRef.current?.getApi();
  const nowWall = useCallback(() => wallOf(Date.now(), zone), [zone]);
  const views = useMemo<CalendarOptions['views']>(
    () => ({
      timeGridWeek: {
        dayHeaderFormat: phone ? { weekday: 'narrow', day: 'numeric' } : { weekday: 'short', day: '2-digit', month: '2-digit', omitCommas: true },
        titleFormat: { day: '2-digit', month: '2-digit', year: 'numeric' },
      },
      listWeek: {
        titleFormat: { day: '2-digit', month: '2-digit', year: 'numeric' },
        listDayFormat: { weekday: 'long' },
        listDaySideFormat: { day: '2-digit', month: '2-digit', year: 'numeric' },
      },
    }),
    [phone],
  );

  if (entries.isPending || boards.isPending) return <Loading />;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('subtitle', { zone, offset: zoneOffset(zone) })} />
        {can('content.edit') && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => openNew()}>
            {t('new')}
          </Button>
        )}
      </Group>

      <ErrorAlert error={entries.error ?? boards.error ?? opening} />

      <Group gap="sm" wrap="wrap" align="flex-end">
        <Select
          label={t('filterBoard')}
          placeholder={t('allBoards')}
          clearable
          searchable
          data={boardList.map((b) => ({ value: b.id, label: b.name }))}
          value={boardFilter}
          onChange={setBoardFilter}
          w={{ base: '100%', xs: 280 }}
        />
        <Select
          label={t('filterGroup')}
          placeholder={t('allGroups')}
          clearable
          data={groupList.map((g) => ({ value: g.id, label: g.name }))}
          value={groupFilter}
          onChange={setGroupFilter}
          w={{ base: '100%', xs: 240 }}
        />
        <Group gap={6} wrap="wrap" role="list" aria-label={t('legend')}>
          {LAYERS.map((l) => (
            <Badge key={l} role="listitem" variant="filled" styles={{ root: { background: LAYER_COLOURS[l], textTransform: 'none' } }}>
              {tc(`layers.${l}`)}
            </Badge>
          ))}
          <Badge role="listitem" variant="outline" color={PENDING_INK} className="lg-pending-badge" styles={{ root: { textTransform: 'none' } }}>
            {t('legendPending')}
          </Badge>
        </Group>
      </Group>

      <Card withBorder padding={phone ? 'xs' : 'md'}>
        <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('previous')}>
              <ActionIcon variant="default" size="lg" aria-label={t('previous')} onClick={() => api()?.prev()}>
                <IconChevronLeft size={18} />
              </ActionIcon>
            </Tooltip>
            <Button variant="default" onClick={() => api()?.today()} style={{ flexShrink: 0 }}>
              {t('today')}
            </Button>
            <Tooltip label={t('next')}>
              <ActionIcon variant="default" size="lg" aria-label={t('next')} onClick={() => api()?.next()}>
                <IconChevronRight size={18} />
              </ActionIcon>
            </Tooltip>
            {!phone && <RangeTitle title={range?.title} />}
          </Group>
          <SegmentedControl
            aria-label={t('view')}
            value={view}
            onChange={(v) => {
              setView(v as View);
              api()?.changeView(v);
            }}
            data={[
              { value: 'dayGridMonth', label: t('views.month') },
              { value: 'timeGridWeek', label: t('views.week') },
              { value: 'listWeek', label: t('views.list') },
            ]}
          />
          {phone && <RangeTitle title={range?.title} />}
        </Group>
        <div className="lg-calendar" data-view={view}>
          <FullCalendar
            ref={calendarRef}
            plugins={PLUGINS}
            initialView={view}
            headerToolbar={false}
            locales={LOCALES}
            locale={i18n.language === 'en' ? 'en-gb' : 'vi'}
            timeZone="UTC"
            now={nowWall}
            firstDay={1}
            height="auto"
            events={events}
            eventOrder="start,-duration,allDay,layerRank,priorityRank,title"
            eventDisplay="block"
            eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            dayMaxEvents={phone ? 2 : 4}
            dayHeaderFormat={phone ? { weekday: 'narrow' } : { weekday: 'short' }}
            views={views}
            nowIndicator
            eventInteractive
            selectable={can('content.edit')}
            selectMirror
            select={onSelect}
            eventClick={onEventClick}
            datesSet={onDatesSet}
            noEventsContent={t('noEvents')}
            moreLinkText={(n) => t('more', { count: n })}
            allDayText={t('allDay')}
          />
        </div>
        {can('content.edit') && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('selectHint')}
          </Text>
        )}
      </Card>

      {unsupported.length > 0 && (
        <Alert color="gray" title={t('cronNoteTitle')}>
          <Stack gap={4}>
            {unsupported.map((ce) => (
              <Text size="sm" key={ce.entry.id}>
                {t('cronNote', { name: ce.entry.name ?? playlistName.get(ce.entry.playlistId) ?? ce.entry.id, expression: ce.entry.recurrence.kind === 'cron' ? ce.entry.recurrence.expression : '' })}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('pendingTitle')}
          </Title>
          {pendingList.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('pendingEmpty')}
            </Text>
          ) : (
            <Stack gap={6} role="list" aria-label={t('pendingTitle')}>
              {pendingList.map((ce) => (
                <UnstyledButton key={ce.entry.id} role="listitem" onClick={() => void openExisting(ce)} className="lg-pending-row" data-entry={ce.entry.id}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                      <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: LAYER_COLOURS[ce.entry.layer], flexShrink: 0 }} />
                      <Text size="sm" truncate="end">
                        {ce.entry.name ?? playlistName.get(ce.entry.playlistId) ?? ce.entry.id}
                      </Text>
                    </Group>
                    <Group gap={4} wrap="nowrap">
                      <Badge size="sm" variant="outline" color="dark" styles={{ root: { textTransform: 'none' } }}>
                        {ce.pendingChange!.op === 'delete' ? t('opDelete') : ce.approved ? t('opEdit') : t('opNew')}
                      </Badge>
                      <Badge size="sm" variant="outline" color={ce.pendingChange!.status === 'rejected' ? 'red' : PENDING_INK} styles={{ root: { textTransform: 'none' } }}>
                        {tc(`approval.${ce.pendingChange!.status}`)}
                      </Badge>
                    </Group>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </Card>
        <BoardTimelines boards={boardFilter ? boardList.filter((b) => b.id === boardFilter) : groupFilter ? boardList.filter((b) => groupList.find((g) => g.id === groupFilter)?.boardIds.includes(b.id)) : boardList} entryName={entryName} />
      </SimpleGrid>

      {editing && (
        <EntryForm
          key={editing.key}
          opened
          onClose={() => setEditing(null)}
          initial={editing.initial}
          editing={editing.entry}
          boards={boardList}
          groups={groupList}
          playlists={playlists.data ?? []}
          zone={zone}
        />
      )}
    </Stack>
  );
}

/** "Tháng 11 năm 2026": the calendar's own title, starting with a capital. */
function RangeTitle({ title }: { title: string | undefined }) {
  return (
    <Text fw={700} ml="xs" aria-live="polite" data-range-title>
      {title ? title.charAt(0).toLocaleUpperCase() + title.slice(1) : null}
    </Text>
  );
}
