// Renders the SPA's real route tree at a URL, the way a person would open it.
import { cleanup, render } from '@testing-library/react';
// RouterProvider from 'react-router', not 'react-router/dom' as main.tsx uses: under vitest the two
// entries can load separate copies of the router's contexts, and nested routes then render nothing.
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { routes } from '../../../web/router';
import { bff, resetBff } from './bff-stand-in';

export function renderApp(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(<RouterProvider router={router} />);
  return { ...view, router };
}

/** Wires the BFF stand-in and DOM cleanup into a test file. */
export function installBffStandIn() {
  beforeAll(() => bff.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    cleanup();
    resetBff();
    window.sessionStorage.clear();
  });
  afterAll(() => bff.close());
}
