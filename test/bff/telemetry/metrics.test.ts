import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../bff/config.ts';
import { METRIC_CATALOGUE, noMetrics } from '../../../bff/http/telemetry.ts';
import { startNodeServer } from '../../../bff/node.ts';
import { ROUTES } from '../../../bff/proxy/route-table.ts';
import { DEMO_USER_SCOPES } from '../../../bff/thumbtack/scopes.ts';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../../mocks/thumbtack/index.ts';
import { type FakeServer, startFakeServer } from '../../support/fake-server.ts';
import { freePort } from '../../support/free-port.ts';
import { HttpBrowser } from '../../support/http-browser.ts';
import { type Scrape, scrape } from './prometheus-text.ts';

// The metrics an operator scrapes (docs/operations.md), over real HTTP from a running Node server in
// front of the fake Thumbtack: after a scripted journey each counter moved by exactly what the journey
// did; /metrics answers only with the token; no label carries a path parameter, an id or a token.

const METRICS_TOKEN = 'metrics-test-token-0123456789abcdefghij';
const AUTH_LIMIT = 6;

interface RunningConsole {
  origin: string;
  fake: FakeServer;
  metricsPort: number;
  close(): Promise<void>;
}

/** The Node server as staging, in front of the fake Thumbtack over HTTP, with metrics on. */
async function startConsole(): Promise<RunningConsole> {
  const port = await freePort();
  const metricsPort = await freePort();
  const origin = `http://localhost:${port}`;
  const fake = await startFakeServer([`${origin}/auth/callback`], { scope: 'suite' });
  const config = parseConfig({
    THUMBTACK_ENV: 'staging',
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    THUMBTACK_CLIENT_ID: DEMO_CLIENTS.supply.id,
    THUMBTACK_CLIENT_SECRET: DEMO_CLIENTS.supply.secret,
    THUMBTACK_SCOPES: DEMO_USER_SCOPES.supply.join(' '),
    SESSION_SECRETS: 'metrics-test-session-secret-0123456789ab',
    AUTH_RATE_LIMIT: String(AUTH_LIMIT),
    METRICS_TOKEN,
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'error',
    ...fake.urls,
  });
  const server = startNodeServer(config, { staticDir: false, hosts: ['127.0.0.1'] });
  await server.listening;
  return {
    origin,
    fake,
    metricsPort,
    close: async () => {
      await server.close();
      await fake.close();
    },
  };
}

// Each block has a console of its own: the journey spends the auth rate limit on purpose.
let running: RunningConsole;
let origin: string;
const read = (token = METRICS_TOKEN) => scrape(`${origin}/metrics`, token);

function withConsole() {
  beforeAll(async () => {
    running = await startConsole();
    origin = running.origin;
  });
  afterAll(() => running?.close());
}

describe('metrics after a scripted journey', () => {
  withConsole();

  it('each counter moved by what the journey did', async () => {
    const before = await read();
    const browser = new HttpBrowser(origin);
    const delta = (after: Scrape, name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);

    // Sign in: one login started and completed, one code exchange.
    expect((await browser.signIn()).status).toBe(302);
    // Three proxied calls.
    for (let i = 0; i < 3; i += 1) expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    // A forced refresh: Thumbtack answers 401, the BFF refreshes and retries once.
    running.fake.fake.control.expireAccessTokens();
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    // An injected 503 from Thumbtack.
    running.fake.fake.control.setFaults({ api: { status: 503, times: 1 } });
    const unavailable = await browser.request('/api/v4/businesses');
    expect(unavailable.status).toBeGreaterThanOrEqual(500);
    // A burst at /auth/login: two of the limit went to the sign-in, the rest of the ten are refused.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => browser.request('/auth/login', { csrf: false })),
    );
    const refused = burst.filter((res) => res.status === 429).length;
    expect(refused).toBe(10 - (AUTH_LIMIT - 2));

    const after = await read();
    const route = 'supply.businesses.list';
    expect(delta(after, 'console_logins_total', { outcome: 'started' })).toBe(1 + (AUTH_LIMIT - 2));
    expect(delta(after, 'console_logins_total', { outcome: 'completed' })).toBe(1);
    expect(
      delta(after, 'console_token_requests_total', { grant: 'authorization_code', outcome: 'success' }),
    ).toBe(1);
    expect(delta(after, 'console_token_requests_total', { grant: 'refresh_token', outcome: 'success' })).toBe(
      1,
    );
    // Thumbtack saw 3 + 2 (the 401 and the retry) + 1 calls.
    const upstream = (status: string) =>
      delta(after, 'console_thumbtack_requests_duration_seconds_count', { route, status });
    expect([upstream('200'), upstream('401'), upstream('503')]).toEqual([4, 1, 1]);
    // The console answered five of them 200 and one with the 503's mapping.
    const answered = (status: number) =>
      delta(after, 'console_http_requests_duration_seconds_count', {
        route,
        method: 'GET',
        status: String(status),
      });
    expect([answered(200), answered(unavailable.status)]).toEqual([4, 1]);
    expect(delta(after, 'console_rate_limited_total', { bucket: 'auth' })).toBe(refused);
    expect(
      delta(after, 'console_http_requests_duration_seconds_count', {
        route: 'auth.login',
        method: 'GET',
        status: '429',
      }),
    ).toBe(refused);
    // The session was saved once (the callback) and rotated once (the refresh), without errors.
    const store = (operation: string, result = 'ok') =>
      delta(after, 'console_session_store_operations_total', { store: 'cookie', operation, result });
    expect([store('save'), store('rotate'), store('read', 'error')]).toEqual([1, 1, 0]);
    expect(store('read')).toBeGreaterThanOrEqual(5);
    // Latency histograms are real histograms: the sum grew with the count.
    expect(
      delta(after, 'console_thumbtack_requests_duration_seconds_sum', { route, status: '200' }),
    ).toBeGreaterThan(0);
  });

  it('carries the process basics', async () => {
    const metrics = await read();
    expect(metrics.value('console_process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(metrics.names()).toContain('console_nodejs_eventloop_lag_seconds');
  });
});

describe('who may read /metrics', () => {
  withConsole();

  it.each([
    ['no token', undefined],
    ['a wrong token', 'metrics-test-token-0123456789abcdefghiX'],
    ['a prefix of the token', METRICS_TOKEN.slice(0, -1)],
    ['the token as a query', `?token=${METRICS_TOKEN}`],
  ])('refuses the public port with %s', async (_, token) => {
    const query = token?.startsWith('?') ? token : '';
    const headers: Record<string, string> = token && !query ? { Authorization: `Bearer ${token}` } : {};
    const res = await fetch(`${origin}/metrics${query}`, { headers });
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toContain('console_');
    expect(JSON.parse(body).error.code).toBe('not_authenticated');
  });

  it('serves METRICS_PORT with the token, and nothing else there', async () => {
    const base = `http://127.0.0.1:${running.metricsPort}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(await ok.text()).toContain('console_http_requests_duration_seconds');
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
  });

  it('is neither served nor kept without METRICS_TOKEN or METRICS_PORT', async () => {
    const port = await freePort();
    const bare = startNodeServer(
      parseConfig({
        PORT: String(port),
        PUBLIC_ORIGIN: `http://localhost:${port}`,
        SESSION_SECRETS: 'metrics-test-session-secret-0123456789ab',
        LOG_LEVEL: 'error',
      }),
      { staticDir: false, hosts: ['127.0.0.1'] },
    );
    try {
      await bare.listening;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('console_');
      // Nobody could read them, so none are kept: the hot path pays nothing.
      expect(bare.telemetry.metrics).toBe(noMetrics);
    } finally {
      await bare.close();
    }
  });
});

