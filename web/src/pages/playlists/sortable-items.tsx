// The playlist's items in order, reordered by dragging the handle — or by keyboard: focus the
// handle, Space to pick up, arrow keys to move, Space to drop, Escape to cancel (announced to
// screen readers in the user's language). Each row: its picture, its duration (override) and the
// slide's transition.
import type { Announcements, DragEndEvent, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Badge, Box, Group, NumberInput, Paper, Text, Tooltip } from '@mantine/core';
import { IconClock, IconGripVertical, IconTrash } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideView } from './data.ts';
import { DEFAULT_SECONDS, PENDING_INK, previewUrl, slideLabel } from './data.ts';

export interface EditorItem {
  /** Stable within the editor: the same slide may appear twice. */
  key: string;
  slideId: string;
  durationSeconds?: number | undefined;
}

export function SortableItems({
  items,
  onChange,
  slides,
  size,
  readOnly,
  fieldError,
}: {
  items: EditorItem[];
  onChange: (items: EditorItem[]) => void;
  slides: Map<string, SlideView>;
  size: { width: number; height: number };
  readOnly: boolean;
  fieldError: (field: string) => string | undefined;
}) {
  const { t } = useTranslation('playlists');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const position = (id: UniqueIdentifier) => items.findIndex((i) => i.key === id) + 1;
  const nameOf = (id: UniqueIdentifier) => {
    const item = items.find((i) => i.key === id);
    return item ? slideLabel(slides.get(item.slideId), item.slideId) : String(id);
  };
  // dnd-kit reports the item over itself as soon as it is picked up: that would drown the
  // "picked up" message, so it is said only once the item has moved.
  const moved = useRef(false);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      moved.current = false;
      return t('dnd.start', { name: nameOf(active.id), position: position(active.id), total: items.length });
    },
    onDragOver: ({ active, over }) => {
      if (over?.id === active.id && !moved.current) return undefined;
      moved.current = true;
      return over ? t('dnd.over', { name: nameOf(active.id), position: position(over.id), total: items.length }) : t('dnd.outside', { name: nameOf(active.id) });
    },
    onDragEnd: ({ active, over }) => (over ? t('dnd.end', { name: nameOf(active.id), position: position(over.id), total: items.length }) : t('dnd.cancel', { name: nameOf(active.id) })),
    onDragCancel: ({ active }) => t('dnd.cancel', { name: nameOf(active.id) }),
  };
  const instructions: ScreenReaderInstructions = { draggable: t('dnd.instructions') };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.key === active.id);
    const to = items.findIndex((i) => i.key === over.id);
    onChange(arrayMove(items, from, to));
  };

  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: instructions }}>
      <SortableContext items={items.map((i) => i.key)} strategy={verticalListSortingStrategy} disabled={readOnly}>
        <Box component="ol" aria-label={t('itemsList')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
          {items.map((item, index) => (
            <SortableRow
              key={item.key}
              item={item}
              index={index}
              slide={slides.get(item.slideId)}
              size={size}
              readOnly={readOnly}
              error={fieldError(`items.${index}`)}
              onDuration={(v) => onChange(items.map((i) => (i.key === item.key ? { ...i, durationSeconds: v } : i)))}
              onRemove={() => onChange(items.filter((i) => i.key !== item.key))}
            />
          ))}
        </Box>
      </SortableContext>
    </DndContext>
  );
}

function SortableRow({
  item,
  index,
  slide,
  size,
  readOnly,
  error,
  onDuration,
  onRemove,
}: {
  item: EditorItem;
  index: number;
  slide: SlideView | undefined;
  size: { width: number; height: number };
  readOnly: boolean;
  error: string | undefined;
  onDuration: (seconds: number | undefined) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('playlists');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: item.key, disabled: readOnly });
  const name = slideLabel(slide, item.slideId);
  const src = previewUrl(slide, item.slideId, size);
  const own = slide?.durationSeconds ?? DEFAULT_SECONDS;
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition, position: 'relative', zIndex: isDragging ? 2 : undefined }} data-slide-id={item.slideId} data-index={index}>
      <Paper withBorder p="xs" shadow={isDragging ? 'md' : undefined} bg={isDragging ? 'gray.0' : undefined}>
        <Group gap="sm" wrap="wrap" align="center">
          <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 260px', minWidth: 0 }}>
            {!readOnly && (
              <ActionIcon ref={setActivatorNodeRef} variant="subtle" color="gray" size="lg" style={{ cursor: 'grab', touchAction: 'none' }} {...attributes} {...listeners} aria-label={t('dragHandle', { position: index + 1, name })}>
                <IconGripVertical size={18} />
              </ActionIcon>
            )}
            <Text fw={700} w={24} ta="right" c="dimmed" aria-hidden style={{ flexShrink: 0 }}>
              {index + 1}
            </Text>
            <Box w={112} style={{ flexShrink: 0, aspectRatio: `${size.width} / ${size.height}`, background: '#000', borderRadius: 4, overflow: 'hidden', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
              {src ? <img src={src} alt="" loading="lazy" style={{ width: '100%', height: '100%', display: 'block', objectFit: 'contain' }} /> : <IconClock size={24} color="#fff" aria-hidden />}
            </Box>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} lineClamp={2}>
                {name}
              </Text>
              <Group gap={4} mt={2}>
                {slide ? (
                  <>
                    <Badge size="xs" variant="light" color="gray" styles={{ root: { textTransform: 'none' } }}>
                      {t(`kind.${slide.kind}`)}
                    </Badge>
                    <Tooltip label={t('transitionHelp')}>
                      <Badge size="xs" variant="outline" color="gray.7" styles={{ root: { textTransform: 'none' } }} tabIndex={0}>
                        {t(`transition.${slide.transition}`)}
                      </Badge>
                    </Tooltip>
                  </>
                ) : (
                  <Badge size="xs" variant="outline" color={PENDING_INK} styles={{ root: { textTransform: 'none' } }}>
                    {t('slideNotApproved')}
                  </Badge>
                )}
              </Group>
            </div>
          </Group>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <NumberInput
              label={t('duration')}
              aria-label={t('durationOf', { position: index + 1, name })}
              placeholder={t('durationDefault', { count: own })}
              value={item.durationSeconds ?? ''}
              onChange={(v) => onDuration(v === '' || v === undefined ? undefined : Number(v))}
              min={2}
              max={3600}
              step={1}
              decimalScale={1}
              w={150}
              size="xs"
              error={error}
              readOnly={readOnly}
              rightSection={<Text size="xs" c="dimmed">s</Text>}
            />
            {!readOnly && (
              <Tooltip label={t('remove')}>
                <ActionIcon variant="subtle" color="red" size="lg" onClick={onRemove} aria-label={t('removeOf', { position: index + 1, name })}>
                  <IconTrash size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
      </Paper>
    </li>
  );
}
