// Sign-in: name, password, and the second factor's code when the account has one; then back to
// the page the user was sent from.
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/index.ts';
import { signIn } from '../../app/session.tsx';
import { LanguageSwitch } from '../../app/language-switch.tsx';

export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  // While the password is typed, the board wall (most users' first page) loads, code and words.
  useEffect(() => {
    void import('../wall/wall-page.tsx');
    void i18n.loadNamespaces('wall');
  }, [i18n]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password, needTotp ? totp : undefined);
      await queryClient.invalidateQueries();
      // Only a path inside the app, never another site.
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setError(null);
      } else setError(e instanceof ApiError ? e.text(i18n.language) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <div>
              <Title order={1} size="h2">
                LEDGate
              </Title>
              <Text c="dimmed" size="sm">
                {t('app.tagline')}
              </Text>
            </div>
            <TextInput label={t('signIn.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" autoCapitalize="none" required autoFocus />
            <PasswordInput label={t('signIn.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
            {needTotp && (
              <TextInput
                label={t('signIn.totp')}
                description={t('signIn.totpHelp')}
                value={totp}
                onChange={(e) => setTotp(e.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                autoFocus
              />
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {t('signIn.submit')}
            </Button>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
