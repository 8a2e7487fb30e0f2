// The board now: what it shows this second (the player's own timeline over the manifest it plays,
// ticking with it), its live state, the delivery of its latest schedule step by step, and what its
// player last reported. Everything here moves with /ops pushes and the clock; nothing is polled.
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Manifest } from '@playlists/manifest.ts';
import { brightnessAt, showAt } from '@playlists/timeline.ts';
import { formatAge, formatDateTime, formatSeconds, formatTime, zoneOffset } from '../../components/format.ts';
import { LiveChip, liveOf, useLiveReason } from '../../components/live-chip.tsx';
import { BoardFrame } from '../../components/board-frame.tsx';
import { BoardPicture } from './board-picture.tsx';
import { findItem } from './board-data.ts';

const PREVIEW_MAX_WIDTH = 640;

export function NowPanel({ board, manifest, manifestError, now }: { board: BoardStatus; manifest: Manifest | undefined; manifestError: boolean; now: number }) {
  const { t, i18n } = useTranslation('board');
  const { t: tc } = useTranslation();
  const zone = board.timeZone;
  const shown = manifest ? showAt(manifest, now) : null;
  const segment = shown?.segment ?? null;
  const noVersion = board.delivery.version === null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="now-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="now-title">
            {t('now.title')}
          </Title>
          <Text size="sm" c="dimmed" ff="monospace" aria-label={t('now.clockLabel', { zone })}>
            {formatTime(now, zone, true)} ({zoneOffset(zone, now)})
          </Text>
        </Group>
        <BoardPicture
          width={board.width}
          height={board.height}
          shown={shown}
          t={now}
          maxWidth={PREVIEW_MAX_WIDTH}
          alt={t('now.alt', { name: board.name })}
          loadingLabel={noVersion ? t('now.noManifest') : manifestError ? tc('errors.loadFailed') : t('now.loading')}
          testId="now-picture"
        />
        <Text size="xs" c="dimmed">
          {t('size', { width: board.width, height: board.height })} · P{board.pitchMm.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN')} ({t('pitchMm', { pitch: board.pitchMm.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN') })})
          {manifest ? ` · ${t('now.brightness', { level: brightnessAt(manifest, now) })}` : ''}
        </Text>
        {shown && (
          <Text size="sm" aria-live="off">
            {shown.item ? (
              <>
                {t('now.showing', { slide: shown.item.slideId })} ·{' '}
                {segment && segment.kind === 'play' ? tc(`layers.${segment.layer}`) : t('layer.fallback')} · {t('now.until', { time: formatTime(shown.nextChangeAt, zone, true) })}
              </>
            ) : (
              <>
                {t(`black.${segment?.kind === 'black' ? segment.reason : 'nothing-scheduled'}`)}
                {Number.isFinite(shown.nextChangeAt) ? ` · ${t('now.until', { time: formatDateTime(shown.nextChangeAt, zone) })}` : ''}
              </>
            )}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

type Step = 'pending' | 'delivered' | 'ready' | 'playing';

/** When each step of the latest version was reached (a step counts only for that version). */
function steps(board: BoardStatus): { step: Step; at: string | null }[] {
  const d = board.delivery;
  return [
    { step: 'pending', at: d.version ? d.publishedAt : null },
    { step: 'delivered', at: d.version && d.deliveredVersion === d.version ? d.deliveredAt : null },
    { step: 'ready', at: d.version && d.readyVersion === d.version ? d.readyAt : null },
    { step: 'playing', at: d.version && d.playingVersion === d.version ? d.playingAt : null },
  ];
}

export function StatePanel({ board, manifest, now }: { board: BoardStatus; manifest: Manifest | undefined; now: number }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const reason = useLiveReason();
  const live = liveOf(board, now);
  const zone = board.timeZone;
  const list = steps(board);
  const reached = list.reduce((last, s, i) => (s.at ? i : last), -1);
  const d = board.delivery;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="state-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="state-title">
            {t('state.title')}
          </Title>
          <LiveChip board={board} now={now} />
        </Group>
        <Text size="sm" data-testid="live-reason">
          {reason(live.state, live.heartbeatAgeMs)}
        </Text>
        <Text size="sm">
          {t('state.lastHeartbeat')}:{' '}
          {d.playingAt ? (
            <>
              <b>{formatDateTime(d.playingAt, zone, true)}</b> ({tc('time.ago', { value: formatAge(Math.max(0, now - Date.parse(d.playingAt))) })})
            </>
          ) : (
            tc('time.never')
          )}
        </Text>
        <div>
          <Group gap="xs" mb="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {t('state.delivery')}
            </Text>
            <Badge size="sm" variant="outline" color={d.state === 'playing' ? 'green' : d.state === 'pending' ? 'yellow' : 'blue'} data-delivery={d.state}>
              {tc(`delivery.${d.state}`)}
            </Badge>
            {d.version && (
              <Tooltip label={d.version} withArrow>
                <Text size="xs" c="dimmed" ff="monospace" tabIndex={0} aria-label={t('state.versionLabel', { version: d.version })}>
                  {t('state.version', { version: d.version.slice(0, 10) })}
                </Text>
              </Tooltip>
            )}
          </Group>
          {d.version === null ? (
            <Text size="sm" c="dimmed">
              {t('state.noVersion')}
            </Text>
          ) : (
            <Timeline active={reached} bulletSize={20} lineWidth={2} aria-label={t('state.delivery')}>
              {list.map((s, i) => (
                <Timeline.Item key={s.step} bullet={i <= reached ? <IconCircleCheck size={14} /> : <IconCircleDashed size={14} />} title={t(`step.${s.step}`)} data-step={s.step} data-reached={i <= reached ? '1' : undefined}>
                  <Text size="xs" c="dimmed">
                    {s.at ? formatDateTime(s.at, zone, true) : t('step.notYet')}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </div>
        <Text size="xs" c="dimmed">
          {tc('time.zone', { zone: `${zone} (${zoneOffset(zone, now)})` })}
        </Text>
        {manifest && board.delivery.heartbeat?.version && board.delivery.heartbeat.version !== manifest.version && (
          <Alert color="yellow" icon={<IconInfoCircle size={18} />} p="xs">
            <Text size="sm">{t('state.oldVersion')}</Text>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

const kb = (bytes: number, lang: string) => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 })} MB` : `${Math.round(bytes / 1024)} KB`);

/** What the player last reported, honestly: the controller keeps one heartbeat per board. */
export function HeartbeatPanel({ board, manifest }: { board: BoardStatus; manifest: Manifest | undefined }) {
  const { t, i18n } = useTranslation('board');
  const { t: tc } = useTranslation();
  const hb = board.delivery.heartbeat;
  const zone = board.timeZone;
  const reported = hb?.slideId ? findItem(manifest, hb.slideId) : null;
  const rows: [string, React.ReactNode][] = hb
    ? [
        [t('hb.at'), board.delivery.playingAt ? formatDateTime(board.delivery.playingAt, zone, true) : '—'],
        [t('hb.showing'), hb.black ? `${tc('live.black')}${hb.blackReason ? ` — ${t(`black.${hb.blackReason}`, { defaultValue: hb.blackReason })}` : ''}` : (hb.slideId ?? '—')],
        [t('hb.layer'), hb.layer ? tc(`layers.${hb.layer}`, { defaultValue: hb.layer }) : '—'],
        [
          t('hb.version'),
          hb.version ? (
            <Group gap={6} wrap="wrap">
              <Text size="sm" ff="monospace">
                {hb.version.slice(0, 10)}
              </Text>
              <Badge size="xs" color={hb.version === board.delivery.version ? 'green' : 'yellow'} variant="light">
                {hb.version === board.delivery.version ? t('hb.latest') : t('hb.notLatest')}
              </Badge>
            </Group>
          ) : (
            '—'
          ),
        ],
        [t('hb.clockOffset'), t('hb.ms', { value: Math.round(hb.clockOffsetMs) })],
        [t('hb.rtt'), hb.rttMs === null ? '—' : t('hb.ms', { value: Math.round(hb.rttMs) })],
        [
          t('hb.screen'),
          <Group gap={6} wrap="wrap" key="screen">
            <Text size="sm">{t('size', { width: hb.screen.width, height: hb.screen.height })}</Text>
            {(hb.screen.width < board.width || hb.screen.height < board.height) && (
              <Badge size="xs" color="yellow" variant="light">
                {t('hb.screenSmall')}
              </Badge>
            )}
          </Group>,
        ],
        [t('hb.uptime'), formatSeconds(hb.uptimeS)],
        [
          t('hb.userAgent'),
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} key="ua">
            {hb.userAgent}
          </Text>,
        ],
        [
          t('hb.lastError'),
          hb.lastError ? (
            <Text size="sm" c="red.8" key="err">
              {hb.lastError}
            </Text>
          ) : (
            t('hb.noError')
          ),
        ],
        [t('hb.cache'), hb.cache ? t('hb.cacheValue', { kind: hb.cache.kind, items: hb.cache.items, size: kb(hb.cache.bytes, i18n.language) }) : '—'],
        [t('hb.popPending'), hb.popPending === undefined ? '—' : String(hb.popPending)],
        [t('hb.device'), hb.deviceId ?? '—'],
      ]
    : [];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="hb-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="hb-title">
          {t('hb.title')}
        </Title>
        {!hb ? (
          <Text size="sm" c="dimmed">
            {t('hb.none')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: reported && reported.type !== 'clock' ? 2 : 1 }} spacing="md">
            <Table variant="vertical" layout="fixed" withTableBorder={false} data-testid="heartbeat">
              <Table.Tbody>
                {rows.map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={{ base: 130, sm: 180 }} fz="sm" fw={500} c="dimmed">
                      {k}
                    </Table.Th>
                    <Table.Td fz="sm">{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {reported && reported.type !== 'clock' && (
              <Stack gap={4}>
                <Text size="xs" c="dimmed">
                  {t('hb.reportedPicture')}
                </Text>
                <BoardFrame width={board.width} height={board.height} src={reported.url} alt={t('hb.reportedAlt', { slide: reported.slideId })} maxWidth={420} />
              </Stack>
            )}
          </SimpleGrid>
        )}
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="xs">{t('hb.historyNote')}</Text>
        </Alert>
      </Stack>
    </Card>
  );
}
