// A secret the controller shows once — a temporary password, an API token — with a copy button
// and a plain note that it cannot be shown again.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconLock } from '@tabler/icons-react';

export function SecretOnce({ label, secret, note, copy, copied, testId }: { label: string; secret: string; note: string; copy: string; copied: string; testId?: string }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="stretch">
        <Code block data-testid={testId} style={{ flex: 1, fontSize: 18, letterSpacing: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <CopyButton value={secret}>
          {({ copied: done, copy: run }) => (
            <Button variant={done ? 'filled' : 'light'} color={done ? 'green.6' : undefined} autoContrast onClick={run} leftSection={done ? <IconCheck size={16} /> : <IconCopy size={16} />} style={{ height: 'auto' }}>
              {done ? copied : copy}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Alert color="yellow" icon={<IconLock size={18} />}>
        {note}
      </Alert>
    </Stack>
  );
}
