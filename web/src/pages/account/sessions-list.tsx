// Sessions (browsers signed in) and API tokens of an account, each with where and when it was
// used and a way to end it — for one's own account and, for admins, anyone's.
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../api/index.ts';
import type { API } from '../../api/index.ts';
import { formatDateTime } from '../../components/format.ts';

export type Token = ResponseOf<typeof API.mySessions>[number];

/** "Chrome · Windows" from a user agent string. */
export function describeAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  const text = [browser, os].filter(Boolean).join(' · ');
  return text || ua.slice(0, 60);
}

export function SessionsList({ tokens, onEnd, ending, allowEndCurrent = false }: { tokens: Token[]; onEnd: (t: Token) => void; ending: string | null; allowEndCurrent?: boolean }) {
  const { t } = useTranslation('account');
  if (tokens.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('sessions.none')}
      </Text>
    );
  return (
    <Stack gap="xs" role="list" aria-label={t('sessions.title')}>
      {tokens.map((tk) => {
        const agent = describeAgent(tk.userAgent);
        return (
          <Card key={tk.id} withBorder padding="sm" role="listitem" data-token={tk.id} data-kind={tk.kind}>
            <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
              <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: 1 }}>
                {tk.kind === 'api' ? <IconKey size={20} aria-hidden style={{ flexShrink: 0 }} /> : <IconDeviceDesktop size={20} aria-hidden style={{ flexShrink: 0 }} />}
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {tk.kind === 'api' ? t('sessions.api', { label: tk.label ?? tk.id }) : (agent ?? t('sessions.browser'))}
                    </Text>
                    {tk.current && (
                      <Badge size="xs" color="green.6" autoContrast>
                        {t('sessions.current')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" title={tk.userAgent ?? undefined}>
                    {t('sessions.created', { at: formatDateTime(tk.createdAt) })}
                    {' · '}
                    {tk.lastUsedAt ? t('sessions.used', { at: formatDateTime(tk.lastUsedAt) }) : t('sessions.neverUsed')}
                    {tk.ip ? ` · ${t('sessions.ip', { ip: tk.ip })}` : ''}
                    {' · '}
                    {tk.expiresAt ? t('sessions.expires', { at: formatDateTime(tk.expiresAt) }) : t('sessions.noExpiry')}
                  </Text>
                </Stack>
              </Group>
              {(!tk.current || allowEndCurrent) && (
                <Button size="xs" variant="light" color="red" onClick={() => onEnd(tk)} loading={ending === tk.id} aria-label={t('sessions.endLabel', { what: tk.kind === 'api' ? t('sessions.api', { label: tk.label ?? tk.id }) : (agent ?? t('sessions.browser')), id: tk.id })}>
                  {tk.kind === 'api' ? t('sessions.revoke') : t('sessions.end')}
                </Button>
              )}
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
