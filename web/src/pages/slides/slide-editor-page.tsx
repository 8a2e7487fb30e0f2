// The slide editor (/slides/new, /slides/:id): a text, picture, QR code or clock slide, drawn live
// by the controller at the exact size of every board it plays on, with its legibility in words.
// The controller's refusals appear beside the field that caused them, each with its one-click way
// out. Saving makes a draft (or sends it for approval); the boards play the approved version until
// a second person approves the new one. Nothing typed is lost when a save is refused.
import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  Collapse,
  ColorInput,
  Grid,
  Group,
  Image,
  Input,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconChevronDown, IconChevronUp, IconClock, IconPhoto, IconQrcode, IconSend, IconDeviceFloppy, IconTypography } from '@tabler/icons-react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ChangeSummary } from '@playlists/api/changes.ts';
import type { PresetId, Slide, SlideInput } from '@playlists/slide.ts';
import { PRESETS, resolveStyle } from '@playlists/slide.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, ApiError, call } from '../../api/index.ts';
import { useCan } from '../../app/session.tsx';
import { ErrorAlert, useFieldError } from '../../components/api-error.tsx';
import { formatDateTime, zoneOffset } from '../../components/format.ts';
import { Loading } from '../../components/loading.tsx';
import { BOARDS_KEY } from '../../live/ops.tsx';
import { DeleteSlideButton, DiscardDraftButton } from './delete-slide.tsx';
import type { Kind, SlideForm, StyledKind, StyleForm } from './form.ts';
import { blankForm, bodyOf, drawable, formOf, idFrom, KINDS, slideOf } from './form.ts';
import { MediaPicker, mediaLabel, useMedia } from './media-picker.tsx';
import type { Source } from './preview.tsx';
import { drawQuery, PreviewCard, targetLabel } from './preview.tsx';
import { LegacyTextRefusal, MissingGlyphRefusal, sortRefusals, TooSmallRefusal } from './refusals.tsx';
import type { Target } from './render.ts';
import { StatusBadge } from './status.tsx';
import { BackLink } from '../../components/back-link.tsx';

type Saved = 'draft' | 'submitted' | 'published';
interface Loaded {
  id: string;
  published: Slide | null;
  change: ChangeSummary | null;
  /** What the editor opens: the open draft if there is one, else the approved slide. */
  initial: Slide;
}