// Every value a label may take: route ids, never paths; fixed words, never ids, names or tokens.
const ROUTE_IDS = new Set([
  ...ROUTES.map((r) => r.id),
  ...['auth.login', 'auth.callback', 'auth.logout', 'auth.disconnect', 'auth.session'],
  ...['live.events', 'live.subscriptions.list', 'live.subscriptions.on', 'live.subscriptions.off'],
  ...['webhooks.thumbtack', 'healthz', 'readyz', 'api.not_allowed', 'unmatched', 'not_found', 'spa'],
]);
const VOCABULARY: Record<string, (value: string) => boolean> = {
  route: (v) => ROUTE_IDS.has(v),
  method: (v) => ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'other'].includes(v),
  status: (v) => /^[1-5]\d\d$/.test(v) || ['timeout', 'unreachable', 'other'].includes(v),
  le: (v) => v === '+Inf' || Number.isFinite(Number(v)),
};
const WORD = /^[a-z][a-z_]{0,31}$/;

describe('metric labels', () => {
  withConsole();

  it('never carry a path parameter, a user id or anything token-like, whatever is asked', async () => {
    const browser = new HttpBrowser(origin);
    expect((await browser.signIn()).status).toBe(302);
    const marker = fc.stringMatching(/^[A-Za-z0-9]{6,24}$/).map((s) => `zq${s}`);
    const asked = new Set<string>();
    const supply = ROUTES.filter((r) => r.side === 'supply' && r.method === 'GET');
    const request = fc.record({
      kind: fc.constantFrom('route', 'api', 'auth', 'live', 'webhook', 'page'),
      route: fc.constantFrom(...supply),
      id: marker,
      // Thumbtack's IDs are digits (the allow-list refuses others before any call).
      numericId: fc.stringMatching(/^[1-9]\d{11,18}$/),
      query: marker,
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ kind, route, id, numericId, query, method }) => {
        asked.add(id);
        asked.add(numericId);
        asked.add(query);
        const path = {
          route: `/api${route.path.replace(/:[A-Za-z]+/g, numericId)}`,
          api: `/api/v4/${id}/things`,
          auth: `/auth/${id}`,
          live: `/live/${id}`,
          webhook: `/webhooks/${id}`,
          page: `/businesses/${id}/leads`,
        }[kind];
        const res = await browser.request(kind === 'route' ? path : `${path}?q=${query}&${id}=1`, {
          method: kind === 'route' ? 'GET' : method,
          headers: { 'X-Request-Id': id, traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
        });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 80, seed: 2026 },
    );
    const metrics = await read();
    const known = [DEMO_ACCOUNTS.pro.userID, ...DEMO_ACCOUNTS.pro.businessIDs, ...browser.cookies.values()];
    const offending: string[] = [];
    // The catalogue's metrics; the process basics carry prom-client's own fixed labels (version, space).
    const ours = Object.keys(METRIC_CATALOGUE);
    for (const sample of metrics.samples.filter((s) => ours.some((name) => s.name.startsWith(name)))) {
      for (const [key, value] of Object.entries(sample.labels)) {
        const allowed = VOCABULARY[key] ?? ((v: string) => WORD.test(v));
        const leaks = [...asked, ...known].some((secret) => value.includes(secret));
        if (!allowed(value) || leaks) offending.push(`${sample.name} ${key}="${value}"`);
      }
    }
    expect(offending).toEqual([]);
    // The property reached Thumbtack with generated IDs, counted under route ids.
    const withIds = supply.filter((r) => r.path.includes(':'));
    const reached = metrics.samples.filter(
      (s) =>
        s.name === 'console_thumbtack_requests_duration_seconds_count' &&
        withIds.some((r) => r.id === s.labels.route) &&
        s.value > 0,
    );
    expect(reached.length).toBeGreaterThan(0);
  });
});
