// The board's display schedule: brightness windows (a level on chosen weekdays) and power-off
// windows (black), in the board's own time zone, 24-hour, a window may cross midnight. Editable by
// those who may (an admin, or an operator with the overrides duty: a board powered off is as dark
// as a blackout); read-only for everyone else. The server's refusals appear beside the field.
import { ActionIcon, Alert, Badge, Button, Card, Chip, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { RequestOf, ResponseOf } from '../../api/index.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { zoneOffset } from '../../components/format.ts';
import { useCan } from '../../app/session.tsx';

type Display = ResponseOf<typeof API.getDisplay>;
type Body = RequestOf<typeof API.setDisplay>['body'];
type Kind = 'brightness' | 'powerOff';

interface Row {
  key: number;
  start: string;
  end: string;
  weekdays: number[];
  /** Brightness rows only; '' while the field is empty. */
  level: number | string;
}
interface Draft {
  brightness: Row[];
  powerOff: Row[];
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
let nextKey = 1;

function toDraft(d: Display): Draft {
  return {
    brightness: d.brightness.map((b) => ({ key: nextKey++, start: b.window.start, end: b.window.end, weekdays: b.weekdays, level: b.level })),
    powerOff: d.powerOff.map((p) => ({ key: nextKey++, start: p.window.start, end: p.window.end, weekdays: p.weekdays, level: '' })),
  };
}

function toBody(d: Draft): Body {
  const level = (l: number | string) => (typeof l === 'number' ? l : l.trim() === '' ? (null as unknown as number) : Number(l));
  return {
    brightness: d.brightness.map((r) => ({ window: { start: r.start, end: r.end }, weekdays: r.weekdays, level: level(r.level) })),
    powerOff: d.powerOff.map((r) => ({ window: { start: r.start, end: r.end }, weekdays: r.weekdays })),
  };
}

const crossesMidnight = (r: { start: string; end: string }) => /^\d\d:\d\d/.test(r.start) && /^\d\d:\d\d/.test(r.end) && r.end.slice(0, 5) < r.start.slice(0, 5);
const hhmm = (s: string) => s.slice(0, 5);

export const DisplayPanel = memo(function DisplayPanel({ board }: { board: BoardStatus }) {
  const { t, i18n } = useTranslation('board');
  const { t: tc } = useTranslation();
  const can = useCan();
  const editable = can('boards.display');
  const queryClient = useQueryClient();
  const key = ['display', board.id];
  const display = useQuery({ queryKey: key, queryFn: () => call(API.getDisplay, { params: { id: board.id } }) });
  // What the user is changing, kept in the page (a refusal or an ended session loses nothing).
  const [draft, setDraft] = useState<Draft | null>(null);
  // The saved schedule as rows (made once per answer, so row keys stay put while nothing changes).
  const base = useMemo(() => (display.data ? toDraft(display.data) : null), [display.data]);
  const save = useMutation({
    mutationFn: (d: Draft) => call(API.setDisplay, { params: { id: board.id }, body: toBody(d) }),
    onSuccess: (result) => {
      queryClient.setQueryData(key, result);
      setDraft(null);
      notifications.show({ color: 'green', title: t('display.savedTitle'), message: t('display.saved', { name: board.name }) });
    },
  });
  const fieldError = useFieldError(save.error);
  const problems = save.error instanceof ApiError ? save.error.fieldProblems() : [];

  if (!base) {
    return (
      <Card withBorder padding="md" component="section" aria-labelledby="display-title">
        <Title order={2} size="h3" id="display-title" mb="sm">
          {t('display.title')}
        </Title>
        {display.error ? <ErrorAlert error={display.error} /> : <Text size="sm">{t('now.loading')}</Text>}
      </Card>
    );
  }

  const current = draft ?? base;
  const change = (kind: Kind, rows: Row[]) => {
    save.reset();
    setDraft({ ...current, [kind]: rows });
  };
  const update = (kind: Kind, i: number, patch: Partial<Row>) => {
    const rows = current[kind].map((r, j) => (j === i ? { ...r, ...patch } : r));
    setDraft({ ...current, [kind]: rows });
  };
  const listError = (kind: Kind) => {
    const p = problems.find((x) => x.field === `body.${kind}`);
    return p ? (i18n.language === 'en' ? p.en : p.vi) : undefined;
  };
  const unplaced = save.error && problems.length === 0 ? save.error : null;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="display-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="display-title">
            {t('display.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {tc('time.zone', { zone: `${board.timeZone} (${zoneOffset(board.timeZone)})` })}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t('display.help')}
        </Text>
        {!editable && (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} p="xs">
            <Text size="sm">{t('display.readOnly')}</Text>
          </Alert>
        )}
        {(['brightness', 'powerOff'] as const).map((kind) => (
          <Stack gap="xs" key={kind} role="group" aria-labelledby={`display-${kind}`}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Title order={3} size="h5" id={`display-${kind}`}>
                {t(`display.${kind}.title`)}
              </Title>
              {editable && (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => change(kind, [...current[kind], { key: nextKey++, start: kind === 'brightness' ? '18:00' : '23:00', end: kind === 'brightness' ? '06:00' : '05:00', weekdays: ALL_DAYS, level: kind === 'brightness' ? 60 : '' }])}
                >
                  {t(`display.${kind}.add`)}
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {t(`display.${kind}.help`)}
            </Text>
            {current[kind].length === 0 && (
              <Text size="sm" c="dimmed" data-testid={`${kind}-empty`}>
                {t(`display.${kind}.empty`)}
              </Text>
            )}
            {current[kind].map((row, i) =>
              editable ? (
                <WindowRow key={row.key} kind={kind} index={i} row={row} fieldError={fieldError} onChange={(patch) => update(kind, i, patch)} onRemove={() => change(kind, current[kind].filter((_, j) => j !== i))} />
              ) : (
                <WindowText key={row.key} kind={kind} row={row} />
              ),
            )}
            {listError(kind) && (
              <Text size="sm" c="red.8" role="alert">
                {listError(kind)}
              </Text>
            )}
          </Stack>
        ))}
        {editable && (
          <>
            <ErrorAlert error={unplaced} />
            <Group gap="sm" wrap="wrap">
              <Button onClick={() => save.mutate(current)} loading={save.isPending} disabled={draft === null}>
                {t('display.save')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  save.reset();
                  setDraft(null);
                }}
                disabled={draft === null}
              >
                {t('display.discard')}
              </Button>
              {draft !== null && (
                <Badge color="yellow" variant="light">
                  {t('display.unsaved')}
                </Badge>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
});

function Weekdays({ value, onChange, label, error }: { value: number[]; onChange: (days: number[]) => void; label: string; error: string | undefined }) {
  const { t } = useTranslation('board');
  return (
    <div>
      <Text size="sm" fw={500} mb={4} id={`${label}-label`}>
        {t('display.weekdays')}
      </Text>
      <Chip.Group multiple value={value.map(String)} onChange={(v) => onChange(v.map(Number).sort((a, b) => a - b))}>
        <Group gap={4} wrap="wrap" role="group" aria-label={label}>
          {ALL_DAYS.map((d) => (
            <Chip key={d} value={String(d)} size="xs" aria-label={t(`weekday.long.${d}`)} radius="sm">
              {t(`weekday.short.${d}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {error && (
        <Text size="xs" c="red.8" mt={4}>
          {error}
        </Text>
      )}
    </div>
  );
}

function WindowRow({ kind, index, row, fieldError, onChange, onRemove }: { kind: Kind; index: number; row: Row; fieldError: (f: string) => string | undefined; onChange: (patch: Partial<Row>) => void; onRemove: () => void }) {
  const { t } = useTranslation('board');
  const n = index + 1;
  const path = `${kind}.${index}`;
  const windowError = fieldError(`${path}.window`);
  const startError = fieldError(`${path}.window.start`);
  const endError = fieldError(`${path}.window.end`) ?? (startError ? undefined : windowError);
  return (
    <Paper withBorder p="sm" radius="md" data-row={`${kind}-${index}`}>
      <Group align="flex-start" gap="md" wrap="wrap">
        <TimePicker
          label={t('display.start')}
          aria-label={t(`display.${kind}.startOf`, { n })}
          value={row.start}
          onChange={(v) => onChange({ start: v })}
          format="24h"
          hoursInputLabel={t('display.hoursOf', { what: t(`display.${kind}.startOf`, { n }) })}
          minutesInputLabel={t('display.minutesOf', { what: t(`display.${kind}.startOf`, { n }) })}
          error={startError}
          w={120}
        />
        <TimePicker
          label={t('display.end')}
          aria-label={t(`display.${kind}.endOf`, { n })}
          value={row.end}
          onChange={(v) => onChange({ end: v })}
          format="24h"
          hoursInputLabel={t('display.hoursOf', { what: t(`display.${kind}.endOf`, { n }) })}
          minutesInputLabel={t('display.minutesOf', { what: t(`display.${kind}.endOf`, { n }) })}
          error={endError}
          w={120}
          description={crossesMidnight(row) ? t('display.crossesMidnight') : undefined}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
        <Weekdays value={row.weekdays} onChange={(weekdays) => onChange({ weekdays })} label={t(`display.${kind}.daysOf`, { n })} error={fieldError(`${path}.weekdays`)} />
        {kind === 'brightness' && (
          <NumberInput
            label={t('display.level')}
            aria-label={t('display.brightness.levelOf', { n })}
            value={row.level}
            onChange={(v) => onChange({ level: v })}
            min={0}
            max={100}
            clampBehavior="none"
            allowDecimal={false}
            suffix=" %"
            error={fieldError(`${path}.level`)}
            w={110}
          />
        )}
        <ActionIcon variant="subtle" color="red" size="lg" mt={24} onClick={onRemove} aria-label={t(`display.${kind}.remove`, { n })}>
          <IconTrash size={18} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}

function WindowText({ kind, row }: { kind: Kind; row: Row }) {
  const { t } = useTranslation('board');
  const days = row.weekdays.length === 7 ? t('display.everyDay') : row.weekdays.map((d) => t(`weekday.short.${d}`)).join(', ');
  return (
    <Paper withBorder p="sm" radius="md">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600} ff="monospace">
          {hhmm(row.start)} – {hhmm(row.end)}
        </Text>
        {crossesMidnight(row) && (
          <Badge size="sm" variant="light" color="gray">
            {t('display.crossesMidnight')}
          </Badge>
        )}
        <Text size="sm">{days}</Text>
        {kind === 'brightness' && (
          <Badge size="sm" variant="light">
            {t('display.levelValue', { level: row.level })}
          </Badge>
        )}
      </Group>
    </Paper>
  );
}