/** The approved slide, its open change and that change's version, in one load (kept while editing). */
async function loadSlide(id: string): Promise<Loaded | null> {
  let published: Slide | null = null;
  try {
    published = await call(API.getSlide, { params: { id } });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  const open = await call(API.listChanges, { query: { kind: 'slide', targetId: id, status: 'draft,submitted,rejected' } });
  const detail = open[0] ? await call(API.getChange, { params: { id: open[0].id } }) : null;
  const draft = detail?.op === 'save' && detail.proposed ? (detail.proposed as Slide) : null;
  const initial = draft ?? published;
  if (!initial) return null;
  const { published: _p, proposed: _q, ...change } = detail ?? { published: null, proposed: null };
  return { id, published, change: detail ? (change as ChangeSummary) : null, initial };
}

export default function SlideEditorPage() {
  const { id = 'new' } = useParams();
  const { t } = useTranslation('slides');
  const can = useCan();
  if (id === 'new') {
    if (!can('content.edit')) {
      return (
        <Stack>
          <BackLink to="/slides" label={t('editor.back')} />
          <Title order={1}>{t('editor.newTitle')}</Title>
          <Alert color="gray">{t('editor.cannotCreate')}</Alert>
        </Stack>
      );
    }
    return <Editor key="new" loaded={null} />;
  }
  return <ExistingSlide key={id} id={id} />;
}


function ExistingSlide({ id }: { id: string }) {
  const { t } = useTranslation('slides');
  // One query, loaded once: refetching (after a new sign-in) never unmounts what is being typed.
  const q = useQuery({ queryKey: ['slide-editor', id], queryFn: () => loadSlide(id), staleTime: Infinity, gcTime: 0 });
  if (q.isPending) return <Loading />;
  if (!q.data) {
    return (
      <Stack>
        <BackLink to="/slides" label={t('editor.back')} />
        <Title order={1}>{t('editor.notFoundTitle')}</Title>
        {q.error ? <ErrorAlert error={q.error} /> : <Alert color="gray">{t('editor.notFound', { id })}</Alert>}
      </Stack>
    );
  }
  return <Editor loaded={q.data} />;
}

function Section({ title, children, icon }: { title: string; children: ReactNode; icon?: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Group gap="xs" mb="sm">
        {icon}
        <Title order={2} size="h4">
          {title}
        </Title>
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** A segmented choice with a label (and help) like every other field's. */
function Segmented({ id, label, description, value, onChange, data }: { id: string; label: string; description?: string; value: string; onChange: (v: string) => void; data: { value: string; label: ReactNode }[] }) {
  return (
    <Input.Wrapper id={id} label={label} description={description} labelElement="div">
      <div style={{ marginTop: 4 }}>
        <SegmentedControl value={value} onChange={onChange} data={data} aria-labelledby={`${id}-label`} />
      </div>
    </Input.Wrapper>
  );
}

function Editor({ loaded }: { loaded: Loaded | null }) {
  const { t, i18n } = useTranslation('slides');
  const { t: tc } = useTranslation();
  const can = useCan();
  const canEdit = can('content.edit');
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const wide = useMediaQuery('(min-width: 62em)');
  const roomy = useMediaQuery('(min-width: 36em)');

  const slideId = loaded?.id ?? null;
  const [form, setForm] = useState<SlideForm>(() => (loaded ? formOf(loaded.initial) : blankForm()));
  const [idTouched, setIdTouched] = useState(false);
  const [change, setChange] = useState<ChangeSummary | null>(loaded?.change ?? null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Saved | null>(() => ((location.state as { saved?: Saved } | null)?.saved ?? null));
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [chosenBoards, setChosenBoards] = useState<string[] | null>(null);
  const [styleOpen, { toggle: toggleStyle }] = useDisclosure(false);
  const [bgPicker, setBgPicker] = useState(false);

  const update = (patch: Partial<SlideForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaveError(null);
    setSaved(null);
  };
  const styledKind: StyledKind | null = form.kind === 'image' ? null : form.kind;
  const style = styledKind ? form.styles[styledKind] : null;
  const updateStyle = (patch: Partial<StyleForm>) => {
    if (!styledKind) return;
    setForm((f) => ({ ...f, styles: { ...f.styles, [styledKind]: { ...f.styles[styledKind], ...patch } } }));
    setSaveError(null);
    setSaved(null);
  };

  // The id of a new slide comes from its name (or its first words) until the user types one.
  const media = useMedia();
  const mediaName = form.mediaId ? media.data?.find((m) => m.id === form.mediaId)?.originalName?.replace(/\.[a-z0-9]+$/i, '') : undefined;
  const kindWords = { text: form.text.split('\n')[0], qr: form.caption || form.data.replace(/^https?:\/\//, ''), image: mediaName, clock: t('kind.clock') }[form.kind];
  const firstWords = form.name || kindWords || '';
  const newId = idTouched ? form.id : idFrom(firstWords);

  // ── the live preview: debounced, drawn by the controller at every target's size ──────────────
  // Drawn under a fixed id: the id changes no pixel, and a half-typed one must not stop the preview.
  const slideJson = canEdit && drawable(form) ? JSON.stringify(slideOf(form, 'xem-truoc')) : null;
  const [debouncedJson] = useDebouncedValue(slideJson, 400);
  const source: Source = useMemo(() => (canEdit || !slideId ? { kind: 'draft', slide: debouncedJson ? (JSON.parse(debouncedJson) as SlideInput) : null } : { kind: 'saved', id: slideId }), [canEdit, slideId, debouncedJson]);

  const boards = useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
  const playsOn = useQuery({ queryKey: ['slide-legibility', slideId], queryFn: () => call(API.slideLegibility, { params: { id: slideId! } }), enabled: !!loaded?.published && loaded.published.kind !== 'clock', staleTime: 60_000 });
  const allBoards = useMemo(() => boards.data ?? [], [boards.data]);
  const playing = useMemo(() => (playsOn.data ?? []).map((l) => l.boardId), [playsOn.data]);
  const defaultBoards = useMemo(() => {
    if (playing.length) return playing;
    // One board of each distinct size (and pixel pitch): what the slide would be drawn at.
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const b of allBoards) {
      const k = `${b.width}x${b.height}@${b.pitchMm}`;
      if (seen.has(k)) continue;
      seen.add(k);
      ids.push(b.id);
    }
    return ids.slice(0, 8);
  }, [playing, allBoards]);
  const targetIds = chosenBoards ?? defaultBoards;
  const targets: Target[] = useMemo(() => {
    const byId = new Map(allBoards.map((b) => [b.id, b]));
    const list = targetIds.flatMap((bid) => {
      const b = byId.get(bid);
      return b ? [{ key: `board:${b.id}`, boardId: b.id, width: b.width, height: b.height, name: b.name, timeZone: b.timeZone }] : [];
    });
    if (!list.length && boards.data && allBoards.length === 0) return [{ key: 'size:576x288', boardId: null, width: 576, height: 288, name: null, timeZone: 'Asia/Ho_Chi_Minh' }];
    return list;
  }, [allBoards, targetIds, boards.data]);

  const isClock = form.kind === 'clock';
  const draws = useQueries({ queries: targets.map((tg) => ({ ...drawQuery(tg, source), enabled: !isClock && drawQuery(tg, source).enabled })) });
  const boardName = (boardId: unknown) => {
    const b = allBoards.find((x) => x.id === boardId);
    return b ? targetLabel({ key: '', boardId: b.id, width: b.width, height: b.height, name: b.name, timeZone: b.timeZone }, t) : String(boardId ?? '');
  };
  const saveDetails = saveError instanceof ApiError && typeof saveError.details === 'object' && saveError.details ? (saveError.details as { boardId?: unknown }) : null;
  const refusals = sortRefusals([
    ...(saveError ? [{ error: saveError, board: boardName(saveDetails?.boardId) }] : []),
    ...(source.kind === 'draft' && !isClock ? draws.map((d, i) => ({ error: d.error, board: targetLabel(targets[i]!, t) })) : []),
  ]);
  const fieldSource = [saveError, ...draws.map((d) => d.error)].find((e) => e instanceof ApiError && e.fieldProblems().length > 0) ?? null;
  const fieldError = useFieldError(fieldSource);
  const idError = saveError instanceof ApiError && saveError.status === 409 && !slideId ? saveError.text(i18n.language) : fieldError('id');

  // ── saving ─────────────────────────────────────────────────────────────────────────────────
  const save = async (submit: boolean) => {
    setSaving(submit ? 'submit' : 'draft');
    setSaveError(null);
    setSaved(null);
    try {
      const query = { submit: submit ? ('true' as const) : ('false' as const) };
      const res: ResponseOf<typeof API.createSlide> = slideId
        ? await call(API.updateSlide, { params: { id: slideId }, query, body: bodyOf(form, slideId) })
        : await call(API.createSlide, { query, body: slideOf(form, newId) });
      const outcome: Saved = res.published ? 'published' : res.change.status === 'submitted' ? 'submitted' : 'draft';
      setChange(res.change);
      setSaved(outcome);
      void queryClient.invalidateQueries({ queryKey: ['slides'] });
      void queryClient.invalidateQueries({ queryKey: ['changes'] });
      void queryClient.invalidateQueries({ queryKey: ['slide-legibility', res.id] });
      if (!slideId) navigate(`/slides/${res.id}`, { replace: true, state: { saved: outcome } });
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(null);
    }
  };
  const afterDelete = (message: string) => {
    notifications.show({ color: 'green', message });
    void queryClient.invalidateQueries({ queryKey: ['slides'] });
    void queryClient.invalidateQueries({ queryKey: ['changes'] });
    navigate('/slides');
  };

  const removeChars = (chars: string[]) => {
    const drop = (s: string) => [...s].filter((c) => !chars.includes(c) && !chars.includes(c.toLocaleUpperCase('vi'))).join('');
    update(form.kind === 'qr' ? { caption: drop(form.caption) } : { text: drop(form.text), secondLine: drop(form.secondLine) });
  };
  const legacyFor = (path: string) => {
    const r = refusals.legacy.find((l) => l.path === path);
    if (!r) return null;
    return (
      <LegacyTextRefusal
        refusal={r}
        error={refusals.legacy[0] === r ? refusals.legacyMessage : null}
        onUse={(converted) => update({ [path]: converted } as Partial<SlideForm>)}
        accepted={form.acceptLegacyLookingText}
        onAccept={(accept) => update({ acceptLegacyLookingText: accept })}
        disabled={!canEdit}
      />
    );
  };
  const keepLegacyCheckbox =
    form.acceptLegacyLookingText && refusals.legacy.length === 0 ? <Checkbox size="xs" label={t('refusal.keepAsTyped')} checked onChange={(e) => update({ acceptLegacyLookingText: e.currentTarget.checked })} /> : null;

  const title = slideId ? t('editor.editTitle', { name: loaded?.initial.name ?? loaded?.published?.name ?? slideId }) : t('editor.newTitle');
  const hasChange = change && ['draft', 'submitted', 'rejected'].includes(change.status);

  const fonts = useQuery({ queryKey: ['fonts'], queryFn: () => call(API.listFonts), staleTime: Infinity, enabled: !!styledKind });
  const background = style?.backgroundImage ? media.data?.find((m) => m.id === style.backgroundImage) : undefined;
  const resolved = style ? resolveStyle(style) : null;

  const kindIcon: Record<Kind, ReactNode> = { text: <IconTypography size={16} />, image: <IconPhoto size={16} />, qr: <IconQrcode size={16} />, clock: <IconClock size={16} /> };

  const formPart = (
    <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="md">
        <Section title={t('section.kind')}>
          <SegmentedControl
            fullWidth
            value={form.kind}
            onChange={(v) => update({ kind: v as Kind })}
            data={KINDS.map((k) => ({
              value: k,
              label: (
                <Group gap={6} justify="center" wrap="nowrap">
                  {roomy && kindIcon[k]}
                  <span>{t(`kind.${k}`)}</span>
                </Group>
              ),
            }))}
            aria-label={t('section.kind')}
          />
          <TextInput label={t('field.name')} description={t('field.nameHelp')} value={form.name} onChange={(e) => update({ name: e.currentTarget.value })} error={fieldError('name')} maxLength={200} />
          {!slideId && (
            <TextInput
              label={t('field.id')}
              description={t('field.idHelp')}
              value={newId}
              onChange={(e) => {
                setIdTouched(true);
                update({ id: e.currentTarget.value.toLowerCase() });
              }}
              error={idError}
              placeholder="khau-hieu-thang-11"
              maxLength={63}
              required
            />
          )}
        </Section>

        {form.kind === 'text' && (
          <Section title={t('section.text')} icon={<IconTypography size={18} aria-hidden />}>
            <Textarea
              label={t('field.text')}
              description={t('field.textHelp')}
              value={form.text}
              onChange={(e) => update({ text: e.currentTarget.value })}
              autosize
              minRows={3}
              maxRows={10}
              required
              error={fieldError('text')}
              data-field="text"
            />
            {legacyFor('text')}
            {refusals.missing && <MissingGlyphRefusal chars={refusals.missing.chars} error={refusals.missing.error} onRemove={() => removeChars(refusals.missing!.chars)} disabled={!canEdit} />}
            {refusals.tooSmall.length > 0 && form.mode === 'fit' && <TooSmallRefusal items={refusals.tooSmall} onScroll={() => update({ mode: 'scroll' })} disabled={!canEdit} />}
            <TextInput label={t('field.secondLine')} description={t('field.secondLineHelp')} value={form.secondLine} onChange={(e) => update({ secondLine: e.currentTarget.value })} error={fieldError('secondLine')} />
            {legacyFor('secondLine')}
            {keepLegacyCheckbox}
            <Segmented
              id="mode"
              label={t('field.mode')}
              description={form.mode === 'fit' ? t('mode.fitHelp') : t('mode.scrollHelp')}
              value={form.mode}
              onChange={(v) => update({ mode: v as 'fit' | 'scroll' })}
              data={[
                { value: 'fit', label: t('mode.fit') },
                { value: 'scroll', label: t('mode.scroll') },
              ]}
            />
            {form.mode === 'scroll' && (
              <NumberInput
                label={t('field.scrollSpeed')}
                description={t('field.scrollSpeedHelp')}
                value={form.scrollPxPerSecond}
                onChange={(v) => update({ scrollPxPerSecond: typeof v === 'number' ? v : v === '' ? '' : Number(v) })}
                min={10}
                max={600}
                step={10}
                suffix=" px/s"
                error={fieldError('scrollPxPerSecond')}
                w={{ base: '100%', xs: 220 }}
              />
            )}
          </Section>
        )}

        {form.kind === 'image' && (
          <Section title={t('section.image')} icon={<IconPhoto size={18} aria-hidden />}>
            {fieldError('mediaId') && (
              <Alert color="red" role="alert" p="xs">
                {fieldError('mediaId')}
              </Alert>
            )}
            <MediaPicker value={form.mediaId} onChange={(mediaId) => update({ mediaId })} disabled={!canEdit} label={t('media.library')} />
            <Segmented
              id="fit"
              label={t('field.fit')}
              description={t('field.fitHelp')}
              value={form.fit}
              onChange={(v) => update({ fit: v as 'contain' | 'cover' })}
              data={[
                { value: 'contain', label: t('fit.contain') },
                { value: 'cover', label: t('fit.cover') },
              ]}
            />
            {form.fit === 'contain' && (
              <ColorInput withEyeDropper={false} label={t('field.barColour')} description={t('field.barColourHelp')} value={form.imageBackground} onChange={(v) => update({ imageBackground: v })} format="hex" error={fieldError('background')} w={{ base: '100%', xs: 220 }} />
            )}
          </Section>
        )}

        {form.kind === 'qr' && (
          <Section title={t('section.qr')} icon={<IconQrcode size={18} aria-hidden />}>
            <TextInput label={t('field.qrData')} description={t('field.qrDataHelp')} value={form.data} onChange={(e) => update({ data: e.currentTarget.value })} required error={fieldError('data')} placeholder="https://daklak.gov.vn/" />
            <TextInput label={t('field.caption')} description={t('field.captionHelp')} value={form.caption} onChange={(e) => update({ caption: e.currentTarget.value })} error={fieldError('caption')} />
            {legacyFor('caption')}
            {refusals.missing && <MissingGlyphRefusal chars={refusals.missing.chars} error={refusals.missing.error} onRemove={() => removeChars(refusals.missing!.chars)} disabled={!canEdit} />}
            {keepLegacyCheckbox}
          </Section>
        )}

        {form.kind === 'clock' && (
          <Section title={t('section.clock')} icon={<IconClock size={18} aria-hidden />}>
            <Switch label={t('field.showDate')} checked={form.showDate} onChange={(e) => update({ showDate: e.currentTarget.checked })} />
            <Text size="sm" c="dimmed">
              {t('clock.help')}
            </Text>
          </Section>
        )}

        {style && resolved && (
          <Section title={t('section.style')} icon={<IconAdjustments size={18} aria-hidden />}>
            <Radio.Group value={style.preset} onChange={(v) => updateStyle({ preset: v as PresetId })} label={t('field.preset')}>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt={6}>
                {(Object.keys(PRESETS) as PresetId[]).map((p) => (
                  <Radio.Card key={p} value={p} p="xs" radius="md">
                    <Group gap="sm" wrap="nowrap">
                      <Box
                        aria-hidden
                        style={{ flexShrink: 0, width: 44, height: 28, borderRadius: 4, background: PRESETS[p].background, color: PRESETS[p].color, display: 'flex', alignItems: 'center', justifyContent: 'center', fontWeight: 800, fontSize: 13 }}
                      >
                        {PRESETS[p].uppercase ? 'AĂ' : 'Aă'}
                      </Box>
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600}>
                          {t(`preset.${p}.name`)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`preset.${p}.help`)}
                        </Text>
                      </Stack>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
            <Group>
              <Button variant="subtle" size="compact-sm" onClick={toggleStyle} rightSection={styleOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />} aria-expanded={styleOpen}>
                {t('style.more')}
              </Button>
            </Group>
            <Collapse expanded={styleOpen}>
              <Stack gap="sm">
                <Select
                  label={t('field.font')}
                  value={style.font ?? null}
                  placeholder={t('style.fromPreset', { value: fonts.data?.find((f) => f.id === resolved.font)?.family ?? resolved.font })}
                  clearable
                  data={(fonts.data ?? []).map((f) => ({ value: f.id, label: `${f.family} · ${f.weight}` }))}
                  onChange={(v) => updateStyle({ font: v ?? undefined })}
                  error={fieldError('style.font')}
                />
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <ColorInput withEyeDropper={false} label={t('field.colour')} value={style.color ?? resolved.color} onChange={(v) => updateStyle({ color: v })} format="hex" error={fieldError('style.color')} />
                  <ColorInput withEyeDropper={false} label={t('field.background')} value={style.background ?? resolved.background} onChange={(v) => updateStyle({ background: v })} format="hex" error={fieldError('style.background')} />
                </SimpleGrid>
                {form.kind === 'text' && (
                  <Input.Wrapper id="background-image" label={t('field.backgroundImage')} description={t('field.backgroundImageHelp')} labelElement="div">
                    <Group gap="sm" mt={4}>
                      {style.backgroundImage && (
                        <Image src={`/media/thumbs/${style.backgroundImage}.webp`} alt={background ? mediaLabel(background) : t('field.backgroundImage')} h={48} w={80} fit="cover" radius="sm" />
                      )}
                      <Button variant="light" size="xs" onClick={() => setBgPicker(true)}>
                        {style.backgroundImage ? t('style.changeBackground') : t('style.chooseBackground')}
                      </Button>
                      {style.backgroundImage && (
                        <Button variant="subtle" color="red" size="xs" onClick={() => updateStyle({ backgroundImage: undefined })}>
                          {t('style.removeBackground')}
                        </Button>
                      )}
                    </Group>
                  </Input.Wrapper>
                )}
                {form.kind === 'text' && (
                  <>
                <Segmented
                  id="align"
                  label={t('field.align')}
                  value={style.align ?? resolved.align}
                  onChange={(v) => updateStyle({ align: v as 'left' | 'center' | 'right' })}
                  data={(['left', 'center', 'right'] as const).map((a) => ({ value: a, label: t(`align.${a}`) }))}
                />
                <NumberInput
                  label={t('field.padding')}
                  value={style.paddingPercent ?? resolved.paddingPercent}
                  onChange={(v) => updateStyle({ paddingPercent: typeof v === 'number' ? v : undefined })}
                  min={0}
                  max={20}
                  suffix=" %"
                  error={fieldError('style.paddingPercent')}
                  w={{ base: '100%', xs: 220 }}
                />
                  </>
                )}
                <Checkbox label={t('field.uppercase')} checked={style.uppercase ?? resolved.uppercase} onChange={(e) => updateStyle({ uppercase: e.currentTarget.checked })} />
                <Group>
                  <Button variant="default" size="xs" onClick={() => updateStyle({ font: undefined, color: undefined, background: undefined, align: undefined, paddingPercent: undefined, uppercase: undefined })}>
                    {t('style.reset')}
                  </Button>
                </Group>
              </Stack>
            </Collapse>
          </Section>
        )}

        <Section title={t('section.timing')}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <NumberInput
              label={t('field.duration')}
              description={t('field.durationHelp')}
              value={form.durationSeconds}
              onChange={(v) => update({ durationSeconds: typeof v === 'number' ? v : v === '' ? '' : Number(v) })}
              min={2}
              max={3600}
              suffix={` ${t('seconds')}`}
              error={fieldError('durationSeconds')}
            />
            <Segmented
              id="transition"
              label={t('field.transition')}
              description={t('field.transitionHelp')}
              value={form.transition}
              onChange={(v) => update({ transition: v as 'cut' | 'fade' })}
              data={[
                { value: 'cut', label: t('transition.cut') },
                { value: 'fade', label: t('transition.fade') },
              ]}
            />
          </SimpleGrid>
        </Section>
      </Stack>
    </fieldset>
  );

  const previewPart = (
    <Stack gap="sm" style={wide ? { position: 'sticky', top: 72 } : undefined}>
      <Title order={2} size="h3">
        {t('preview.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {playing.length ? t('preview.playsOn', { count: playing.length }) : slideId && loaded?.published ? t('preview.playsNowhere') : t('preview.allSizes')}
      </Text>
      {allBoards.length > 0 && (
        <MultiSelect
          label={t('preview.boards')}
          data={allBoards.map((b) => ({ value: b.id, label: `${b.name} (${b.width} × ${b.height})` }))}
          value={targetIds}
          onChange={setChosenBoards}
          searchable
          clearable
          maxDropdownHeight={260}
        />
      )}
      {targets.length === 0 && boards.data && <Text size="sm">{t('preview.noTarget')}</Text>}
      <ErrorAlert error={boards.error} />
      {targets.map((tg) => (
        <PreviewCard
          key={tg.key}
          target={tg}
          source={source}
          clock={isClock && style ? { style, showDate: form.showDate } : null}
          scrollSpeed={form.kind === 'text' && form.mode === 'scroll' && form.scrollPxPerSecond !== '' ? form.scrollPxPerSecond : null}
          waiting={t(`preview.waiting.${form.kind}`)}
        />
      ))}
    </Stack>
  );

  return (
    <Stack gap="md">
      <BackLink to="/slides" label={t('editor.back')} />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Title>
          <Group gap="sm" mt={4}>
            {slideId && (
              <Text size="sm" c="dimmed">
                {t('editor.idLine', { id: slideId })}
              </Text>
            )}
            <StatusBadge change={hasChange ? change : null} published={!!loaded?.published} />
          </Group>
        </div>
      </Group>

      {hasChange && change && <ChangeNotice change={change} />}
      {!canEdit && <Alert color="gray">{t('editor.readOnly')}</Alert>}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6, lg: 5 }}>{formPart}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, lg: 7 }}>{previewPart}</Grid.Col>
      </Grid>

      {canEdit && (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t('editor.actions')}>
          <Stack gap="sm">
            {saved && (
              <Alert color="green" role="status" data-saved={saved}>
                {tc(saved === 'draft' ? 'approval.savedDraft' : saved === 'submitted' ? 'approval.savedSubmitted' : 'approval.savedPublished')}
              </Alert>
            )}
            <ErrorAlert error={saveError} title={t('editor.saveRefused')} />
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm" wrap="wrap">
                <Button leftSection={<IconDeviceFloppy size={16} />} variant="light" onClick={() => void save(false)} loading={saving === 'draft'} disabled={saving !== null}>
                  {tc('actions.saveDraft')}
                </Button>
                <Button leftSection={<IconSend size={16} />} onClick={() => void save(true)} loading={saving === 'submit'} disabled={saving !== null}>
                  {tc('actions.submit')}
                </Button>
              </Group>
              {slideId && loaded?.published && <DeleteSlideButton id={slideId} name={loaded.published.name ?? slideId} onDeleted={() => afterDelete(t('delete.done', { id: slideId }))} />}
              {slideId && !loaded?.published && change && hasChange && <DiscardDraftButton changeId={change.id} name={form.name || slideId} onDiscarded={() => afterDelete(t('discard.done', { id: slideId }))} />}
            </Group>
            <Text size="xs" c="dimmed">
              {t('editor.approvalNote')}
            </Text>
          </Stack>
        </Paper>
      )}

      <Modal opened={bgPicker} onClose={() => setBgPicker(false)} closeButtonProps={{ 'aria-label': tc('actions.close') }} title={t('style.chooseBackground')} size="lg">
        <MediaPicker
          value={style?.backgroundImage ?? null}
          onChange={(mediaId) => {
            updateStyle({ backgroundImage: mediaId });
            setBgPicker(false);
          }}
          disabled={!canEdit}
          label={t('media.library')}
        />
      </Modal>
    </Stack>
  );
}

/** The slide's open change, in words: a draft, awaiting approval, or sent back with the reason. */
function ChangeNotice({ change }: { change: ChangeSummary }) {
  const { t } = useTranslation('slides');
  const at = (iso: string) => `${formatDateTime(iso)} (${zoneOffset()})`;
  const link = (
    <Anchor component={Link} to={`/approvals/${change.id}`} size="sm" c="inherit" underline="always">
      {t('change.open')}
    </Anchor>
  );
  if (change.status === 'rejected') {
    return (
      <Alert color="red" variant="light" title={t('change.rejectedTitle')} data-change={change.status}>
        <Stack gap={4}>
          <Text size="sm">{t('change.rejected', { reviewer: change.reviewer ?? '—', at: change.reviewedAt ? at(change.reviewedAt) : '—' })}</Text>
          {change.reason && (
            <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }}>
              «{change.reason}»
            </Text>
          )}
          <Text size="sm">{t('change.rejectedNext')}</Text>
          {link}
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color={change.status === 'submitted' ? 'blue' : 'yellow'} variant="light" title={t(`change.${change.status}Title`)} data-change={change.status}>
      <Stack gap={4}>
        <Text size="sm">
          {change.status === 'submitted'
            ? t('change.submitted', { version: change.version, author: change.author, at: at(change.submittedAt ?? change.updatedAt) })
            : t('change.draft', { version: change.version, author: change.author, at: at(change.updatedAt) })}
        </Text>
        {link}
      </Stack>
    </Alert>
  );
}

