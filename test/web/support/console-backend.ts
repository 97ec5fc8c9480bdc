// The real backend behind the SPA's route tests: the BFF in-process (createApp) with the fake
// Thumbtack behind it, both from test/support/console-harness.ts.
//
// The SPA's relative fetches (/auth/*, /api/*, /live/*) reach the BFF through an msw handler on the
// harness's server that forwards each Request through a TestBrowser (the live event stream, which
// never ends by itself, is handed back as it streams rather than read to its end). The TestBrowser plays the browser's part:
// it keeps the session cookie (httpOnly-style: Set-Cookie never reaches the page) and adds the Origin a
// browser adds to a POST. Everything else is the SPA's own, X-CSRF: 1 included (csrf: false), so a
// call the SPA sends without it fails here as it would in production.
//
// One harness per BFF configuration (side, env) is kept for a test file and reset between tests: the
// fake's world, tokens and faults start over, msw drops the test's own handlers, and the session goes
// with the test's TestBrowser. A test that moves the clock leaves its harness to be thrown away.
// These harnesses outlive the test that made them, so they are suite-scoped (scope: 'suite'); this
// file closes them itself (installConsoleBackend's hooks), and only one of them listens at a time.
//
// Where a state cannot be produced with the fake (its demo data has no such case), a test changes one
// Thumbtack answer with `backend.h.server.use(http.get(backend.thumbtackApi('/v4/...'), ...))`: the
// page still goes through the real BFF, only that one upstream answer differs.
import { cleanup, configure } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach } from 'vitest';
import { createHarness, type Harness, ORIGIN, signIn } from '../../support/console-harness';
import type { TestBrowser } from '../../support/test-browser';
import { disposeRouters } from './render-app';

export { DEMO_ACCOUNTS } from '../../mocks/thumbtack/index';
export { HttpResponse, http, ORIGIN };

export type Side = 'supply' | 'demand';

export interface BackendOptions {
  /** Which demo client the BFF is: the pro console (supply, default) or the marketplace (demand). */
  side?: Side;
  /** More BFF environment, e.g. THUMBTACK_SCOPES to narrow what the person is asked to grant. */
  env?: Record<string, string>;
}

/** One call the SPA made, as it reached the BFF, and the BFF's answer. */
export interface Exchange {
  request: Request;
  status: number;
  headers: Headers;
  body: string;
}

export interface Backend {
  /** The BFF, the fake Thumbtack behind it, the msw server and the clock. */
  h: Harness;
  /** The browser's side of the BFF: its cookie jar and everything it received. */
  browser: TestBrowser;
  /** Every call the SPA made, in order, with the BFF's answer. */
  exchanges: Exchange[];
  /** The SPA's calls to one path, e.g. callsTo('POST', '/auth/logout'); query strings are ignored. */
  callsTo(method: string, pathname: string | RegExp): Request[];
  /** The BFF's answer (parsed JSON) to the SPA's last call to one path. */
  answerTo<T = unknown>(method: string, pathname: string | RegExp): T;
  /** Signs the demo person of this side in, as a browser would (login, consent, callback). */
  signIn(): Promise<void>;
  /**
   * The same person acting outside the page (another tab): a call to the BFF with this browser's
   * cookie and X-CSRF. Answers the parsed JSON, or throws unless the call succeeded.
   */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The URL the BFF calls for a Thumbtack API path, e.g. thumbtackApi('/v4/businesses'). */
  thumbtackApi(path: string): string;
  /** Moves the BFF's and the fake's clocks (the page's clock stays); this harness is not reused. */
  advance(ms: number): void;
}

// A screen here waits on real work (the BFF, the fake, their crypto) that a busy two-core machine
// can slow well past Testing Library's default second; findBy* and waitFor give it five.
configure({ asyncUtilTimeout: 5_000 });

interface Entry {
  h: Harness;
  /** The clock moved: start the next test on a new harness. */
  dirty: boolean;
}

const harnesses = new Map<string, Entry>();
let listening: Entry | undefined;
/** The test's harness and the page's calls still on their way to the BFF. */
let current: { entry: Entry; inflight: Set<Promise<unknown>> } | undefined;

function harnessFor(options: BackendOptions): Entry {
  const side = options.side ?? 'supply';
  const env = { ...(side === 'demand' ? { MOCK_SIDE: 'demand' } : {}), ...options.env };
  const key = JSON.stringify(Object.entries(env).sort());
  const entry = harnesses.get(key);
  // Only one msw server may listen at a time: two would both claim every request.
  if (listening && listening !== entry) {
    listening.h.server.close();
    listening = undefined;
  }
  if (entry) {
    if (!listening) entry.h.server.listen({ onUnhandledRequest: 'error' });
    listening = entry;
    return entry;
  }
  const created: Entry = { h: createHarness({ env, scope: 'suite' }), dirty: false };
  harnesses.set(key, created);
  listening = created;
  return created;
}

