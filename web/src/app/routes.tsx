// The pages, each loaded when first opened (its code and its words), inside the shell when signed in.
import { lazy, Suspense } from 'react';
import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Loading } from '../components/loading.tsx';
import { PageError } from '../components/page-error.tsx';
import { RequireSession } from './session.tsx';
import { Shell } from './shell.tsx';

const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
};

export const router = createBrowserRouter([
  { path: '/sign-in', element: page(() => import('../pages/sign-in/sign-in-page.tsx')), errorElement: <PageError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    errorElement: <PageError />,
    children: [
      { index: true, element: page(() => import('../pages/wall/wall-page.tsx')) },
      { path: 'boards/:id', element: page(() => import('../pages/board/board-page.tsx')) },
      { path: 'boards', element: page(() => import('../pages/boards/boards-page.tsx')) },
      { path: 'slides', element: page(() => import('../pages/slides/slides-page.tsx')) },
      { path: 'slides/:id', element: page(() => import('../pages/slides/slide-editor-page.tsx')) },
      { path: 'playlists', element: page(() => import('../pages/playlists/playlists-page.tsx')) },
      { path: 'playlists/:id', element: page(() => import('../pages/playlists/playlist-editor-page.tsx')) },
      { path: 'schedule', element: page(() => import('../pages/schedule/schedule-page.tsx')) },
      { path: 'emergency', element: page(() => import('../pages/emergency/emergency-page.tsx')) },
      { path: 'approvals', element: page(() => import('../pages/approvals/approvals-page.tsx')) },
      { path: 'approvals/:id', element: page(() => import('../pages/approvals/change-page.tsx')) },
      { path: 'audit', element: page(() => import('../pages/audit/audit-page.tsx')) },
      { path: 'alerts', element: page(() => import('../pages/alerts/alerts-page.tsx')) },
      { path: 'reports', element: page(() => import('../pages/reports/reports-page.tsx')) },
      { path: 'users', element: page(() => import('../pages/users/users-page.tsx')) },
      { path: 'account', element: page(() => import('../pages/account/account-page.tsx')) },
      { path: '*', element: page(() => import('../pages/not-found/not-found-page.tsx')) },
    ],
  },
]);
