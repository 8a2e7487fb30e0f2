// "Thông tin văn bản": the fields an office fills in on its Báo cáo (Nghị định 30/2020) — the body
// above the issuer, the issuer and its short code, the place, the recipients (one per line), the
// signer's title and name. Admins only ('reports.manage'); the server's refusal is shown beside
// the field it is about, in the reader's language.
import { Button, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileText } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportLetterhead } from '@playlists/api/reports.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { FormActions } from '../../components/form-actions.tsx';

interface Draft {
  parentBody: string;
  issuingBody: string;
  issuerCode: string;
  place: string;
  recipients: string;
  signerTitle: string;
  signerName: string;
}

const FIELDS = ['parentBody', 'issuingBody', 'issuerCode', 'place', 'recipients', 'signerTitle', 'signerName'] as const;

const toDraft = (l: ReportLetterhead): Draft => ({ ...l, recipients: l.recipients.join('\n') });
const toBody = (d: Draft): ReportLetterhead => ({
  parentBody: d.parentBody.trim(),
  issuingBody: d.issuingBody.trim(),
  issuerCode: d.issuerCode.trim(),
  place: d.place.trim(),
  recipients: d.recipients
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean),
  signerTitle: d.signerTitle.trim(),
  signerName: d.signerName.trim(),
});

export function LetterheadButton() {
  const { t } = useTranslation('reports');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconFileText size={16} />} onClick={() => setOpen(true)}>
        {t('letterhead.open')}
      </Button>
      {open && <LetterheadDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function LetterheadDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['report-letterhead'], queryFn: () => call(API.letterhead), staleTime: 0 });
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useMutation({
    mutationFn: (d: Draft) => call(API.setLetterhead, { body: toBody(d) }),
    onSuccess: (result) => {
      queryClient.setQueryData(['report-letterhead'], result);
      notifications.show({ color: 'green', title: t('letterhead.savedTitle'), message: t('letterhead.saved') });
      onClose();
    },
  });
  const fieldError = useFieldError(save.error);
  const current = draft ?? (saved.data ? toDraft(saved.data) : null);
  const set = (patch: Partial<Draft>) => current && setDraft({ ...current, ...patch });
  // A refusal that names none of the fields is shown under the form.
  const placed = save.error instanceof ApiError && FIELDS.some((f) => fieldError(f));

  return (
    <Modal opened onClose={() => !save.isPending && onClose()} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={t('letterhead.title')} size="lg">
      {!current ? (
        saved.error ? <ErrorAlert error={saved.error} /> : <Text size="sm">{t('loading')}</Text>
      ) : (
        <form
          aria-label={t('letterhead.title')}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(current);
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('letterhead.help')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('letterhead.parentBody')} description={t('letterhead.parentBodyHelp')} value={current.parentBody} onChange={(e) => set({ parentBody: e.currentTarget.value })} error={fieldError('parentBody')} maxLength={200} />
              <TextInput label={t('letterhead.issuingBody')} description={t('letterhead.issuingBodyHelp')} value={current.issuingBody} onChange={(e) => set({ issuingBody: e.currentTarget.value })} error={fieldError('issuingBody')} withAsterisk maxLength={200} />
              <TextInput label={t('letterhead.issuerCode')} description={t('letterhead.issuerCodeHelp')} value={current.issuerCode} onChange={(e) => set({ issuerCode: e.currentTarget.value })} error={fieldError('issuerCode')} withAsterisk maxLength={40} />
              <TextInput label={t('letterhead.place')} description={t('letterhead.placeHelp')} value={current.place} onChange={(e) => set({ place: e.currentTarget.value })} error={fieldError('place')} withAsterisk maxLength={100} />
            </SimpleGrid>
            <Textarea label={t('letterhead.recipients')} description={t('letterhead.recipientsHelp')} value={current.recipients} onChange={(e) => set({ recipients: e.currentTarget.value })} error={fieldError('recipients')} autosize minRows={3} maxRows={10} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Textarea label={t('letterhead.signerTitle')} description={t('letterhead.signerTitleHelp')} value={current.signerTitle} onChange={(e) => set({ signerTitle: e.currentTarget.value })} error={fieldError('signerTitle')} withAsterisk autosize minRows={2} maxRows={4} />
              <TextInput label={t('letterhead.signerName')} description={t('letterhead.signerNameHelp')} value={current.signerName} onChange={(e) => set({ signerName: e.currentTarget.value })} error={fieldError('signerName')} maxLength={100} />
            </SimpleGrid>
            {!placed && <ErrorAlert error={save.error} />}
            <FormActions onCancel={onClose} cancelLabel={tc('actions.cancel')} submitLabel={tc('actions.save')} busy={save.isPending} cancelDisabled={save.isPending} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