function matches(request: Request, method: string, pathname: string | RegExp): boolean {
  const path = new URL(request.url).pathname;
  return (
    request.method === method && (typeof pathname === 'string' ? path === pathname : pathname.test(path))
  );
}

/**
 * The BFF's event stream, passed on chunk by chunk, and cancelled at the BFF when the page lets go
 * (its fetch aborted), so no stream of a finished test goes on beating in the background.
 */
function relay(source: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel: stop,
  });
}

// Statuses whose responses have no body (the Response constructor refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The BFF and the fake, nobody signed in. */
export function signedOut(options: BackendOptions = {}): Backend {
  if (current) throw new Error('console-backend: one backend per test');
  const entry = harnessFor(options);
  const { h } = entry;
  const browser = h.browser();
  const exchanges: Exchange[] = [];
  const inflight = new Set<Promise<unknown>>();

  async function forward(request: Request): Promise<Response> {
    const recorded = request.clone();
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    // The session cookie is the browser's (the TestBrowser's) to send, never the page's.
    headers.delete('cookie');
    const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.text();
    const response = await browser.request(`${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      ...(body ? { body } : {}),
      csrf: false,
    });
    const text = await response.text();
    const out = new Headers(response.headers);
    out.delete('set-cookie');
    exchanges.push({ request: recorded, status: response.status, headers: out, body: text });
    return new HttpResponse(NULL_BODY.has(response.status) ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: out,
    });
  }
  // GET /live/events: the BFF's answer streams on to the page, and stops when the page lets go.
  async function forwardStream(request: Request): Promise<Response> {
    const recorded = request.clone();
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.delete('cookie');
    if (browser.cookies.size > 0) headers.set('Cookie', browser.cookieHeader());
    const response = await h.app.request(`${ORIGIN}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      signal: request.signal,
    });
    browser.store(response);
    const out = new Headers(response.headers);
    out.delete('set-cookie');
    const streaming = response.ok && out.get('content-type')?.startsWith('text/event-stream');
    exchanges.push({
      request: recorded,
      status: response.status,
      headers: out,
      body: streaming ? '' : await response.clone().text(),
    });
    const body = streaming && response.body ? relay(response.body, request.signal) : await response.text();
    return new HttpResponse(NULL_BODY.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: out,
    });
  }
  const track = (pending: Promise<Response>) => {
    inflight.add(pending);
    void pending.finally(() => inflight.delete(pending)).catch(() => undefined);
    return pending;
  };
  const handler = ({ request }: { request: Request }) => track(forward(request));
  const streamHandler = ({ request }: { request: Request }) => track(forwardStream(request));
  h.server.use(
    http.all(`${ORIGIN}/auth/*`, handler),
    http.all(`${ORIGIN}/api/*`, handler),
    http.get(`${ORIGIN}/live/events`, streamHandler),
    http.all(`${ORIGIN}/live/*`, handler),
  );

  const backend: Backend = {
    h,
    browser,
    exchanges,
    callsTo: (method, pathname) =>
      exchanges.map((item) => item.request).filter((request) => matches(request, method, pathname)),
    answerTo(method, pathname) {
      const found = exchanges.filter((item) => matches(item.request, method, pathname)).at(-1);
      if (!found) throw new Error(`the page made no ${method} ${pathname} call`);
      return JSON.parse(found.body);
    },
    async signIn() {
      const callback = await signIn(h, browser);
      const location = callback.headers.get('location') ?? '';
      if (callback.status !== 302 || location.startsWith('/login')) {
        throw new Error(`sign-in failed: ${callback.status} ${location}`);
      }
    },
    async call(method, path, body) {
      const response = await browser.request(path, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    thumbtackApi: (path) => `${h.config.thumbtack.apiBase}${path}`,
    advance(ms) {
      entry.dirty = true;
      h.advance(ms);
    },
  };
  current = { entry, inflight };
  return backend;
}

/** The BFF and the fake, with the demo person of that side signed in (Maya Ortiz, or Priya Shah). */
export async function signedIn(options: BackendOptions = {}): Promise<Backend> {
  const backend = signedOut(options);
  await backend.signIn();
  return backend;
}

/** Wires the backend's reset and the page's cleanup into a test file. */
export function installConsoleBackend() {
  afterEach(async () => {
    disposeRouters();
    cleanup();
    window.sessionStorage.clear();
    if (!current) return;
    const { entry, inflight } = current;
    current = undefined;
    // Calls the page started before it went away finish against this test's world.
    await Promise.allSettled([...inflight]);
    entry.h.server.resetHandlers();
    if (entry.dirty) {
      entry.h.close();
      if (listening === entry) listening = undefined;
      for (const [key, value] of harnesses) if (value === entry) harnesses.delete(key);
    } else {
      entry.h.fake.control.reset();
    }
  });
  afterAll(() => {
    for (const entry of harnesses.values()) entry.h.close();
    listening = undefined;
    harnesses.clear();
  });
}
