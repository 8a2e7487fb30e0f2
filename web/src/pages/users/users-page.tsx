// Accounts (admins): who may sign in, with which roles and duty, whether they are disabled, use a
// second factor, and when their password last changed. Create one (its temporary password is shown
// once), change its roles, disable or enable it (its sessions end), reset its password (shown
// once; optionally removing its second factor), and see or end its sessions. The server's refusal
// (the last admin cannot lose the role, …) shows where the action was taken.
import { Badge, Button, Card, Checkbox, Group, Loader, Menu, Modal, Stack, Switch, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDots, IconKey, IconLock, IconLockOpen, IconPencil, IconPlus, IconShieldCheck, IconUserCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@playlists/permissions.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime } from '../../components/format.ts';
import type { Token } from '../account/sessions-list.tsx';
import { SessionsList } from '../account/sessions-list.tsx';
import { SecretOnce } from './secret-once.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { FormActions } from '../../components/form-actions.tsx';

type User = ResponseOf<typeof API.listUsers>[number];
const ROLES: Role[] = ['admin', 'editor', 'approver', 'operator', 'viewer'];
type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'disable'; user: User } | { kind: 'reset'; user: User } | { kind: 'sessions'; user: User } | null;

export default function UsersPage() {
  const { t } = useTranslation('users');
  const users = useQuery({ queryKey: ['users'], queryFn: () => call(API.listUsers) });
  const phone = useMediaQuery('(max-width: 48em)');
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PageTitle title={t('title')} subtitle={t('subtitle')} />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create' })}>
          {t('create.open')}
        </Button>
      </Group>
      <ErrorAlert error={users.error} />
      {users.isPending && <Loader aria-label={t('loading')} />}
      {users.data && (phone ? <UserCards users={users.data} onAction={setDialog} /> : <UserTable users={users.data} onAction={setDialog} />)}

      {dialog?.kind === 'create' && <CreateUser onClose={close} />}
      {dialog?.kind === 'edit' && <EditUser user={dialog.user} onClose={close} />}
      {dialog?.kind === 'disable' && <DisableUser user={dialog.user} onClose={close} />}
      {dialog?.kind === 'reset' && <ResetPassword user={dialog.user} onClose={close} />}
      {dialog?.kind === 'sessions' && <UserSessions user={dialog.user} onClose={close} />}
    </Stack>
  );
}

function RoleBadges({ user }: { user: User }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  return (
    <Group gap={4}>
      {user.roles.map((r) => (
        <Badge key={r} size="sm" variant="light" color={r === 'admin' ? 'red' : 'blue'}>
          {tc(`roles.${r}`)}
        </Badge>
      ))}
      {user.duties.includes('overrides') && (
        <Badge size="sm" variant="outline" color="orange">
          {t('duty')}
        </Badge>
      )}
    </Group>
  );
}

function StateBadges({ user }: { user: User }) {
  const { t } = useTranslation('users');
  return (
    <Group gap={4}>
      {user.disabled ? (
        <Badge size="sm" color="dark" data-state="disabled">
          {t('state.disabled')}
        </Badge>
      ) : (
        <Badge size="sm" color="green" variant="light" data-state="active">
          {t('state.active')}
        </Badge>
      )}
      {user.mustChangePassword && (
        <Badge size="sm" color="yellow" variant="light">
          {t('state.mustChange')}
        </Badge>
      )}
    </Group>
  );
}

function TwoFactor({ user }: { user: User }) {
  const { t } = useTranslation('users');
  return user.totpEnabled ? (
    <Badge size="sm" color="green" variant="dot">
      {t('totp.on')}
    </Badge>
  ) : (
    <Badge size="sm" color="gray" variant="dot">
      {t('totp.off')}
    </Badge>
  );
}

