// Alerts: the boards in trouble now first (gone dark, off their schedule, not taking a new schedule,
// a player reporting an error), then the history, newest first — each with the board, what
// happened and since when on the board's own clock, and whether its mail and webhook went out.
// Live over /ops: an alert appears and ends here as it happens. An admin also sets where alerts go
// (recipients, webhook, a daily digest) and each board's offline delay. Looking changes nothing.
import { Accordion, Alert, Anchor, Badge, Button, Card, Group, NumberInput, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBellCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AlertSettings, AlertView } from '@playlists/api/alerts.ts';
import { API, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, errorText, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime, zoneOffset } from '../../components/format.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ALERT_HISTORY_KEY, useOpenAlerts } from '../../live/ops.tsx';

const SETTINGS_KEY = ['alerts', 'settings'] as const;

export default function AlertsPage() {
  const { t } = useTranslation('alerts');
  const can = useCan();
  const phone = useMediaQuery('(max-width: 48em)');
  const open = useOpenAlerts();
  const history = useQuery({ queryKey: ALERT_HISTORY_KEY, queryFn: () => call(API.listAlerts, { query: { limit: 200 } }), staleTime: 0 });
  const openList = open.data ?? [];

  return (
    <Stack gap="lg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />

      <Stack gap="sm" component="section" aria-labelledby="alerts-open">
        <Title order={2} id="alerts-open" size="h3">
          {t('open.title')}
        </Title>
        <ErrorAlert error={open.error} />
        {open.isPending && <Loading />}
        {open.data && openList.length === 0 && (
          <Card withBorder padding="md" data-testid="no-open-alerts">
            <Group gap="sm" wrap="nowrap">
              <IconBellCheck size={20} aria-hidden />
              <Text size="sm">{t('open.none')}</Text>
            </Group>
          </Card>
        )}
        <Stack gap="xs" role="list" aria-label={t('open.title')}>
          {openList.map((a) => (
            <AlertCard key={a.id} alert={a} />
          ))}
        </Stack>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="alerts-history">
        <Title order={2} id="alerts-history" size="h3">
          {t('history.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('history.subtitle')}
        </Text>
        <ErrorAlert error={history.error} />
        {history.isPending && <Loading />}
        {history.data && history.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('history.none')}
          </Text>
        )}
        {history.data && history.data.length > 0 && (phone ? <HistoryCards rows={history.data} /> : <HistoryTable rows={history.data} />)}
      </Stack>

      {can('reports.manage') && <SettingsPanel />}
    </Stack>
  );
}

function useDetail() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return {
    open: (a: AlertView) => (en ? a.detailEn : a.detail),
    close: (a: AlertView) => (en ? a.closeDetailEn : a.closeDetail),
  };
}

function KindBadge({ alert }: { alert: AlertView }) {
  const { t } = useTranslation('alerts');
  return (
    <Badge color={alert.closedAt ? 'gray' : 'red'} variant={alert.closedAt ? 'light' : 'filled'} tt="none">
      {t(`kinds.${alert.kind}`)}
    </Badge>
  );
}

/** Whether each message went out: mail and webhook, for the opening and the end. */
function Deliveries({ alert }: { alert: AlertView }) {
  const { t } = useTranslation('alerts');
  if (!alert.deliveries.length) return null;
  return (
    <Group gap={4} wrap="wrap" aria-label={t('delivery.label')}>
      {alert.deliveries.map((d) => {
        const state = d.deliveredAt ? 'sent' : d.abandonedAt ? 'abandoned' : d.attempts > 0 ? 'retrying' : 'waiting';
        return (
          <Badge key={`${d.channel}-${d.event}`} size="sm" variant="outline" color={state === 'sent' ? 'green' : state === 'waiting' ? 'gray' : 'orange'} tt="none" title={d.lastError ?? undefined} data-delivery={`${d.channel}:${d.event}:${state}`}>
            {t(`delivery.channel.${d.channel}`)} · {t(`delivery.event.${d.event}`)}: {state === 'retrying' ? t('delivery.state.retrying', { count: d.attempts }) : t(`delivery.state.${state}`)}
          </Badge>
        );
      })}
    </Group>
  );
}

