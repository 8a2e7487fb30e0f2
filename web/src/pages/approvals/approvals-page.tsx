// The approval queue: what waits for a second person's approval, the signed-in editor's own drafts
// and sent-back changes (with the reason), and what was decided lately. Each opens its change page.
// Above it, the installation's approval switch: shown to all, switched by an admin only — and
// switching it off is confirmed, since then one person's save goes straight onto the boards.
import { Alert, Badge, Button, Card, Group, Loader, Modal, Stack, Switch, Tabs, Text, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { API, call } from '../../api/index.ts';
import { useCan, useMe } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/api-error.tsx';
import type { ChangeSummary } from './change-parts.tsx';
import { ChangeRow, useChangeNames } from './change-parts.tsx';
import { PageTitle } from '../../components/page-title.tsx';

type Tab = 'queue' | 'mine' | 'decided';

export default function ApprovalsPage() {
  const { t } = useTranslation('approvals');
  const can = useCan();
  const me = useMe().data!;
  const mayEdit = can('content.edit');
  const mayReview = can('changes.review');
  const [params, setParams] = useSearchParams();
  const tab: Tab = (params.get('tab') as Tab | null) ?? (mayEdit && !mayReview ? 'mine' : 'queue');
  const names = useChangeNames();

  // The same query as the navigation's badge: approving here updates it.
  const queue = useQuery({ queryKey: ['changes', 'submitted'], queryFn: () => call(API.listChanges, { query: { status: 'submitted' } }) });
  const mine = useQuery({ queryKey: ['changes', 'open'], queryFn: () => call(API.listChanges, { query: { status: 'draft,submitted,rejected' } }), enabled: mayEdit });
  const decided = useQuery({ queryKey: ['changes', 'decided'], queryFn: () => call(API.listChanges, { query: { status: 'approved,rejected,discarded' } }), enabled: tab === 'decided' });
  const myOpen = (mine.data ?? []).filter((c) => c.author === me.username);
  const rejectedMine = myOpen.filter((c) => c.status === 'rejected').length;

  return (
    <Stack gap="lg">
      <PageTitle title={t('title')} subtitle={mayReview ? t('subtitleReviewer') : t('subtitle')} />

      <ApprovalSwitch />

      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'queue' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="queue" rightSection={queue.data?.length ? <Badge size="sm" circle color="yellow" c="dark">{queue.data.length}</Badge> : null}>
            {t('tabs.queue')}
          </Tabs.Tab>
          {mayEdit && (
            <Tabs.Tab value="mine" rightSection={rejectedMine ? <Badge size="sm" circle color="red">{rejectedMine}</Badge> : null}>
              {t('tabs.mine')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="decided">{t('tabs.decided')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="queue" pt="md">
          <ChangeList query={queue} list={queue.data} empty={t('empty.queue')} names={names} label={t('tabs.queue')} />
        </Tabs.Panel>
        {mayEdit && (
          <Tabs.Panel value="mine" pt="md">
            <ChangeList query={mine} list={myOpen} empty={t('empty.mine')} names={names} label={t('tabs.mine')} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="decided" pt="md">
          <ChangeList query={decided} list={decided.data?.slice(0, 100)} empty={t('empty.decided')} names={names} label={t('tabs.decided')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ChangeList({ query, list, empty, names, label }: { query: { isPending: boolean; error: unknown }; list: ChangeSummary[] | undefined; empty: string; names: ReturnType<typeof useChangeNames>; label: string }) {
  const { t } = useTranslation('approvals');
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isPending || !list) return <Loader size="sm" aria-label={t('loading')} />;
  if (list.length === 0)
    return (
      <Card withBorder padding="lg">
        <Text size="sm" c="dimmed" ta="center">
          {empty}
        </Text>
      </Card>
    );
  return (
    <Stack gap="xs" role="list" aria-label={label}>
      {list.map((c) => (
        <ChangeRow key={c.id} change={c} name={names(c.kind, c.targetId)} />
      ))}
    </Stack>
  );
}

function ApprovalSwitch() {
  const { t } = useTranslation('approvals');
  const can = useCan();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call(API.getSettings) });
  const [confirmOff, setConfirmOff] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const on = settings.data?.approvalRequired;
  const mayManage = can('settings.manage');

  const update = async (approvalRequired: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const next = await call(API.updateSettings, { body: { approvalRequired } });
      queryClient.setQueryData(['settings'], next);
      setConfirmOff(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="switch-heading" style={{ borderLeft: `4px solid var(--mantine-color-${on === false ? 'red' : 'green'}-6)` }}>
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: 1, minWidth: 240 }}>
          {on === false ? <IconShieldOff size={28} color="var(--mantine-color-red-7)" aria-hidden style={{ flexShrink: 0 }} /> : <IconShieldCheck size={28} color="var(--mantine-color-green-7)" aria-hidden style={{ flexShrink: 0 }} />}
          <div>
            <Title order={2} size="h4" id="switch-heading">
              {t('switch.title')}
            </Title>
            {settings.data && (
              <Text size="sm" data-approval={on ? 'on' : 'off'}>
                {on ? t('switch.on') : t('switch.off')}
              </Text>
            )}
            {!mayManage && (
              <Text size="xs" c="dimmed">
                {t('switch.adminOnly')}
              </Text>
            )}
          </div>
        </Group>
        {mayManage && settings.data && (
          <Switch
            size="lg"
            checked={!!on}
            onChange={(e) => (e.currentTarget.checked ? void update(true) : setConfirmOff(true))}
            label={t('switch.label')}
            disabled={busy}
            onLabel={t('switch.onShort')}
            offLabel={t('switch.offShort')}
          />
        )}
      </Group>
      <ErrorAlert error={settings.error ?? (confirmOff ? null : error)} />

      <Modal opened={confirmOff} onClose={() => !busy && setConfirmOff(false)} title={t('switch.confirmTitle')} centered>
        <Stack>
          <Alert color="red" icon={<IconShieldOff size={18} />}>
            {t('switch.confirmText')}
          </Alert>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmOff(false)} disabled={busy}>
              {t('switch.keepOn')}
            </Button>
            <Button color="red" onClick={() => void update(false)} loading={busy}>
              {t('switch.turnOff')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
