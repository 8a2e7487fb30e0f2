// A slide's approval state in one badge: the approved version alone, or its open change (a draft,
// awaiting approval, sent back), which links to that change on the approvals page.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChangeSummary } from '@playlists/api/changes.ts';

export const STATUS_COLOURS: Record<string, string> = { draft: 'yellow', submitted: 'blue', rejected: 'red', approved: 'green' };

export function StatusBadge({ change, published }: { change: Pick<ChangeSummary, 'id' | 'status'> | null; published: boolean }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('slides');
  if (!change) {
    return published ? (
      <Badge color="green" variant="light" data-status="approved">
        {t('approval.approved')}
      </Badge>
    ) : null;
  }
  return (
    <Badge
      component={Link}
      to={`/approvals/${change.id}`}
      color={STATUS_COLOURS[change.status] ?? 'gray'}
      variant={change.status === 'rejected' ? 'filled' : 'light'}
      data-status={change.status}
      style={{ cursor: 'pointer' }}
      aria-label={`${t(`approval.${change.status}`)} — ${published ? ts('status.changeOfApproved') : ts('status.newSlide')}`}
    >
      {t(`approval.${change.status}`)}
    </Badge>
  );
}