function Actions({ user, onAction }: { user: User; onAction: (d: Dialog) => void }) {
  const { t } = useTranslation('users');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" rightSection={<IconDots size={14} />} aria-label={t('actions.menu', { username: user.username })}>
          {t('actions.title')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onAction({ kind: 'edit', user })}>
          {t('actions.edit')}
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={14} />} onClick={() => onAction({ kind: 'reset', user })}>
          {t('actions.reset')}
        </Menu.Item>
        <Menu.Item leftSection={<IconUserCircle size={14} />} onClick={() => onAction({ kind: 'sessions', user })}>
          {t('actions.sessions')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color={user.disabled ? 'green' : 'red'} leftSection={user.disabled ? <IconLockOpen size={14} /> : <IconLock size={14} />} onClick={() => onAction({ kind: 'disable', user })}>
          {user.disabled ? t('actions.enable') : t('actions.disable')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function UserTable({ users, onAction }: { users: User[]; onAction: (d: Dialog) => void }) {
  const { t } = useTranslation('users');
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.username')}</Table.Th>
            <Table.Th>{t('columns.roles')}</Table.Th>
            <Table.Th>{t('columns.state')}</Table.Th>
            <Table.Th>{t('columns.totp')}</Table.Th>
            <Table.Th>{t('columns.password')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.username} data-user={u.username}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {u.username}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('createdAt', { at: formatDateTime(u.createdAt) })}
                </Text>
              </Table.Td>
              <Table.Td>
                <RoleBadges user={u} />
              </Table.Td>
              <Table.Td>
                <StateBadges user={u} />
              </Table.Td>
              <Table.Td>
                <TwoFactor user={u} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{u.passwordChangedAt ? formatDateTime(u.passwordChangedAt) : t('never')}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Actions user={u} onAction={onAction} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UserCards({ users, onAction }: { users: User[]; onAction: (d: Dialog) => void }) {
  const { t } = useTranslation('users');
  return (
    <Stack gap="xs" role="list" aria-label={t('title')}>
      {users.map((u) => (
        <Card key={u.username} withBorder padding="sm" role="listitem" data-user={u.username}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={700}>{u.username}</Text>
              <Actions user={u} onAction={onAction} />
            </Group>
            <RoleBadges user={u} />
            <Group gap={6}>
              <StateBadges user={u} />
              <TwoFactor user={u} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('passwordChanged', { at: u.passwordChangedAt ? formatDateTime(u.passwordChangedAt) : t('never') })}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** Roles as checkboxes, each with what it may do, and the emergency duty. */
function RolesField({ roles, setRoles, duty, setDuty, error }: { roles: Role[]; setRoles: (r: Role[]) => void; duty: boolean; setDuty: (d: boolean) => void; error: string | undefined }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  return (
    <>
      <Checkbox.Group label={t('form.roles')} description={t('form.rolesHelp')} value={roles} onChange={(v) => setRoles(v as Role[])} error={error} withAsterisk>
        <Stack gap="xs" mt="xs">
          {ROLES.map((r) => (
            <Checkbox key={r} value={r} label={tc(`roles.${r}`)} description={t(`roleHelp.${r}`)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Switch checked={duty} onChange={(e) => setDuty(e.currentTarget.checked)} label={t('form.duty')} description={t('form.dutyHelp')} />
    </>
  );
}

function CreateUser({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('users');
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<Role[]>(['editor']);
  const [duty, setDuty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const fieldError = useFieldError(error);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await call(API.createUser, { body: { username: username.trim(), roles, duties: duty ? ['overrides'] : [] } });
      setCreated({ username: res.user.username, password: res.temporaryPassword });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => !busy && onClose()} title={created ? t('create.doneTitle', { username: created.username }) : t('create.title')} size="lg" closeOnClickOutside={!created}>
      {created ? (
        <Stack>
          <SecretOnce label={t('create.password')} secret={created.password} note={t('create.passwordNote')} copy={t('copy')} copied={t('copied')} testId="temporary-password" />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('create.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <TextInput label={t('form.username')} description={t('form.usernameHelp')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoComplete="off" error={fieldError('username')} data-autofocus />
            <RolesField roles={roles} setRoles={setRoles} duty={duty} setDuty={setDuty} error={fieldError('roles')} />
            {!fieldError('username') && !fieldError('roles') && <ErrorAlert error={error} />}
            {fieldError('duties') && <ErrorAlert error={error} />}
            <FormActions onCancel={onClose} cancelLabel={t('cancel')} submitLabel={t('create.submit')} busy={busy} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function EditUser({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('users');
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [duty, setDuty] = useState(user.duties.includes('overrides'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = useFieldError(error);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(API.updateUser, { params: { username: user.username }, body: { roles, duties: duty ? ['overrides'] : [] } });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => !busy && onClose()} title={t('edit.title', { username: user.username })} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <RolesField roles={roles} setRoles={setRoles} duty={duty} setDuty={setDuty} error={fieldError('roles')} />
          <Text size="sm" c="dimmed">
            {t('edit.note')}
          </Text>
          {!fieldError('roles') && <ErrorAlert error={error} />}
          <FormActions onCancel={onClose} cancelLabel={t('cancel')} submitLabel={t('edit.submit')} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}

function DisableUser({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('users');
  const queryClient = useQueryClient();
  const me = useMe().data!;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const disabling = !user.disabled;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(API.updateUser, { params: { username: user.username }, body: { disabled: disabling } });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => !busy && onClose()} title={disabling ? t('disable.title', { username: user.username }) : t('enable.title', { username: user.username })}>
      <Stack>
        <Text size="sm">{disabling ? t('disable.text') : t('enable.text')}</Text>
        {disabling && user.username === me.username && (
          <Text size="sm" c="red.8" fw={600}>
            {t('disable.self')}
          </Text>
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button color={disabling ? 'red' : 'green.6'} autoContrast onClick={() => void submit()} loading={busy}>
            {disabling ? t('disable.confirm') : t('enable.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ResetPassword({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('users');
  const queryClient = useQueryClient();
  const [removeTotp, setRemoveTotp] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await call(API.resetPassword, { params: { username: user.username }, body: { resetSecondFactor: removeTotp } });
      setPassword(res.temporaryPassword);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => !busy && onClose()} title={t('reset.title', { username: user.username })} size="lg" closeOnClickOutside={!password}>
      {password ? (
        <Stack>
          <SecretOnce label={t('reset.password')} secret={password} note={t('reset.passwordNote')} copy={t('copy')} copied={t('copied')} testId="temporary-password" />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('create.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">{t('reset.text')}</Text>
          {user.totpEnabled && <Checkbox checked={removeTotp} onChange={(e) => setRemoveTotp(e.currentTarget.checked)} label={t('reset.removeTotp')} description={t('reset.removeTotpHelp')} />}
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button color="red" onClick={() => void submit()} loading={busy} leftSection={<IconShieldCheck size={16} />}>
              {t('reset.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function UserSessions({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('users');
  const sessions = useQuery({ queryKey: ['user-sessions', user.username], queryFn: () => call(API.userSessions, { params: { username: user.username } }), staleTime: 0 });
  const [error, setError] = useState<unknown>(null);
  const [ending, setEnding] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);

  const end = async (run: () => Promise<unknown>, what: string) => {
    setEnding(what);
    setError(null);
    try {
      await run();
      setConfirmAll(false);
      await sessions.refetch();
    } catch (e) {
      setError(e);
    } finally {
      setEnding(null);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('sessions.title', { username: user.username })} size="lg">
      <Stack>
        <ErrorAlert error={sessions.error ?? error} />
        {sessions.isPending && <Loader size="sm" aria-label={t('loading')} />}
        {sessions.data && <SessionsList tokens={sessions.data} ending={ending} allowEndCurrent onEnd={(tk: Token) => void end(() => call(API.endUserSession, { params: { username: user.username, id: tk.id } }), tk.id)} />}
        {sessions.data && sessions.data.length > 0 && (
          <Group justify="space-between" wrap="wrap">
            {confirmAll ? (
              <Group gap="xs">
                <Text size="sm">{t('sessions.confirmAll', { count: sessions.data.length })}</Text>
                <Button size="xs" color="red" onClick={() => void end(() => call(API.endUserSessions, { params: { username: user.username } }), 'all')} loading={ending === 'all'}>
                  {t('sessions.endAllConfirm')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirmAll(false)}>
                  {t('cancel')}
                </Button>
              </Group>
            ) : (
              <Button size="xs" color="red" variant="outline" onClick={() => setConfirmAll(true)}>
                {t('sessions.endAll')}
              </Button>
            )}
          </Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
