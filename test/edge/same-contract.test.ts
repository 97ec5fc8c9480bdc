import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSpaIfStale } from '../mocks/spa-build.ts';
import { HttpBrowser } from '../support/http-browser.ts';
import { type RunningConsole, startConsole } from './running-console.ts';

// The same HTTP contract on both runtimes, byte for byte where it matters: the console in mocked-network
// mode on Node (`npm start`'s entry) and on workerd (`npm run edge`'s, through wrangler dev) get the same
// requests, and their answers are compared after removing only what is random or per-run (ids, tokens,
// cookie values, dates, the port): status, headers (security headers, caching, Location, Set-Cookie
// attributes) and bodies (error shapes included). The few known differences are pinned at the end, as
// README's "Node and the edge" table states them.

const SETTINGS = { SESSION_SECRETS: 'same-contract-test-secret-0123456789abcdef', LOG_LEVEL: 'warn' };
/**
 * Per-response noise: framing and transport (workerd compresses what a client accepts compressed; Node
 * leaves that to a proxy in front), and the platform's cache bookkeeping.
 */
const IGNORED_HEADERS = new Set([
  'content-encoding',
  'vary',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'etag',
  'cf-cache-status',
  'last-modified',
  'accept-ranges',
]);
/** Query parameters that are random per login. */
const RANDOM_PARAMS = new Set(['state', 'code_challenge', 'nonce', 'code']);

let node: RunningConsole;
let edge: RunningConsole;

beforeAll(async () => {
  // Both serve dist/web: build it here when needed (as shipped), so two processes never build it at once.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const quiet = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')].map((s) =>
    s.mockImplementation(() => {}),
  );
  try {
    await buildSpaIfStale('dist/web');
  } finally {
    process.env.NODE_ENV = nodeEnv;
    for (const spy of quiet) spy.mockRestore();
  }
  [node, edge] = await Promise.all([startConsole('node', SETTINGS), startConsole('edge', SETTINGS)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([node?.stop(), edge?.stop()]);
});

interface Seen {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: unknown;
}

/** `origin`, and its percent-encoded form, as ORIGIN wherever it appears. */
function withoutOrigin(text: string, origin: string): string {
  return text.replaceAll(origin, 'ORIGIN').replaceAll(encodeURIComponent(origin), 'ORIGIN');
}

function normalizeLocation(location: string, origin: string): string {
  const url = new URL(location, origin);
  for (const key of [...url.searchParams.keys()]) {
    if (RANDOM_PARAMS.has(key)) url.searchParams.set(key, '*');
    else url.searchParams.set(key, withoutOrigin(url.searchParams.get(key) ?? '', origin));
  }
  const relative = !/^https?:/.test(location);
  return relative ? `${url.pathname}${url.search}` : withoutOrigin(url.href, origin);
}

/** A Set-Cookie line without its value and date: name (login ids as *), then its attributes, sorted. */
function normalizeCookie(line: string): string {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).replace(/^(__Host-tt-login-).+$/, '$1*');
  const value = pair.slice(eq + 1) === '' ? '' : '<value>';
  const attrs = attributes.map((a) => (/^expires=/i.test(a) ? 'Expires=<date>' : a)).sort();
  return [`${name}=${value}`, ...attrs].join('; ');
}

function normalizeJson(value: unknown, origin: string, requestId: string | null): unknown {
  if (typeof value === 'string') return withoutOrigin(value, origin);
  if (Array.isArray(value)) return value.map((v) => normalizeJson(v, origin, requestId));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === 'requestId') return [key, inner === requestId ? '<X-Request-Id>' : `<other: ${inner}>`];
        if (key.endsWith('ExpiresAt')) return [key, '<time>'];
        return [key, normalizeJson(inner, origin, requestId)];
      }),
    );
  }
  return value;
}

