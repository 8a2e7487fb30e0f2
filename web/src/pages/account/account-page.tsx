// My account: who I am, my roles and what they let me do (in words); my password (a temporary one
// must be changed first — the app sends me here until it is); two-step verification (scan the QR
// code, confirm a code, keep the ten recovery codes shown once; or turn it off with my password);
// my sessions and API tokens (end one; make a token, shown once).
import { Alert, Badge, Button, Card, Code, CopyButton, Grid, Group, List, Loader, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconKey, IconPrinter, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Action } from '@playlists/permissions.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { useMe } from '../../app/session.tsx';
import type { Me } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime } from '../../components/format.ts';
import { SecretOnce } from '../users/secret-once.tsx';
import type { Token } from './sessions-list.tsx';
import { SessionsList } from './sessions-list.tsx';
import { PageTitle } from '../../components/page-title.tsx';

const MIN_PASSWORD = 12;

/** Every action of the permission table, in its order (a type, so the page chunk does not carry zod). */
const ACTION_ORDER: Record<Action, number> = {
  'boards.read': 0,
  'content.read': 1,
  'account.self': 2,
  'content.edit': 3,
  'content.import': 4,
  'changes.review': 5,
  'boards.manage': 6,
  'boards.display': 7,
  'devices.manage': 8,
  'overrides.manage': 9,
  'audit.read': 10,
  'reports.read': 11,
  'reports.manage': 12,
  'users.manage': 13,
  'settings.manage': 14,
};

