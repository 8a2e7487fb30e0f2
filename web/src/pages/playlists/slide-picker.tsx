// Adding slides: the approved slides, searchable by name or text, each added at the end of the
// playlist with one click (several in a row; the dialog stays open until closed).
import { Badge, Box, Button, Group, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconClock, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideView } from './data.ts';
import { previewUrl, slideLabel } from './data.ts';

export function SlidePicker({ opened, onClose, slides, size, onAdd, added }: { opened: boolean; onClose: () => void; slides: SlideView[]; size: { width: number; height: number }; onAdd: (slide: SlideView) => void; added: (slideId: string) => number }) {
  const { t } = useTranslation('playlists');
  const { t: tc } = useTranslation();
  const [search, setSearch] = useState('');
  const q = search.trim().toLocaleLowerCase('vi');
  const shown = slides.filter((s) => !s.id.startsWith('khan-')).filter((s) => !q || slideLabel(s, s.id).toLocaleLowerCase('vi').includes(q) || s.id.includes(q) || (s.kind === 'text' && s.text.toLocaleLowerCase('vi').includes(q)));
  return (
    <Modal opened={opened} onClose={onClose} title={t('picker.title')} size="lg" closeButtonProps={{ 'aria-label': tc('actions.close') }}>
      <Stack gap="sm">
        <TextInput label={t('picker.search')} placeholder={t('picker.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-autofocus />
        <ScrollArea.Autosize mah="55vh" type="auto">
          <Stack gap={6} role="list" aria-label={t('picker.list')}>
            {shown.length === 0 && (
              <Text size="sm" c="dimmed">
                {slides.length ? t('picker.noMatch') : t('picker.empty')}
              </Text>
            )}
            {shown.map((s) => {
              const src = previewUrl(s, s.id, size);
              const count = added(s.id);
              return (
                <Group key={s.id} role="listitem" gap="sm" wrap="nowrap" justify="space-between" p={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                  <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Box w={{ base: 64, xs: 96 }} style={{ flexShrink: 0, aspectRatio: `${size.width} / ${size.height}`, background: '#000', borderRadius: 4, overflow: 'hidden', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
                      {src ? <img src={src} alt="" loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }} /> : <IconClock size={20} color="#fff" aria-hidden />}
                    </Box>
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} lineClamp={2}>
                        {slideLabel(s, s.id)}
                      </Text>
                      <Group gap={4}>
                        <Text size="xs" c="dimmed">
                          {t(`kind.${s.kind}`)} · {t('seconds', { count: s.durationSeconds })}
                        </Text>
                        {count > 0 && (
                          <Badge size="xs" variant="light" styles={{ root: { textTransform: 'none' } }}>
                            {t('picker.inPlaylist', { count })}
                          </Badge>
                        )}
                      </Group>
                    </div>
                  </Group>
                  <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onAdd(s)} aria-label={t('picker.addOf', { name: slideLabel(s, s.id) })} style={{ flexShrink: 0 }}>
                    {t('picker.add')}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('picker.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