/**
 * What the alert is about: its board's page, or — a scheduled report not sent ('report-failed',
 * boardId "report:<schedule id>", boardName the schedule's name) — the reports page, where the
 * schedules are.
 */
function SubjectLink({ alert: a, fw, size }: { alert: AlertView; fw?: number; size?: string }) {
  const { t } = useTranslation('alerts');
  const report = a.kind === 'report-failed';
  return (
    <Anchor component={Link} to={report ? '/reports' : `/boards/${encodeURIComponent(a.boardId)}`} fw={fw} size={size} style={{ overflowWrap: 'anywhere' }} data-subject={report ? 'report' : 'board'}>
      {report ? t('reportSubject', { name: a.boardName }) : a.boardName}
    </Anchor>
  );
}

function AlertCard({ alert: a }: { alert: AlertView }) {
  const { t } = useTranslation('alerts');
  const detail = useDetail();
  const zone = a.timeZone;
  return (
    <Card withBorder padding="sm" role="listitem" data-alert-id={a.id} data-kind={a.kind} style={{ borderLeft: `4px solid var(--mantine-color-${a.closedAt ? 'gray' : 'red'}-6)` }}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <KindBadge alert={a} />
          <SubjectLink alert={a} fw={600} />
        </Group>
        <Text size="sm" data-testid="alert-detail">
          {detail.open(a)}
        </Text>
        {a.closedAt && <Text size="sm">{detail.close(a)}</Text>}
        <Text size="xs" c="dimmed">
          {t('times.since', { at: formatDateTime(a.since, zone), zone: zoneOffset(zone, a.since) })} · {t('times.opened', { at: formatDateTime(a.openedAt, zone) })}
          {a.closedAt ? ` · ${t('times.closed', { at: formatDateTime(a.closedAt, zone) })}` : ''}
        </Text>
        <Deliveries alert={a} />
      </Stack>
    </Card>
  );
}

function HistoryCards({ rows }: { rows: AlertView[] }) {
  const { t } = useTranslation('alerts');
  return (
    <Stack gap="xs" role="list" aria-label={t('history.title')}>
      {rows.map((a) => (
        <AlertCard key={a.id} alert={a} />
      ))}
    </Stack>
  );
}

