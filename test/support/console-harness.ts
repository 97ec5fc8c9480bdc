import { type AppDeps, createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';
import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { createFakeThumbtack, type FakeThumbtack, routeOwnOrigin } from '../mocks/thumbtack/index.ts';
import { closeWithTest, exclusiveServer, type HarnessScope, once, ownerLabel } from './harness-lifecycle.ts';
import { TestBrowser } from './test-browser.ts';

export const ORIGIN = 'http://localhost';
export const TEST_SECRET = 'integration-test-session-secret-0123456789';

export interface HarnessOptions {
  env?: Record<string, string>;
  accessTokenTtlSeconds?: number;
  /** How the BFF reaches Thumbtack; default the global fetch, which msw intercepts. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Who closes it. 'test' (the default): made inside a test, closed when that test finishes. 'suite':
   * made in beforeAll and shared by a describe block, which closes it in afterAll.
   */
  scope?: HarnessScope;
  /** More of the app's dependencies (a drain signal, a live heartbeat…). */
  deps?: Omit<AppDeps, 'now' | 'logSink' | 'fetch'>;
}

/**
 * The BFF in-process (`app.request`) with the fake Thumbtack behind msw's setupServer, on a settable
 * clock shared by both, plus everything the BFF logged. Closes itself when the test that made it
 * finishes (see harness-lifecycle.ts); `close()` may still be called earlier, and more than once.
 */
export function createHarness(options: HarnessOptions = {}) {
  const scope = options.scope ?? 'test';
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  // Webhook deliveries to the console's own origin reach this harness's app in-process, as they
  // reach the running console in mocked-network mode (live updates).
  let deliverToApp: (url: string, init: RequestInit) => Promise<Response> = () =>
    Promise.reject(new Error('the console is not built yet'));
  const fake: FakeThumbtack = createFakeThumbtack({
    authBase: `${ORIGIN}${MOCK_PATHS.auth}`,
    apiBase: `${ORIGIN}${MOCK_PATHS.api}`,
    controlBase: `${ORIGIN}${MOCK_PATHS.control}`,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    now,
    allowLocalhostWebhooks: true,
    deliver: routeOwnOrigin(ORIGIN, (url, init) => deliverToApp(url, init)),
  });
  const server = exclusiveServer(ownerLabel('createHarness()', scope), ...fake.handlers);
  const close = once(() => server.close());
  // Before listening: outside a running test this throws, and nothing is left open.
  if (scope === 'test') closeWithTest('createHarness()', close);
  server.listen({ onUnhandledRequest: 'error' });
  const configWith = (env: Record<string, string> = {}) =>
    parseConfig({
      PUBLIC_ORIGIN: ORIGIN,
      SESSION_SECRETS: TEST_SECRET,
      AUTH_RATE_LIMIT: '10000',
      APP_RATE_LIMIT: '10000',
      ...options.env,
      ...env,
    });
  const config = configWith();
  const logs: string[] = [];
  const logSink = (line: string) => logs.push(line);
  const app = createApp(config, { now, logSink, fetch: options.fetch, ...options.deps });
  deliverToApp = async (url, init) => app.request(url, init);
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
    /**
     * A second BFF instance (as another process would be) with `env` on top of this one's
     * configuration, in front of the same fake, clock and log. It has no msw server of its own: two
     * listening at once would interfere.
     */
    instance(env: Record<string, string>) {
      const config = configWith(env);
      const app = createApp(config, { now, logSink, fetch: options.fetch });
      return { app, config, browser: () => new TestBrowser(app, ORIGIN) };
    },
    /** Stops intercepting. Idempotent; a test-scoped harness is closed when its test finishes anyway. */
    close,
  };
}

export type Harness = ReturnType<typeof createHarness>;

/** A test-scoped harness with the demo person of its side signed in, and that person's browser. */
export async function signedInHarness(env: Record<string, string> = {}) {
  const h = createHarness({ env });
  const browser = h.browser();
  await signIn(h, browser);
  return { h, browser };
}

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
