import { setupServer } from 'msw/node';
import { createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';
import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { createFakeThumbtack, type FakeThumbtack } from '../mocks/thumbtack/index.ts';
import { TestBrowser } from './test-browser.ts';

export const ORIGIN = 'http://localhost';
export const TEST_SECRET = 'integration-test-session-secret-0123456789';

export interface HarnessOptions {
  env?: Record<string, string>;
  accessTokenTtlSeconds?: number;
  /** How the BFF reaches Thumbtack; default the global fetch, which msw intercepts. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * The BFF in-process (`app.request`) with the fake Thumbtack behind msw's setupServer, on a settable
 * clock shared by both, plus everything the BFF logged. Call `close()` in afterEach.
 */
export function createHarness(options: HarnessOptions = {}) {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const fake: FakeThumbtack = createFakeThumbtack({
    authBase: `${ORIGIN}${MOCK_PATHS.auth}`,
    apiBase: `${ORIGIN}${MOCK_PATHS.api}`,
    controlBase: `${ORIGIN}${MOCK_PATHS.control}`,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    now,
  });
  const server = setupServer(...fake.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const config = parseConfig({
    PUBLIC_ORIGIN: ORIGIN,
    SESSION_SECRETS: TEST_SECRET,
    AUTH_RATE_LIMIT: '10000',
    APP_RATE_LIMIT: '10000',
    ...options.env,
  });
  const logs: string[] = [];
  const app = createApp(config, { now, logSink: (line) => logs.push(line), fetch: options.fetch });
  return {
    app,
    config,
    fake,
    server,
    logs,
    browser: () => new TestBrowser(app, ORIGIN),
    /** Moves both clocks, the BFF's and the fake's. */
    advance(ms: number) {
      offsetMs += ms;
    },
    close() {
      server.close();
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;

/**
 * Signs in as a person would: /auth/login, the consent page, Allow, the callback. Returns the
 * callback response (a 302 to returnTo on success).
 */
export async function signIn(
  h: Harness,
  browser: TestBrowser,
  { returnTo = '/', decision = 'allow' }: { returnTo?: string; decision?: 'allow' | 'deny' } = {},
) {
  const login = await browser.request(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
    csrf: false,
  });
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  const authorizeUrl = login.headers.get('location') as string;
  const consent = await fetch(authorizeUrl);
  const page = await consent.text();
  if (consent.status !== 200) throw new Error(`consent page answered ${consent.status}: ${page}`);
  const account =
    /name="account"[^>]*value="([^"]+)"/.exec(page)?.[1] ??
    (h.config.side === 'supply' ? 'demo-pro' : 'demo-customer');
  const decided = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account, decision }),
    redirect: 'manual',
  });
  const callback = decided.headers.get('location');
  if (!callback) throw new Error(`consent answered ${decided.status} without a redirect`);
  const url = new URL(callback);
  return browser.request(`${url.pathname}${url.search}`, { csrf: false, headers: { Accept: 'text/html' } });
}

/** Opens the browser's session cookie with the test key, to look at what the BFF stored. */
export async function openSessionCookie(browser: TestBrowser, secrets: string[] = [TEST_SECRET]) {
  const { createKeyRing, unseal } = await import('../../bff/session/seal.ts');
  const value =
    browser.cookies.get('__Host-tt-session') ??
    [0, 1, 2, 3].map((i) => browser.cookies.get(`__Host-tt-session.${i}`) ?? '').join('');
  const opened = await unseal<import('../../bff/session/session-data.ts').SessionData>(
    await createKeyRing(secrets),
    '__Host-tt-session',
    value,
  );
  return opened?.payload;
}
