// The frame of every page: the navigation (only what the user may open), the emergency button
// reachable from every screen, the language switch and the account menu. On a phone the
// navigation folds behind a button.
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconBell,
  IconCalendarEvent,
  IconChecklist,
  IconDeviceTv,
  IconHistory,
  IconLayoutDashboard,
  IconListNumbers,
  IconPhoto,
  IconReportAnalytics,
  IconUser,
  IconUsers,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Action } from '@playlists/permissions.ts';
import { API, call } from '../api/index.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { useCan, useMe } from './session.tsx';
import { OpsProvider, useOpenAlerts } from '../live/ops.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  permission: Action;
  badge?: number;
}

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const can = useCan();
  const me = useMe().data!;
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const openAlerts = useOpenAlerts();
  const pending = useQuery({ queryKey: ['changes', 'submitted'], queryFn: () => call(API.listChanges, { query: { status: 'submitted' } }), enabled: can('changes.review') });

  const items: NavItem[] = [
    { to: '/', label: t('nav.wall'), icon: <IconLayoutDashboard size={18} />, permission: 'boards.read' },
    { to: '/slides', label: t('nav.slides'), icon: <IconPhoto size={18} />, permission: 'content.read' },
    { to: '/playlists', label: t('nav.playlists'), icon: <IconListNumbers size={18} />, permission: 'content.read' },
    { to: '/schedule', label: t('nav.schedule'), icon: <IconCalendarEvent size={18} />, permission: 'content.read' },
    { to: '/approvals', label: t('nav.approvals'), icon: <IconChecklist size={18} />, permission: 'content.read', badge: pending.data?.length },
    { to: '/boards', label: t('nav.boards'), icon: <IconDeviceTv size={18} />, permission: 'boards.read' },
    { to: '/emergency', label: t('nav.emergency'), icon: <IconAlertTriangle size={18} />, permission: 'content.read' },
    { to: '/alerts', label: t('nav.alerts'), icon: <IconBell size={18} />, permission: 'boards.read', badge: openAlerts.data?.length },
    { to: '/reports', label: t('nav.reports'), icon: <IconReportAnalytics size={18} />, permission: 'reports.read' },
    { to: '/audit', label: t('nav.audit'), icon: <IconHistory size={18} />, permission: 'audit.read' },
    { to: '/users', label: t('nav.users'), icon: <IconUsers size={18} />, permission: 'users.manage' },
  ];
  const active = (to: string) => (to === '/' ? location.pathname === '/' || location.pathname.startsWith('/wall') : location.pathname.startsWith(to));

  const signOut = async () => {
    await call(API.logout).catch(() => undefined);
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  };

  return (
    <OpsProvider>
      <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
              <UnstyledButton component={Link} to="/" aria-label={t('nav.home')}>
                <Text fw={800} size="lg">
                  LEDGate
                </Text>
              </UnstyledButton>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Button component={Link} to="/emergency" color="red" variant="filled" size="xs" leftSection={<IconAlertTriangle size={16} />}>
                {t('nav.emergencyButton')}
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button variant="subtle" size="xs" leftSection={<IconUser size={16} />} aria-label={t('nav.account')}>
                    <Text size="sm" visibleFrom="xs">
                      {me.username}
                    </Text>
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{me.roles.map((r) => t(`roles.${r}`)).join(' · ')}</Menu.Label>
                  <Menu.Item component={Link} to="/account">
                    {t('nav.account')}
                  </Menu.Item>
                  <Menu.Item color="red" onClick={() => void signOut()}>
                    {t('nav.signOut')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
          <AppShell.Section grow component={ScrollArea}>
            {items
              .filter((i) => can(i.permission))
              .map((i) => (
                <NavLink
                  key={i.to}
                  component={Link}
                  to={i.to}
                  label={i.label}
                  leftSection={i.icon}
                  active={active(i.to)}
                  onClick={close}
                  rightSection={i.badge ? <Badge size="sm" circle>{i.badge}</Badge> : null}
                  aria-current={active(i.to) ? 'page' : undefined}
                />
              ))}
          </AppShell.Section>
          <AppShell.Section p="xs">
            <LanguageSwitch />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </OpsProvider>
  );
}
