// Before → after of a record, field by field: both sides flattened to dotted paths (style.preset,
// items.2.slideId), the fields that changed first and marked, the rest on request. Used by the
// audit trail and by the approval page (approved version beside the proposed one).
import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Flat = Map<string, string>;

/** Long lists (a playlist of 300 slides) are cut here: the diff stays readable. */
const MAX_ROWS = 400;

function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (value === null || value === undefined) {
    if (prefix) out.set(prefix, value === null ? 'null' : '');
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '[]');
    else if (value.every((v) => v === null || typeof v !== 'object')) out.set(prefix, value.map((v) => String(v)).join(', '));
    else value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
    return out;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.set(prefix || '·', String(value));
  return out;
}

export interface DiffRow {
  path: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => ({ path, before: a.get(path), after: b.get(path), changed: a.get(path) !== b.get(path) }));
}

function Value({ v, tone }: { v: string | undefined; tone?: 'old' | 'new' }) {
  const { t } = useTranslation('audit');
  if (v === undefined)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('diff.absent')}
      </Text>
    );
  return (
    <Text
      size="sm"
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', background: tone === 'old' ? 'var(--mantine-color-red-0)' : tone === 'new' ? 'var(--mantine-color-green-0)' : undefined, borderRadius: 4, padding: tone ? '0 4px' : undefined }}
    >
      {v}
    </Text>
  );
}

export function ValueDiff({ before, after, beforeLabel, afterLabel }: { before: unknown; after: unknown; beforeLabel?: string; afterLabel?: string }) {
  const { t } = useTranslation('audit');
  const phone = useMediaQuery('(max-width: 48em)');
  const [all, setAll] = useState(false);
  const rows = diffRows(before, after);
  const changed = rows.filter((r) => r.changed);
  const shown = (all ? [...changed, ...rows.filter((r) => !r.changed)] : changed).slice(0, MAX_ROWS);
  const left = beforeLabel ?? t('diff.before');
  const right = afterLabel ?? t('diff.after');

  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('diff.nothing')}
      </Text>
    );

  return (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between">
        <Text size="sm" c="dimmed">
          {t('diff.changed', { count: changed.length, total: rows.length })}
        </Text>
        {changed.length < rows.length && (
          <Button variant="subtle" size="compact-sm" onClick={() => setAll((x) => !x)}>
            {all ? t('diff.onlyChanged') : t('diff.showAll')}
          </Button>
        )}
      </Group>
      {phone ? (
        <Stack gap="xs">
          {shown.map((r) => (
            <Stack key={r.path} gap={2} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}>
              <Group gap={6}>
                <Code>{r.path}</Code>
                {r.changed && (
                  <Badge size="xs" color="orange" variant="light">
                    {t('diff.changedBadge')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {left}
              </Text>
              <Value v={r.before} tone={r.changed ? 'old' : undefined} />
              <Text size="xs" c="dimmed">
                {right}
              </Text>
              <Value v={r.after} tone={r.changed ? 'new' : undefined} />
            </Stack>
          ))}
        </Stack>
      ) : (
        <Table withTableBorder withColumnBorders layout="fixed" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">{t('diff.field')}</Table.Th>
              <Table.Th>{left}</Table.Th>
              <Table.Th>{right}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.path} data-changed={r.changed || undefined}>
                <Table.Td>
                  <Code style={{ overflowWrap: 'anywhere' }}>{r.path}</Code>
                </Table.Td>
                <Table.Td>
                  <Value v={r.before} tone={r.changed ? 'old' : undefined} />
                </Table.Td>
                <Table.Td>
                  <Value v={r.after} tone={r.changed ? 'new' : undefined} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
