// Deleting a slide: first what uses it (playlists, drafts), then a confirmation. A slide still in
// use cannot go (the controller refuses with the same list): the dialog says where to take it out.
// A slide never approved has only its draft, which is discarded instead.
import { Alert, Anchor, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { ErrorAlert } from '../../components/api-error.tsx';

type UsageRef = ResponseOf<typeof API.slideUsage>['usedBy'][number];

function UsageItem({ u }: { u: UsageRef }) {
  const { t } = useTranslation('slides');
  if (u.kind === 'playlist') {
    return (
      <List.Item>
        {t('delete.usedByPlaylist')}{' '}
        <Anchor component={Link} to={`/playlists/${u.id}`}>
          {u.name}
        </Anchor>
      </List.Item>
    );
  }
  if (u.kind === 'change') {
    // The controller names an open change "<kind> <id>".
    const [kind, target] = u.name.split(' ', 2);
    const what = kind === 'playlist' ? t('delete.changePlaylist', { id: target }) : kind === 'slide' ? t('delete.changeOwn') : u.name;
    return (
      <List.Item>
        <Anchor component={Link} to={`/approvals/${u.id}`}>
          {what}
        </Anchor>
      </List.Item>
    );
  }
  return <List.Item>{u.name}</List.Item>;
}

export function DeleteSlideButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const { t } = useTranslation('slides');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const usage = useQuery({ queryKey: ['slide-usage', id], queryFn: () => call(API.slideUsage, { params: { id } }), enabled: open, staleTime: 0, gcTime: 0 });
  const used = usage.data?.usedBy ?? [];

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(API.deleteSlide, { params: { id } });
      await queryClient.invalidateQueries({ queryKey: ['slides'] });
      setOpen(false);
      onDeleted();
    } catch (e) {
      setError(e);
      await usage.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="outline" color="red" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        {t('delete.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={t('delete.title', { name })} centered>
        <Stack>
          {usage.isPending && <Loader size="sm" aria-label={t('delete.checking')} />}
          <ErrorAlert error={usage.error} />
          {usage.data && used.length > 0 && (
            <Alert color="orange" variant="light" title={t('delete.usedTitle')} data-usage>
              <Stack gap="xs">
                <Text size="sm">{t('delete.usedText')}</Text>
                <List size="sm" spacing={4}>
                  {used.map((u) => (
                    <UsageItem key={`${u.kind}:${u.id}`} u={u} />
                  ))}
                </List>
              </Stack>
            </Alert>
          )}
          {usage.data && used.length === 0 && <Text size="sm">{t('delete.unused')}</Text>}
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {tc('actions.cancel')}
            </Button>
            <Button color="red" onClick={() => void remove()} loading={busy} disabled={!usage.data || used.length > 0}>
              {t('delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** A slide that was never approved: discarding its draft removes it. */
export function DiscardDraftButton({ changeId, name, onDiscarded }: { changeId: string; name: string; onDiscarded: () => void }) {
  const { t } = useTranslation('slides');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const discard = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(API.discardChange, { params: { id: changeId } });
      await queryClient.invalidateQueries({ queryKey: ['changes'] });
      setOpen(false);
      onDiscarded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outline" color="red" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        {t('discard.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={t('discard.title', { name })} centered>
        <Stack>
          <Text size="sm">{t('discard.text')}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {tc('actions.cancel')}
            </Button>
            <Button color="red" onClick={() => void discard()} loading={busy}>
              {t('discard.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
