// The player boxes paired with the board: who paired each and when, when it was last seen, and
// (for those who may) pairing a new one by the code its screen shows, a one-time pairing link, and
// revoking one — its connection is closed at once and the board's screen goes back to pairing.
import { ActionIcon, Alert, Badge, Button, Card, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { ErrorAlert, errorText, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime, zoneOffset } from '../../components/format.ts';
import { useCan } from '../../app/session.tsx';

type Device = ResponseOf<typeof API.boardDevices>[number];

export const DevicesPanel = memo(function DevicesPanel({ board }: { board: BoardStatus }) {
  const { t } = useTranslation('board');
  const can = useCan();
  const manage = can('devices.manage');
  const zone = board.timeZone;
  const queryClient = useQueryClient();
  const devices = useQuery({ queryKey: ['devices', board.id], queryFn: () => call(API.boardDevices, { params: { id: board.id } }) });
  const [revoking, setRevoking] = useState<Device | null>(null);
  const list = [...(devices.data ?? [])].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const active = list.filter((d) => !d.revokedAt).length;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['devices', board.id] });

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="devices-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="devices-title">
            {t('devices.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('devices.active', { count: active })}
          </Text>
        </Group>
        <ErrorAlert error={devices.error} />
        {devices.data && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('devices.empty')}
          </Text>
        )}
        {list.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={6} data-testid="devices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('devices.device')}</Table.Th>
                  <Table.Th>{t('devices.pairedBy')}</Table.Th>
                  <Table.Th>{t('devices.lastSeen')}</Table.Th>
                  <Table.Th>{t('devices.status')}</Table.Th>
                  {manage && <Table.Th>{t('devices.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.id} data-device={d.id} data-revoked={d.revokedAt ? '1' : undefined}>
                    <Table.Td ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>
                      {d.id}
                    </Table.Td>
                    <Table.Td fz="sm">
                      {d.pairedBy}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(d.createdAt, zone)}
                      </Text>
                    </Table.Td>
                    <Table.Td fz="sm">{d.lastSeenAt ? formatDateTime(d.lastSeenAt, zone) : t('devices.neverSeen')}</Table.Td>
                    <Table.Td>
                      {d.revokedAt ? (
                        <Tooltip label={t('devices.revokedAt', { at: formatDateTime(d.revokedAt, zone) })} withArrow>
                          <Badge color="gray" variant="light" tabIndex={0}>
                            {t('devices.revoked')}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Badge color="green" variant="light">
                          {t('devices.paired')}
                        </Badge>
                      )}
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        {!d.revokedAt && (
                          <Button size="xs" color="red" variant="light" onClick={() => setRevoking(d)} aria-label={t('devices.revokeLabel', { id: d.id })}>
                            {t('devices.revoke')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {manage && <PairForm board={board} onPaired={refresh} />}
        {manage && <GrantLink board={board} />}
        {!manage && (
          <Text size="xs" c="dimmed">
            {t('devices.readOnly')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('devices.zoneNote', { zone: `${zone} (${zoneOffset(zone)})` })}
        </Text>
      </Stack>
      {revoking && <RevokeDialog device={revoking} onClose={() => setRevoking(null)} onDone={refresh} />}
    </Card>
  );
});

function PairForm({ board, onPaired }: { board: BoardStatus; onPaired: () => void }) {
  const { t, i18n } = useTranslation('board');
  const [code, setCode] = useState('');
  const pair = useMutation({
    mutationFn: (c: string) => call(API.approvePairing, { body: { code: c, boardId: board.id } }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', title: t('pair.doneTitle'), message: t('pair.done', { name: board.name, device: r.deviceId }) });
      setCode('');
      onPaired();
    },
  });
  const fieldError = useFieldError(pair.error);
  // The code refusal has no field (the code is unknown or expired), but the code is what to fix.
  const codeError = fieldError('code') ?? (pair.error instanceof ApiError && (pair.error.status === 404 || pair.error.status === 400) ? errorText(pair.error, i18n.language) : undefined);
  const otherError = pair.error && !codeError ? pair.error : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        pair.mutate(code.trim());
      }}
      aria-labelledby="pair-title"
    >
      <Stack gap="xs">
        <Title order={3} size="h5" id="pair-title">
          {t('pair.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('pair.help')}
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('pair.code')}
            placeholder="K7F-3QM"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={codeError}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            required
            w={{ base: '100%', xs: 220 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 2, textTransform: 'uppercase' } }}
          />
          <Button type="submit" loading={pair.isPending} mt={{ base: 0, xs: 25 }}>
            {t('pair.submit')}
          </Button>
        </Group>
        <ErrorAlert error={otherError} />
      </Stack>
    </form>
  );
}

const TTL_HOURS = ['1', '24', '168'] as const;

function GrantLink({ board }: { board: BoardStatus }) {
  const { t } = useTranslation('board');
  const [ttl, setTtl] = useState<string>('24');
  const grant = useMutation({ mutationFn: (hours: number) => call(API.createGrant, { params: { id: board.id }, body: { ttlHours: hours } }) });
  return (
    <Stack gap="xs" aria-labelledby="grant-title" role="group">
      <Title order={3} size="h5" id="grant-title">
        {t('grant.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('grant.help')}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label={t('grant.validity')} data={TTL_HOURS.map((h) => ({ value: h, label: t(`grant.ttl.${h}`) }))} value={ttl} onChange={(v) => v && setTtl(v)} allowDeselect={false} w={{ base: '100%', xs: 180 }} />
        <Button variant="light" leftSection={<IconLink size={16} />} onClick={() => grant.mutate(Number(ttl))} loading={grant.isPending}>
          {t('grant.create')}
        </Button>
      </Group>
      <ErrorAlert error={grant.error} />
      {grant.data && (
        <Alert color="blue" variant="light" p="sm">
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <TextInput label={t('grant.url')} value={grant.data.url} readOnly style={{ flex: 1, minWidth: 0 }} onFocus={(e) => e.currentTarget.select()} data-testid="grant-url" />
              <CopyButton value={grant.data.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('grant.copied') : t('grant.copy')} withArrow>
                    <ActionIcon variant={copied ? 'filled' : 'default'} color={copied ? 'green' : undefined} size={36} onClick={copy} aria-label={copied ? t('grant.copied') : t('grant.copy')}>
                      {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="sm">{t('grant.expires', { at: `${formatDateTime(grant.data.expiresAt, board.timeZone)} (${zoneOffset(board.timeZone, grant.data.expiresAt)})` })}</Text>
            <Text size="xs" c="dimmed">
              {t('grant.warning')}
            </Text>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function RevokeDialog({ device, onClose, onDone }: { device: Device; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('board');
  const { t: tc } = useTranslation();
  const revoke = useMutation({
    mutationFn: () => call(API.revokeDevice, { params: { id: device.id } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('revoke.done', { id: device.id }) });
      onDone();
      onClose();
    },
  });
  return (
    <Modal closeButtonProps={{ 'aria-label': tc('actions.close') }} opened onClose={onClose} title={t('revoke.title')} centered>
      <Stack>
        <Text size="sm">{t('revoke.text', { id: device.id })}</Text>
        <ErrorAlert error={revoke.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
            {t('revoke.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
