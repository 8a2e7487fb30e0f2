// A form's closing row, the same in every dialog: Cancel on the left, the button that submits the
// form on the right (busy while the controller answers).
import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

export function FormActions({ onCancel, cancelLabel, submitLabel, busy, cancelDisabled = false }: { onCancel: () => void; cancelLabel: ReactNode; submitLabel: ReactNode; busy: boolean; cancelDisabled?: boolean }) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} disabled={cancelDisabled}>
        {cancelLabel}
      </Button>
      <Button type="submit" loading={busy}>
        {submitLabel}
      </Button>
    </Group>
  );
}
