// The picture library: pick a picture from the grid, or drop a new one on the drop zone (or choose
// it from the computer) and watch it upload. The controller checks the picture (PNG, JPEG or WebP),
// turns it upright and removes its metadata; the new picture is chosen at once.
import { Alert, Box, Button, Group, Image, Paper, Progress, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPhotoUp } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DragEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../api/index.ts';
import { API, call, upload } from '../../api/index.ts';
import { ErrorAlert } from '../../components/api-error.tsx';
import { formatDateTime } from '../../components/format.ts';

export type Media = ResponseOf<typeof API.listMedia>[number];
export const MEDIA_KEY = ['media'] as const;
const ACCEPT = 'image/png,image/jpeg,image/webp';
const FIRST_SHOWN = 24;

export function useMedia() {
  return useQuery({ queryKey: MEDIA_KEY, queryFn: () => call(API.listMedia) });
}

export function mediaLabel(m: Pick<Media, 'originalName' | 'id' | 'width' | 'height'>): string {
  return `${m.originalName ?? m.id.slice(0, 12)} · ${m.width} × ${m.height}`;
}

export function MediaPicker({ value, onChange, disabled, label }: { value: string | null; onChange: (id: string) => void; disabled: boolean; label: string }) {
  const { t } = useTranslation('slides');
  const media = useMedia();
  const [all, setAll] = useState(false);
  const list = [...(media.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const shown = all ? list : list.slice(0, FIRST_SHOWN);
  return (
    <Stack gap="sm">
      {!disabled && <DropZone onUploaded={onChange} />}
      <Text size="sm" fw={600} id="media-library-label">
        {label}
      </Text>
      <ErrorAlert error={media.error} />
      {media.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('media.empty')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="xs" role="list" aria-labelledby="media-library-label">
        {shown.map((m) => {
          const selected = m.id === value;
          return (
            <div key={m.id} role="listitem">
              <UnstyledButton
                onClick={() => onChange(m.id)}
                disabled={disabled}
                aria-pressed={selected}
                aria-label={t('media.pick', { name: mediaLabel(m) })}
                title={`${mediaLabel(m)} · ${t('media.uploadedBy', { user: m.uploadedBy, at: formatDateTime(m.createdAt) })}`}
                data-media={m.id}
                style={{
                  position: 'relative',
                  display: 'block',
                  width: '100%',
                  borderRadius: 6,
                  overflow: 'hidden',
                  // The selection is a ring of its own: the outline stays the keyboard focus ring.
                  boxShadow: selected ? '0 0 0 3px var(--mantine-color-blue-6)' : '0 0 0 1px var(--mantine-color-gray-4)',
                  background: '#111',
                }}
              >
                <Box style={{ aspectRatio: '4 / 3' }}>
                  <Image src={m.thumbnailUrl} alt="" loading="lazy" fit="contain" h="100%" w="100%" />
                </Box>
                <Text size="xs" px={4} py={2} truncate="end" c="white" bg="dark.7">
                  {m.originalName ?? m.id.slice(0, 12)}
                </Text>
                {selected && (
                  <Box pos="absolute" top={4} right={4} bg="blue.6" c="white" style={{ borderRadius: 999, display: 'flex', padding: 2 }}>
                    <IconCheck size={14} aria-hidden />
                  </Box>
                )}
              </UnstyledButton>
            </div>
          );
        })}
      </SimpleGrid>
      {list.length > FIRST_SHOWN && (
        <Button variant="subtle" size="xs" onClick={() => setAll(!all)}>
          {all ? t('media.showFewer') : t('media.showAll', { count: list.length })}
        </Button>
      )}
    </Stack>
  );
}

/** Drop a picture here (or choose one): it uploads with a progress bar and is chosen once in. */
function DropZone({ onUploaded }: { onUploaded: (id: string) => void }) {
  const { t } = useTranslation('slides');
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const send = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setProgress({ name: file.name, fraction: 0 });
    try {
      const m = await upload(API.uploadMedia, { name: file.name }, file, (fraction) => setProgress({ name: file.name, fraction }));
      await queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
      setDone(file.name);
      onUploaded(m.id);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void send(e.dataTransfer.files[0]);
  };

  return (
    <Stack gap="xs">
      <Paper
        withBorder
        p="md"
        radius="md"
        data-dropzone
        data-dragging={dragging || undefined}
        onDragOver={(e: DragEvent) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: dragging ? 'var(--mantine-color-blue-6)' : undefined, background: dragging ? 'var(--mantine-color-blue-0)' : undefined }}
      >
        <Group gap="md" wrap="nowrap" align="center">
          <IconPhotoUp size={36} stroke={1.5} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} />
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {t('media.dropHere')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('media.formats')}
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={() => input.current?.click()} disabled={progress !== null}>
                {t('media.choose')}
              </Button>
            </Group>
          </Stack>
        </Group>
        <input ref={input} type="file" accept={ACCEPT} hidden aria-label={t('media.choose')} data-upload-input onChange={(e) => void send(e.currentTarget.files?.[0])} />
      </Paper>
      {progress && (
        <Stack gap={4} role="status" aria-live="polite">
          <Text size="xs">{t('media.uploading', { name: progress.name, percent: Math.round(progress.fraction * 100) })}</Text>
          <Progress value={progress.fraction * 100} animated aria-label={t('media.uploadingLabel', { name: progress.name })} />
        </Stack>
      )}
      {done && !progress && (
        <Alert color="green" variant="light" p="xs" role="status">
          <Text size="sm">{t('media.uploaded', { name: done })}</Text>
        </Alert>
      )}
      <ErrorAlert error={error} title={t('media.uploadFailed')} />
    </Stack>
  );
}
