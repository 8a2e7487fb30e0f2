// The controller's refusals of a slide, sorted by the field that caused them, and what the editor
// offers beside that field: text pasted from TCVN3/VNI with the converted text and one button to
// use it; characters the font lacks, named (and a button to drop them); text too long to read on a
// board, with a one-click switch to scrolling text. The server's own words are always shown.
import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowsHorizontal, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/index.ts';

export interface LegacyRefusal {
  path: string;
  encoding: string;
  converted: string;
}

export interface Refusals {
  legacy: LegacyRefusal[];
  legacyMessage: ApiError | null;
  missing: { chars: string[]; font: string | null; error: ApiError } | null;
  /** Boards the text does not fit at the smallest legible size, with the server's words. */
  tooSmall: { board: string; error: ApiError }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Sorts refusals (from the live preview of every board, and from a save) by what caused them. */
export function sortRefusals(errors: { error: unknown; board: string }[]): Refusals {
  const out: Refusals = { legacy: [], legacyMessage: null, missing: null, tooSmall: [] };
  for (const { error, board } of errors) {
    if (!(error instanceof ApiError) || !isObject(error.details)) continue;
    const d = error.details;
    if (Array.isArray(d.legacyEncoding) && !out.legacy.length) {
      out.legacy = (d.legacyEncoding as LegacyRefusal[]).filter((l) => isObject(l) && typeof l.converted === 'string');
      out.legacyMessage = error;
    } else if (Array.isArray(d.missing) && !out.missing) {
      out.missing = { chars: d.missing.filter((c): c is string => typeof c === 'string'), font: typeof d.font === 'string' ? d.font : null, error };
    } else if (typeof d.minSize === 'number' && !out.tooSmall.some((t) => t.board === board)) {
      out.tooSmall.push({ board, error });
    }
  }
  return out;
}

/** Whether a refusal is one of those shown beside a field (the preview then need not repeat it). */
export function isFieldRefusal(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.fieldProblems().length > 0) return true;
  if (!isObject(error.details)) return false;
  const d = error.details;
  return Array.isArray(d.legacyEncoding) || Array.isArray(d.missing) || typeof d.minSize === 'number';
}

const ENCODING_NAMES: Record<string, string> = { tcvn3: 'TCVN3 (ABC, .VnTime)', vni: 'VNI-Windows' };

/** The server's words for one field of a refusal that names several ("text: … secondLine: …"). */
function wordsFor(error: ApiError, path: string, lang: string): string {
  const text = error.text(lang);
  return text.startsWith(`${path}: `) ? text.slice(path.length + 2) : text;
}

export function LegacyTextRefusal({ refusal, error, onUse, accepted, onAccept, disabled }: { refusal: LegacyRefusal; error: ApiError | null; onUse: (converted: string) => void; accepted: boolean; onAccept: (accept: boolean) => void; disabled: boolean }) {
  const { t, i18n } = useTranslation('slides');
  return (
    <Alert color="orange" variant="light" icon={<IconLanguage size={18} />} title={t('refusal.legacyTitle', { encoding: ENCODING_NAMES[refusal.encoding] ?? refusal.encoding })} data-refusal="legacy" role="alert">
      <Stack gap="xs">
        {error && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {wordsFor(error, refusal.path, i18n.language)}
          </Text>
        )}
        <Text size="sm" fw={600}>
          {t('refusal.convertedLabel')}
        </Text>
        <Paper withBorder p="xs" bg="var(--mantine-color-body)">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-converted>
            {refusal.converted}
          </Text>
        </Paper>
        <Group gap="sm" wrap="wrap">
          <Button size="xs" onClick={() => onUse(refusal.converted)} disabled={disabled}>
            {t('refusal.useConverted')}
          </Button>
        </Group>
        <Checkbox size="xs" label={t('refusal.keepAsTyped')} checked={accepted} onChange={(e) => onAccept(e.currentTarget.checked)} disabled={disabled} />
      </Stack>
    </Alert>
  );
}

export function MissingGlyphRefusal({ chars, error, onRemove, disabled }: { chars: string[]; error: ApiError; onRemove: () => void; disabled: boolean }) {
  const { t, i18n } = useTranslation('slides');
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('refusal.missingTitle')} data-refusal="missing" role="alert">
      <Stack gap="xs">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {error.text(i18n.language)}
        </Text>
        <Group gap={6} wrap="wrap" aria-label={t('refusal.missingList')} role="list">
          {chars.map((c) => (
            <Badge key={c} variant="outline" color="red" size="lg" tt="none" role="listitem">
              {c} · U+{c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}
            </Badge>
          ))}
        </Group>
        <Group gap="sm">
          <Button size="xs" variant="light" color="red" onClick={onRemove} disabled={disabled}>
            {t('refusal.removeChars')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function TooSmallRefusal({ items, onScroll, disabled }: { items: { board: string; error: ApiError }[]; onScroll: () => void; disabled: boolean }) {
  const { t, i18n } = useTranslation('slides');
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('refusal.tooSmallTitle')} data-refusal="too-small" role="alert">
      <Stack gap="xs">
        {items.map((i) => (
          <Text key={i.board} size="sm" style={{ overflowWrap: 'anywhere' }}>
            <b>{i.board}:</b> {i.error.text(i18n.language)}
          </Text>
        ))}
        <Group gap="sm">
          <Button size="xs" color="red" leftSection={<IconArrowsHorizontal size={16} />} onClick={onScroll} disabled={disabled}>
            {t('refusal.switchToScroll')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