export default function AccountPage() {
  const { t } = useTranslation('account');
  const me = useMe().data!;
  const [params] = useSearchParams();
  const required = params.get('required') === '1' || me.mustChangePassword;

  return (
    <Stack gap="lg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      {required && me.mustChangePassword && (
        <Alert color="orange" icon={<IconKey size={20} />} title={t('required.title')} role="alert">
          {t('required.text')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Identity me={me} />
            {required && me.mustChangePassword ? null : <TwoStep me={me} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <ChangePassword required={required && me.mustChangePassword} />
            {required && me.mustChangePassword ? null : <Sessions />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Identity({ me }: { me: Me }) {
  const { t } = useTranslation('account');
  const { t: tc } = useTranslation();
  // The table's own order, so the list reads the same for everyone.
  const mine = (Object.keys(ACTION_ORDER) as Action[]).filter((a) => me.permissions.includes(a)).sort((a, b) => ACTION_ORDER[a] - ACTION_ORDER[b]);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="me-heading">
      <Title order={2} size="h3" id="me-heading">
        {me.username}
      </Title>
      <Group gap={6} mt={6}>
        {me.roles.map((r) => (
          <Badge key={r} variant="light" color={r === 'admin' ? 'red' : 'blue'}>
            {tc(`roles.${r}`)}
          </Badge>
        ))}
        {me.duties.includes('overrides') && (
          <Badge variant="outline" color="orange">
            {t('duty')}
          </Badge>
        )}
      </Group>
      {me.sessionEndsAt && (
        <Text size="xs" c="dimmed" mt={6}>
          {t('sessionEnds', { at: formatDateTime(me.sessionEndsAt) })}
        </Text>
      )}
      <Text size="sm" fw={600} mt="md" mb={4}>
        {t('mayDo')}
      </Text>
      <List size="sm" spacing={4} icon={<IconCheck size={14} color="var(--mantine-color-green-7)" aria-hidden />} aria-label={t('mayDo')}>
        {mine.map((a) => (
          <List.Item key={a} data-permission={a}>
            {t(`permissions.${a.replace('.', '_')}`)}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

function ChangePassword({ required }: { required: boolean }) {
  const { t } = useTranslation('account');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const fieldError = useFieldError(error);
  const tooShort = next.length > 0 && next.length < MIN_PASSWORD;
  const mismatch = repeat.length > 0 && repeat !== next;

  const submit = async () => {
    setTried(true);
    setDone(false);
    if (!current || next.length < MIN_PASSWORD || next !== repeat) return;
    setBusy(true);
    setError(null);
    try {
      await call(API.changePassword, { body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setRepeat('');
      setTried(false);
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      if (required) navigate('/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const serverNew = fieldError('newPassword') ?? fieldError('password');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="password-heading">
      <Title order={2} size="h3" id="password-heading" mb="xs">
        {required ? t('password.requiredTitle') : t('password.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('password.help', { min: MIN_PASSWORD })}
          </Text>
          <PasswordInput label={required ? t('password.temporary') : t('password.current')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required error={fieldError('currentPassword') ?? (tried && !current ? t('password.needCurrent') : undefined)} />
          <PasswordInput
            label={t('password.new')}
            description={t('password.newHelp', { min: MIN_PASSWORD, count: next.length })}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            autoComplete="new-password"
            required
            error={serverNew ?? ((tried || tooShort) && next.length < MIN_PASSWORD ? t('password.tooShort', { min: MIN_PASSWORD }) : undefined)}
          />
          <PasswordInput label={t('password.repeat')} value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} autoComplete="new-password" required error={mismatch || (tried && repeat !== next) ? t('password.mismatch') : undefined} />
          {!fieldError('currentPassword') && !serverNew && <ErrorAlert error={error} />}
          {done && (
            <Alert color="green" role="status">
              {t('password.done')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              {t('password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The QR code the controller drew, as a picture (never as markup in the page). */
function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}

function TwoStep({ me }: { me: Me }) {
  const { t } = useTranslation('account');
  const queryClient = useQueryClient();
  const [enrol, setEnrol] = useState<ResponseOf<typeof API.beginTotp> | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = useFieldError(error);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const begin = () => run(async () => setEnrol(await call(API.beginTotp)));
  const confirm = () =>
    run(async () => {
      const res = await call(API.confirmTotp, { body: { code } });
      setCodes(res.recoveryCodes);
      setEnrol(null);
      setCode('');
    });
  const disable = () =>
    run(async () => {
      await call(API.disableTotp, { body: { password } });
      setPassword('');
      setTurningOff(false);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    });

  const grouped = enrol ? enrol.secret.replace(/(.{4})/g, '$1 ').trim() : '';

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="totp-heading">
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h3" id="totp-heading">
          {t('totp.title')}
        </Title>
        {me.totpEnabled || codes ? (
          <Badge color="green.6" autoContrast leftSection={<IconShieldCheck size={12} />} data-totp="on">
            {t('totp.on')}
          </Badge>
        ) : (
          <Badge color="gray" variant="light" leftSection={<IconShieldOff size={12} />} data-totp="off">
            {t('totp.off')}
          </Badge>
        )}
      </Group>

      {codes ? (
        <Stack gap="sm">
          <Alert color="green" title={t('totp.enabledTitle')}>
            {t('totp.enabledText')}
          </Alert>
          <Text size="sm" fw={600}>
            {t('totp.codesTitle')}
          </Text>
          <SimpleGrid cols={2} spacing={6} data-testid="recovery-codes">
            {codes.map((c) => (
              <Code key={c} ta="center" fz="md">
                {c}
              </Code>
            ))}
          </SimpleGrid>
          <Alert color="yellow">{t('totp.codesNote')}</Alert>
          <Group gap="sm">
            <CopyButton value={codes.join('\n')}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}>
                  {copied ? t('copied') : t('totp.copyCodes')}
                </Button>
              )}
            </CopyButton>
            <Button variant="light" onClick={() => window.print()} leftSection={<IconPrinter size={16} />}>
              {t('totp.print')}
            </Button>
            <Button
              onClick={() => {
                setCodes(null);
                void queryClient.invalidateQueries({ queryKey: ['me'] });
              }}
            >
              {t('totp.kept')}
            </Button>
          </Group>
        </Stack>
      ) : me.totpEnabled ? (
        <Stack gap="sm">
          <Text size="sm">{t('totp.onText')}</Text>
          <Text size="sm" c={me.recoveryCodesLeft < 3 ? 'red.8' : 'dimmed'}>
            {t('totp.codesLeft', { count: me.recoveryCodesLeft })}
          </Text>
          {turningOff ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void disable();
              }}
            >
              <Stack gap="xs">
                <PasswordInput label={t('totp.password')} description={t('totp.passwordHelp')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required error={fieldError('password')} data-autofocus />
                {!fieldError('password') && <ErrorAlert error={error} />}
                <Group gap="sm">
                  <Button type="submit" color="red" loading={busy}>
                    {t('totp.turnOff')}
                  </Button>
                  <Button variant="default" onClick={() => setTurningOff(false)}>
                    {t('cancel')}
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <Group>
              <Button variant="outline" color="red" onClick={() => setTurningOff(true)}>
                {t('totp.turnOffOpen')}
              </Button>
            </Group>
          )}
        </Stack>
      ) : enrol ? (
        <Stack gap="sm">
          <Text size="sm">{t('totp.scan')}</Text>
          <Group align="flex-start" gap="md" wrap="wrap">
            <img src={svgDataUrl(enrol.qrSvg)} alt={t('totp.qrAlt')} width={200} height={200} style={{ background: '#fff', padding: 8, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} />
            <Stack gap={6} style={{ flex: 1, minWidth: 200 }}>
              <Text size="sm">{t('totp.manual')}</Text>
              <Code block data-testid="totp-secret" fz="md" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {grouped}
              </Code>
              <CopyButton value={enrol.secret}>
                {({ copied, copy }) => (
                  <Button variant="light" size="xs" onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} style={{ alignSelf: 'flex-start' }}>
                    {copied ? t('copied') : t('totp.copySecret')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Group>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            <Stack gap="xs">
              <TextInput label={t('totp.code')} description={t('totp.codeHelp')} value={code} onChange={(e) => setCode(e.currentTarget.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={7} required error={fieldError('code')} w={{ base: '100%', xs: 220 }} />
              {!fieldError('code') && <ErrorAlert error={error} />}
              <Group gap="sm">
                <Button type="submit" loading={busy}>
                  {t('totp.confirm')}
                </Button>
                <Button variant="default" onClick={() => setEnrol(null)}>
                  {t('cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('totp.offText')}</Text>
          <ErrorAlert error={error} />
          <Group>
            <Button leftSection={<IconShieldCheck size={16} />} onClick={() => void begin()} loading={busy}>
              {t('totp.turnOn')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

function Sessions() {
  const { t } = useTranslation('account');
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => call(API.mySessions), staleTime: 0 });
  const [ending, setEnding] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [label, setLabel] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [tokenError, setTokenError] = useState<unknown>(null);
  const tokenField = useFieldError(tokenError);

  const end = async (tk: Token) => {
    setEnding(tk.id);
    setError(null);
    try {
      await call(API.endMySession, { params: { id: tk.id } });
      await sessions.refetch();
    } catch (e) {
      setError(e);
    } finally {
      setEnding(null);
    }
  };
  const create = async () => {
    setCreating(true);
    setTokenError(null);
    try {
      const res = await call(API.createToken, { body: { label } });
      setToken(res.token);
      setLabel('');
      await sessions.refetch();
    } catch (e) {
      setTokenError(e);
    } finally {
      setCreating(false);
    }
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="sessions-heading">
      <Title order={2} size="h3" id="sessions-heading" mb={4}>
        {t('sessions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('sessions.help')}
      </Text>
      <Stack gap="sm">
        <ErrorAlert error={sessions.error ?? error} />
        {sessions.isPending && <Loader size="sm" aria-label={t('loading')} />}
        {sessions.data && <SessionsList tokens={sessions.data} onEnd={(tk) => void end(tk)} ending={ending} />}

        <Title order={3} size="h5" mt="sm">
          {t('token.title')}
        </Title>
        {token ? (
          <Stack gap="xs">
            <SecretOnce label={t('token.shown')} secret={token} note={t('token.note')} copy={t('copy')} copied={t('copied')} testId="api-token" />
            <Group>
              <Button variant="default" onClick={() => setToken(null)}>
                {t('token.done')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput label={t('token.label')} description={t('token.labelHelp')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maxLength={100} required error={tokenField('label')} style={{ flex: 1, minWidth: 200 }} />
              <Button type="submit" loading={creating} leftSection={<IconKey size={16} />}>
                {t('token.create')}
              </Button>
            </Group>
            {!tokenField('label') && <ErrorAlert error={tokenError} />}
          </form>
        )}
      </Stack>
    </Card>
  );
}
