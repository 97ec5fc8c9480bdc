// Renders the SPA's real route tree at a URL, the way a person would open it.
import { render } from '@testing-library/react';
// RouterProvider from 'react-router', not 'react-router/dom' as main.tsx uses: under vitest the two
// entries can load separate copies of the router's contexts, and nested routes then render nothing.
import { createMemoryRouter, RouterProvider } from 'react-router';
import { routes } from '../../../web/router';

const routers: { dispose(): void }[] = [];

export function renderApp(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  routers.push(router);
  const view = render(<RouterProvider router={router} />);
  return { ...view, router };
}

/** Stops every router rendered so far: no loader of a finished test runs on into the next one. */
export function disposeRouters() {
  for (const router of routers.splice(0)) router.dispose();
}
