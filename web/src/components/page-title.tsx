// A page's title and the sentence under it that says what the page is for.
import { Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageTitle({ title, subtitle }: { title: ReactNode; subtitle?: ReactNode }) {
  return (
    <div>
      <Title order={1}>{title}</Title>
      {subtitle && (
        <Text size="sm" c="dimmed">
          {subtitle}
        </Text>
      )}
    </div>
  );
}
