// Who is signed in, what they may do, and what happens when the session ends: the page stays as
// it is (nothing typed is lost) and a sign-in dialog appears over it; once signed in again, the
// user carries on where they were.
import { Alert, Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Action } from '@playlists/permissions.ts';
import type { ResponseOf } from '../api/index.ts';
import { API, ApiError, call, SESSION_ENDED } from '../api/index.ts';
import { Loading } from '../components/loading.tsx';

export type Me = ResponseOf<typeof API.me>;

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => call(API.me), retry: false, staleTime: 5 * 60_000 });
}

/** Whether the signed-in user may take an action (the server checks again; this only hides what would be refused). */
export function useCan(): (action: Action) => boolean {
  const me = useMe().data;
  return (action) => !!me?.permissions.includes(action);
}

/** Pages inside need a session: without one, to the sign-in page and back here afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== '/account') return <Navigate to="/account?required=1" replace />;
  return (
    <>
      {children}
      <SessionEndedDialog username={me.data.username} />
    </>
  );
}

/** Signs in; tells the caller whether a second factor is needed. */
export async function signIn(username: string, password: string, totp?: string): Promise<void> {
  await call(API.login, { body: { username, password, ...(totp ? { totp } : {}) } });
}

function SessionEndedDialog({ username }: { username: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const onEnded = () => setOpen(true);
    window.addEventListener(SESSION_ENDED, onEnded);
    return () => window.removeEventListener(SESSION_ENDED, onEnded);
  }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password, needTotp ? totp : undefined);
      setOpen(false);
      setPassword('');
      setTotp('');
      // Everything shown is fetched again; what the user typed stays in the page.
      await queryClient.invalidateQueries();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') setNeedTotp(true);
      else setError(e instanceof ApiError ? e.text(i18n.language) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={open} onClose={() => undefined} withCloseButton={false} closeOnClickOutside={false} closeOnEscape={false} title={t('session.endedTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('session.endedText')}</Text>
          <TextInput label={t('signIn.username')} value={username} readOnly autoComplete="username" />
          <PasswordInput label={t('signIn.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" data-autofocus required />
          {needTotp && <TextInput label={t('signIn.totp')} value={totp} onChange={(e) => setTotp(e.currentTarget.value)} inputMode="numeric" autoComplete="one-time-code" required />}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