function HistoryTable({ rows }: { rows: AlertView[] }) {
  const { t } = useTranslation('alerts');
  const detail = useDetail();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" aria-label={t('history.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{t('columns.opened')}</Table.Th>
            <Table.Th>{t('columns.board')}</Table.Th>
            <Table.Th w={170}>{t('columns.kind')}</Table.Th>
            <Table.Th>{t('columns.what')}</Table.Th>
            <Table.Th w={150}>{t('columns.closed')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id} data-alert-id={a.id} data-kind={a.kind}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(a.openedAt, a.timeZone)}
                </Text>
              </Table.Td>
              <Table.Td>
                <SubjectLink alert={a} size="sm" />
              </Table.Td>
              <Table.Td>
                <KindBadge alert={a} />
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Text size="sm">{detail.open(a)}</Text>
                  {a.closedAt && (
                    <Text size="sm" c="dimmed">
                      {detail.close(a)}
                    </Text>
                  )}
                  <Deliveries alert={a} />
                </Stack>
              </Table.Td>
              <Table.Td>
                {a.closedAt ? (
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(a.closedAt, a.timeZone)}
                  </Text>
                ) : (
                  <Badge color="red" variant="light">
                    {t('history.stillOpen')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

// ---- Settings (admin) ----

function SettingsPanel() {
  const { t } = useTranslation('alerts');
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => call(API.getAlertSettings) });
  return (
    <Stack gap="sm" component="section" aria-labelledby="alerts-settings">
      <Title order={2} id="alerts-settings" size="h3">
        {t('settings.title')}
      </Title>
      <ErrorAlert error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data && <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />}
      {settings.data && <Delays settings={settings.data} />}
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: AlertSettings }) {
  const { t } = useTranslation('alerts');
  const queryClient = useQueryClient();
  const [emailTo, setEmailTo] = useState<string[]>(settings.emailTo);
  const [webhookUrl, setWebhookUrl] = useState(settings.webhookUrl ?? '');
  const [digest, setDigest] = useState<'daily' | 'off'>(settings.digest);
  const save = useMutation({
    mutationFn: (body: { emailTo?: string[] | null; webhookUrl?: string | null; digest?: 'daily' | 'off' | null }) => call(API.updateAlertSettings, { body }),
    onSuccess: (result) => {
      queryClient.setQueryData(SETTINGS_KEY, result);
      notifications.show({ color: 'green', message: t('settings.saved') });
    },
  });
  const fieldError = useFieldError(save.error);
  const from = (overridden: boolean) => (overridden ? t('settings.fromHere') : t('settings.fromEnv'));
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-label={t('settings.title')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ emailTo, webhookUrl: webhookUrl.trim(), digest });
      }}
    >
      <Stack gap="sm">
        {!settings.smtpConfigured && (
          <Alert color="yellow" role="status">
            {t('settings.noSmtp')}
          </Alert>
        )}
        <TagsInput
          label={t('settings.emailTo')}
          description={`${t('settings.emailToHelp')} ${from(settings.overridden.emailTo)}`}
          value={emailTo}
          onChange={setEmailTo}
          splitChars={[',', ' ', ';']}
          clearable
          error={fieldError('emailTo')}
        />
        <TextInput
          label={t('settings.webhook')}
          description={`${t('settings.webhookHelp')} ${from(settings.overridden.webhookUrl)}`}
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.currentTarget.value)}
          placeholder="https://…"
          error={fieldError('webhookUrl')}
        />
        <Select
          label={t('settings.digest')}
          description={from(settings.overridden.digest)}
          data={[
            { value: 'off', label: t('settings.digestOff') },
            { value: 'daily', label: t('settings.digestDaily') },
          ]}
          value={digest}
          onChange={(v) => setDigest(v === 'daily' ? 'daily' : 'off')}
          allowDeselect={false}
        />
        <Text size="sm" c="dimmed">
          {t('settings.defaultDelay', { minutes: settings.offlineMinutes })}
        </Text>
        <ErrorAlert error={save.error} />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('settings.save')}
          </Button>
          <Button variant="subtle" onClick={() => save.mutate({ emailTo: null, webhookUrl: null, digest: null })} disabled={save.isPending}>
            {t('settings.reset')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Delays({ settings }: { settings: AlertSettings }) {
  const { t } = useTranslation('alerts');
  return (
    <Accordion variant="contained">
      <Accordion.Item value="delays">
        <Accordion.Control>{t('delays.title', { count: settings.boards.filter((b) => b.offlineAlertMinutes !== null).length })}</Accordion.Control>
        <Accordion.Panel>
          <Text size="sm" c="dimmed" mb="sm">
            {t('delays.help', { minutes: settings.offlineMinutes })}
          </Text>
          <Stack gap="xs">
            {settings.boards.map((b) => (
              <DelayRow key={`${b.boardId}-${b.offlineAlertMinutes}`} board={b} defaultMinutes={settings.offlineMinutes} />
            ))}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

function DelayRow({ board, defaultMinutes }: { board: AlertSettings['boards'][number]; defaultMinutes: number }) {
  const { t } = useTranslation('alerts');
  const queryClient = useQueryClient();
  const [value, setValue] = useState<number | string>(board.offlineAlertMinutes ?? '');
  const save = useMutation({
    mutationFn: () => call(API.setAlertDelay, { params: { id: board.boardId }, body: { offlineAlertMinutes: value === '' ? null : Number(value) } }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
      notifications.show({ color: 'green', message: t('delays.saved', { name: board.boardName, minutes: r.effectiveMinutes }) });
    },
  });
  return (
    <Group
      gap="sm"
      align="flex-end"
      wrap="wrap"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <NumberInput
        label={board.boardName}
        description={t('delays.minutes')}
        placeholder={t('delays.default', { minutes: defaultMinutes })}
        value={value}
        onChange={setValue}
        min={1}
        max={1440}
        allowDecimal={false}
        w={260}
        error={save.error ? <ErrorText error={save.error} /> : undefined}
      />
      <Button type="submit" variant="light" loading={save.isPending} aria-label={t('delays.saveFor', { name: board.boardName })}>
        {t('delays.save')}
      </Button>
    </Group>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const fieldError = useFieldError(error);
  const { i18n } = useTranslation();
  return <>{fieldError('offlineAlertMinutes') ?? errorText(error, i18n.language)}</>;
}
