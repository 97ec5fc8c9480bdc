import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { paths } from './lib/paths';
import { ROOT_ROUTE_ID, requireSession, requireSide } from './lib/session';
import { Component as AppShell } from './routes/app-shell';
import {
  RootErrorBoundary,
  RootHydrateFallback,
  RootLayout,
  loader as rootLoader,
  shouldRevalidate as rootShouldRevalidate,
} from './routes/root';

// The whole route tree. Screens are `lazy` modules, so each one's code loads with its data and the
// first download holds only the frame. Tests render these same objects in a memory router.
export const routes: RouteObject[] = [
  {
    id: ROOT_ROUTE_ID,
    path: '/',
    loader: rootLoader,
    shouldRevalidate: rootShouldRevalidate,
    Component: RootLayout,
    HydrateFallback: RootHydrateFallback,
    ErrorBoundary: RootErrorBoundary,
    children: [
      { path: paths.login.path, lazy: () => import('./routes/login') },
      { path: paths.sessionExpired.path, lazy: () => import('./routes/session-expired') },
      {
        Component: AppShell,
        children: [
          // Marketplace browsing runs on the partner's app token: no sign-in needed.
          { path: paths.findPros.path, lazy: () => import('./routes/find-pros') },
          { path: paths.proReviews.path, lazy: () => import('./routes/pro-reviews') },
          { path: paths.requestForm.path, lazy: () => import('./routes/request-form') },
          {
            // Everything else needs a signed-in person.
            loader: ({ request }: LoaderFunctionArgs) => requireSession(request).then(() => null),
            children: [
              { index: true, lazy: () => import('./routes/home') },
              { path: paths.account.path, lazy: () => import('./routes/account') },
              {
                loader: ({ request }: LoaderFunctionArgs) => requireSide(request, 'supply').then(() => null),
                // The pro's workspace: holds live updates for the screens below.
                lazy: () => import('./routes/supply-layout'),
                children: [
                  {
                    path: paths.business.path,
                    lazy: () => import('./routes/business-layout'),
                    children: [
                      { index: true, lazy: () => import('./routes/business-index') },
                      { path: paths.leads.path, lazy: () => import('./routes/leads') },
                      { path: paths.reviews.path, lazy: () => import('./routes/reviews') },
                      { path: paths.webhooks.path, lazy: () => import('./routes/webhooks') },
                      { path: paths.phoneNumbers.path, lazy: () => import('./routes/phone-numbers') },
                    ],
                  },
                  { path: paths.lead.path, lazy: () => import('./routes/lead') },
                ],
              },
              {
                loader: ({ request }: LoaderFunctionArgs) => requireSide(request, 'demand').then(() => null),
                children: [
                  { path: paths.messages.path, lazy: () => import('./routes/messages') },
                  { path: paths.conversation.path, lazy: () => import('./routes/conversation') },
                ],
              },
            ],
          },
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
