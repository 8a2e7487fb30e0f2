// The web app's entry: providers (Mantine with dates in dd/mm/yyyy, TanStack Query, i18n) and the router.
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/index.ts';
import { router } from './app/routes.tsx';
import { cssVariablesResolver, theme } from './app/theme.ts';
import { i18nReady } from './i18n/index.ts';
import { Loading } from './components/loading.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Live views are pushed over /ops; other data is fresh enough for a minute.
      staleTime: 60_000,
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Providers() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'vi' ? 'vi' : 'en-gb', firstDayOfWeek: 1 }}>
      <RouterProvider router={router} />
    </DatesProvider>
  );
}

await i18nReady;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <Suspense fallback={<Loading />}>
          <Providers />
        </Suspense>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
