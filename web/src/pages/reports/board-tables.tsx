// A table per board, days as rows, with the columns and units of the DOCX (day, showings, airtime,
// share of lit time, hours online, disconnected and dark, emergencies) and its totals row summed
// as printed. Each board folds away; a report on a few boards opens them all, on many none.
import { Accordion, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportBoard } from '@playlists/api/reports.ts';
import type { Format, RowUnits } from './format.ts';
import { sumUnits, unitsOf } from './format.ts';

/** Up to this many boards, every table is open at first. */
const OPEN_UP_TO = 3;
const COLUMNS = ['day', 'showings', 'airtime', 'share', 'online', 'disconnected', 'dark', 'emergencies'] as const;

function cells(u: RowUnits, fmt: Format): string[] {
  return [fmt.int(u.showings), fmt.clock(u.airtimeSeconds), fmt.share(u.litMs > 0 ? u.airtimeMs / u.litMs : 0), fmt.tenths(u.onlineTenths), fmt.tenths(u.disconnectedTenths), fmt.tenths(u.darkTenths), fmt.int(u.emergencies)];
}

function BoardTable({ board, fmt }: { board: ReportBoard; fmt: Format }) {
  const { t } = useTranslation('reports');
  const days = board.days.map((d) => ({ day: d.day, units: unitsOf(d) }));
  const total = sumUnits(days.map((d) => d.units));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" data-board={board.boardId} aria-label={t('boards.tableOf', { name: board.boardName })} style={{ fontVariantNumeric: 'tabular-nums' }}>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c} scope="col" ta={c === 'day' ? 'left' : 'right'}>
                {t(`columns.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map((d) => (
            <Table.Tr key={d.day} data-day={d.day}>
              <Table.Th scope="row" fw={400} style={{ whiteSpace: 'nowrap' }}>
                {fmt.day(d.day)}
              </Table.Th>
              {cells(d.units, fmt).map((v, i) => (
                <Table.Td key={COLUMNS[i + 1]} ta="right">
                  {v}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-day="total" fw={700}>
            <Table.Th scope="row">{t('table.total')}</Table.Th>
            {cells(total, fmt).map((v, i) => (
              <Table.Td key={COLUMNS[i + 1]} ta="right" fw={700}>
                {v}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

export function BoardTables({ boards, fmt }: { boards: ReportBoard[]; fmt: Format }) {
  const { t } = useTranslation('reports');
  const all = boards.map((b) => b.boardId);
  const [open, setOpen] = useState<string[]>(boards.length <= OPEN_UP_TO ? all : []);
  return (
    <Stack gap="sm" component="section" aria-labelledby="boards-title">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id="boards-title">
          {t('boards.title')}
        </Title>
        {boards.length > 1 && (
          <Group gap="xs">
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen(all)} disabled={open.length === all.length}>
              {t('boards.openAll')}
            </Button>
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen([])} disabled={open.length === 0}>
              {t('boards.closeAll')}
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('boards.help')}
      </Text>
      <Accordion multiple value={open} onChange={setOpen} variant="separated" chevronPosition="left">
        {boards.map((b) => (
          <Accordion.Item key={b.boardId} value={b.boardId} data-board-item={b.boardId}>
            <Accordion.Control>
              <Group justify="space-between" wrap="wrap" gap={4}>
                <Text fw={600} size="sm">
                  {b.boardName}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('boards.summary', { showings: fmt.int(b.totals.showings), airtime: fmt.duration(b.totals.airtimeMs), share: fmt.share(b.totals.share) })}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <BoardTable board={b} fmt={fmt} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
