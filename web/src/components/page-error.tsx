// What a page shows when it cannot be drawn (a bug, a chunk that failed to load): in words, with a
// way back, never a blank screen.
import { Alert, Button, Container, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

export function PageError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Alert color="red" title={t('errors.pageTitle')} role="alert">
          {t('errors.pageText')}
          {error instanceof Error ? ` (${error.message})` : null}
        </Alert>
        <Button component="a" href="/" variant="light">
          {t('errors.home')}
        </Button>
      </Stack>
    </Container>
  );
}