async function seen(res: Response, origin: string): Promise<Seen> {
  const headers: Record<string, string> = {};
  const requestId = res.headers.get('x-request-id');
  res.headers.forEach((value, name) => {
    if (IGNORED_HEADERS.has(name) || name === 'set-cookie') return;
    if (name === 'x-request-id') headers[name] = /^[0-9a-f-]{36}$/.test(value) ? '<uuid>' : value;
    else if (name === 'location') headers[name] = normalizeLocation(value, origin);
    else if (name === 'content-type')
      headers[name] = value.toLowerCase(); // charset=UTF-8 is charset=utf-8
    else headers[name] = withoutOrigin(value, origin);
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    headers,
    cookies: res.headers.getSetCookie().map(normalizeCookie).sort(),
    body: json ? normalizeJson(JSON.parse(text), origin, requestId) : withoutOrigin(text, origin),
  };
}

/** One request, as sent to a console (a path, or a function of the console's origin for Origin headers). */
type Ask = (origin: string) => Promise<Response>;
const get =
  (path: string, headers: Record<string, string> = {}): Ask =>
  (origin) =>
    fetch(`${origin}${path}`, { headers, redirect: 'manual' });

async function both(ask: Ask): Promise<[Seen, Seen]> {
  const [a, b] = await Promise.all([ask(node.origin), ask(edge.origin)]);
  return [await seen(a, node.origin), await seen(b, edge.origin)];
}

const CSRF = { 'X-CSRF': '1' };
const NAVIGATE = { 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' };

describe('the same HTTP contract on Node and on workerd', () => {
  it.each<[string, Ask]>([
    ['the login redirect', get('/auth/login?returnTo=%2Fleads%2F42')],
    ['a callback with no state', get('/auth/callback')],
    ['a callback for a login that never started', get('/auth/callback?state=nope&code=abc')],
    ['/auth/session without X-CSRF', get('/auth/session')],
    ['/auth/session with X-CSRF, signed out', get('/auth/session', CSRF)],
    [
      '/auth/session with a forged cookie',
      get('/auth/session', { ...CSRF, Cookie: '__Host-tt-session=forged' }),
    ],
    [
      'a logout from a foreign origin',
      (origin) =>
        fetch(`${origin}/auth/logout`, {
          method: 'POST',
          headers: { ...CSRF, Origin: 'https://evil.example' },
        }),
    ],
    ['a proxied call, signed out', get('/api/v4/businesses', CSRF)],
    ['a proxied call without X-CSRF', get('/api/v4/businesses')],
    ['a call the proxy does not offer', get('/api/v4/users/webhooks', CSRF)],
    ['/healthz', get('/healthz')],
    ['/readyz', get('/readyz')],
    ['an unknown path under /auth', get('/auth/nowhere')],
    ['a method a route does not take', (origin) => fetch(`${origin}/healthz`, { method: 'POST' })],
  ])('%s', async (_, ask) => {
    const [onNode, onEdge] = await both(ask);
    expect(onEdge).toEqual(onNode);
  });

  it('an SPA deep link and the SPA itself: the shell, with the same security headers and caching', async () => {
    for (const path of ['/', '/leads/42', '/businesses/1/reviews?page=2']) {
      const [onNode, onEdge] = await both(get(path, NAVIGATE));
      expect(onNode.status, path).toBe(200);
      expect(String(onNode.body)).toContain('<div id="root">');
      // X-Request-Id is the BFF's: the platform serves assets on the edge (pinned below).
      delete onNode.headers['x-request-id'];
      expect(onEdge, path).toEqual(onNode);
    }
  });

  it('a built asset: the same file, type and immutable caching', async () => {
    const shell = await (await fetch(`${node.origin}/`, { headers: NAVIGATE })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    expect(script).toBeDefined();
    const [onNode, onEdge] = await both(get(script as string));
    expect(onNode.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    delete onNode.headers['x-request-id'];
    expect(onEdge).toEqual(onNode);
  });

  it('a refused login (error=access_denied) returns to the sign-in screen alike', async () => {
    const refuse: Ask = async (origin) => {
      const browser = new HttpBrowser(origin);
      const login = await browser.request('/auth/login?returnTo=%2Faccount', { csrf: false });
      const state = new URL(login.headers.get('location') ?? '').searchParams.get('state');
      return browser.request(`/auth/callback?error=access_denied&state=${state}`, { csrf: false });
    };
    const [onNode, onEdge] = await both(refuse);
    expect(onNode.status).toBe(302);
    expect(onEdge).toEqual(onNode);
  });

  it('signed in: the callback, the session, proxied calls, logout and a copy of the cookie after it', async () => {
    const steps = async (origin: string) => {
      const browser = new HttpBrowser(origin);
      const answers: Record<string, Response> = {};
      answers.callback = await browser.signIn('demo-pro', '/leads');
      const copy = new Map(browser.cookies);
      answers.session = await browser.request('/auth/session');
      answers.businesses = await browser.request('/api/v4/businesses');
      answers.badId = await browser.request('/api/v4/negotiations/not-a-number');
      answers.badQuery = await browser.request('/api/v4/businesses/1/negotiations?sort=new');
      answers.postToUnknownLead = await browser.request('/api/v4/negotiations/1/messages', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"text":"hi"}',
      });
      answers.logout = await browser.request('/auth/logout', { method: 'POST' });
      for (const [name, value] of copy) browser.cookies.set(name, value);
      answers.copyAfterLogout = await browser.request('/auth/session');
      return answers;
    };
    const [onNode, onEdge] = await Promise.all([steps(node.origin), steps(edge.origin)]);
    for (const step of Object.keys(onNode)) {
      const a = await seen(onNode[step] as Response, node.origin);
      const b = await seen(onEdge[step] as Response, edge.origin);
      expect(b, step).toEqual(a);
    }
  });

  describe('known differences (README, "Node and the edge")', () => {
    it('a missing file with an extension: a 404 on Node, the SPA shell on the edge', async () => {
      const [onNode, onEdge] = await both(get('/assets/gone-1234abcd.js'));
      expect(onNode.status).toBe(404);
      expect(onNode.body).toMatchObject({ error: { code: 'not_found' } });
      expect(onEdge.status).toBe(200);
      expect(String(onEdge.body)).toContain('<div id="root">');
    });

    it("another method on a path of the SPA: Node's 404, the platform's 405 on the edge", async () => {
      const [onNode, onEdge] = await both((origin) => fetch(`${origin}/leads`, { method: 'POST' }));
      expect(onNode.status).toBe(404);
      expect(onEdge.status).toBe(405);
      expect(onEdge.headers['content-security-policy']).toBe(onNode.headers['content-security-policy']);
    });

    it('static files carry no X-Request-Id on the edge (the platform serves them, not the BFF)', async () => {
      const [onNode, onEdge] = await both(get('/leads', NAVIGATE));
      expect(onNode.headers['x-request-id']).toBe('<uuid>');
      expect(onEdge.headers['x-request-id']).toBeUndefined();
    });
  });
});
