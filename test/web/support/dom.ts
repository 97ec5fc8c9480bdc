// A DOM for the route tests, with Node's own fetch classes left in place. Import it first, before
// anything that loads React or Testing Library (both look for a DOM when they load):
//
//   // @vitest-environment node
//   import './support/dom';
//
// Why not `@vitest-environment happy-dom`: the route tests run the real BFF (Hono) in this same
// process, and that environment also replaces fetch, Request, Response and Headers with happy-dom's,
// which are a browser's: its Request drops Cookie and Origin, its Response drops Set-Cookie. A server
// built on them loses its session cookie and its CSRF origin check. Here happy-dom provides the
// window and document only; fetch and its classes stay Node's, for the BFF and the SPA alike, and
// the browser's part (keeping the cookie, adding Origin) is played by test/support/test-browser.ts.
// The page's relative URLs ('/api/v4/...') are resolved against this window's location
// (http://localhost/) by msw's fetch interceptor.
import { GlobalWindow } from 'happy-dom';
import { afterAll } from 'vitest';
import { populateGlobal } from 'vitest/runtime';

// The origin the BFF is configured with (test/support/console-harness.ts): the page is served there.
const window = new GlobalWindow({
  url: 'http://localhost/',
  console: globalThis.console,
  settings: { disableErrorCapturing: true },
});
// What vitest's happy-dom environment does, minus the keys it adds on top of the DOM's own: fetch,
// Request, Response, Headers, AbortController, AbortSignal, URL, URLSearchParams, MessagePort.
const { keys, originals } = populateGlobal(globalThis, window, { bindFunctions: true });

afterAll(async () => {
  await window.happyDOM.abort();
  window.close();
  const global = globalThis as Record<string | symbol, unknown>;
  for (const key of keys) delete global[key];
  for (const [key, value] of originals) global[key] = value;
});
