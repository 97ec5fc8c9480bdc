import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createLogger, MAX_LOGGED_VALUE } from '../../../bff/http/logger.ts';
import { DEMO_CLIENTS } from '../../mocks/thumbtack/index.ts';
import { type Harness, signIn, TEST_SECRET } from '../../support/console-harness.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import { IDS, onSide } from './proxy-support.ts';

// Logs (docs/architecture.md, "House style"): one structured line per proxied request with what an operator
// needs (request id, route, statuses, latency), and never a token, code, cookie or secret.

let h: Harness | undefined;

interface RequestLine {
  level: string;
  msg: string;
  time: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  upstreamStatus?: number;
  latencyMs: number;
}

function parsed(harness: Harness): Record<string, unknown>[] {
  return harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const requestLines = (harness: Harness) =>
  parsed(harness).filter((l) => l.msg === 'request') as unknown as RequestLine[];

describe('one structured line per proxied request', () => {
  it('logs request id, route id, method, status, upstream status and latency', async () => {
    const ctx = await onSide('supply');
    h = ctx.h;
    const before = h.logs.length;
    const res = await ctx.browser.request(`/api/v4/negotiations/${IDS.proNegotiationID}/messages?limit=5`);
    expect(res.status).toBe(200);
    const lines = h.logs.slice(before).map((l) => JSON.parse(l) as RequestLine);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'request',
      requestId: res.headers.get('x-request-id'),
      method: 'GET',
      route: 'supply.messages.list',
      status: 200,
      upstreamStatus: 200,
      latencyMs: expect.any(Number),
    });
    expect(Number.isNaN(Date.parse(line?.time ?? ''))).toBe(false);
    expect(line?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('writes every line as one JSON object on one line', async () => {
    const ctx = await onSide('supply');
    h = ctx.h;
    await ctx.browser.request('/api/v4/businesses');
    await ctx.browser.request('/api/v4/nothing%0Ahere');
    for (const line of h.logs) {
      expect(line.includes('\n')).toBe(false);
      expect(() => JSON.parse(line)).not.toThrow();
      expect(JSON.parse(line)).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
    }
  });

  it('logs one line per call in a burst, each with its own request id', async () => {
    const ctx = await onSide('supply');
    h = ctx.h;
    const before = requestLines(h).length;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => ctx.browser.request('/api/v4/businesses')),
    );
    const lines = requestLines(h).slice(before);
    expect(lines).toHaveLength(8);
    expect(new Set(lines.map((l) => l.requestId))).toEqual(
      new Set(responses.map((r) => r.headers.get('x-request-id'))),
    );
    for (const line of lines) expect(line).toMatchObject({ route: 'supply.businesses.list', status: 200 });
  });

  it('logs the upstream status next to ours when they differ', async () => {
    const ctx = await onSide('supply');
    h = ctx.h;
    h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    await ctx.browser.request('/api/v4/businesses');
    await ctx.browser.request(`/api/v4/negotiations/${'1'.repeat(19)}`);
    const [failed, missing] = requestLines(h).slice(-2);
    expect(failed).toMatchObject({ route: 'supply.businesses.list', status: 502, upstreamStatus: 503 });
    expect(missing).toMatchObject({ route: 'supply.negotiations.read', status: 404, upstreamStatus: 404 });
  });

  it('logs no upstream status for a request refused before Thumbtack was called', async () => {
    const ctx = await onSide('supply', {
      THUMBTACK_SCOPES: 'supply::users.read openid profile offline_access',
    });
    h = ctx.h;
    await ctx.browser.request('/api/v4/businesses'); // insufficient scope
    await ctx.browser.request('/api/v4/negotiations/abc'); // bad ID
    await ctx.browser.request('/api/v4/businesses', { csrf: false }); // CSRF
    const lines = requestLines(h).slice(-3);
    expect(lines.map((l) => l.status)).toEqual([403, 400, 403]);
    for (const line of lines) expect(line).not.toHaveProperty('upstreamStatus');
    expect(lines[0]?.route).toBe('supply.businesses.list');
  });

  it('measures latency including a slow Thumbtack, and logs timeouts', async () => {
    const ctx = await onSide('supply', { UPSTREAM_TIMEOUT_MS: '300' });
    h = ctx.h;
    h.fake.control.setFaults({ api: { latencyMs: 150, times: 1 } });
    await ctx.browser.request('/api/v4/businesses');
    h.fake.control.setFaults({ api: { latencyMs: 1000, times: 1 } });
    await ctx.browser.request('/api/v4/businesses');
    const [slow, timedOut] = requestLines(h).slice(-2);
    expect(slow?.status).toBe(200);
    expect(slow?.latencyMs).toBeGreaterThanOrEqual(140);
    expect(timedOut).toMatchObject({ status: 504 });
    expect(timedOut?.latencyMs).toBeGreaterThanOrEqual(280);
    expect(timedOut).not.toHaveProperty('upstreamStatus');
    const failure = parsed(h).find((l) => l.msg === 'request failed' && l.requestId === timedOut?.requestId);
    expect(failure).toMatchObject({ level: 'warn', code: 'thumbtack_timeout' });
  });

  it('never logs the query string', async () => {
    const ctx = await onSide('demand', {}, { signedIn: false });
    h = ctx.h;
    await ctx.browser.request('/api/v4/keywords/search?searchQuery=my-private-search-words');
    await ctx.browser.request('/api/v4/keywords/search?searchQuery=other-private&unknown=also-private');
    const logs = h.logs.join('\n');
    expect(logs).not.toContain('private');
    expect(requestLines(h).map((l) => l.route)).toEqual(['demand.keywords.search', 'demand.keywords.search']);
  });
});

/** Every secret-bearing value that crossed the wire during a test, gathered from msw's events. */
function collectSecrets(harness: Harness) {
  const secrets = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 8) secrets.add(value);
  };
  harness.server.events.on('request:start', async ({ request }) => {
    if (request.url !== harness.config.thumbtack.tokenUrl) return;
    const form = new URLSearchParams(await request.clone().text());
    for (const key of ['code', 'code_verifier', 'refresh_token']) add(form.get(key));
    add(request.headers.get('authorization')?.replace(/^Basic /, ''));
  });
  harness.server.events.on('response:mocked', async ({ request, response }) => {
    if (request.url === harness.config.thumbtack.tokenUrl) {
      const body = (await response.clone().json()) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token', 'id_token']) add(body[key]);
    }
    // The consent page's redirect to our callback carries the authorization code and the state.
    const location = response.headers.get('location');
    if (location?.includes('/auth/callback')) {
      const url = new URL(location, 'http://localhost');
      add(url.searchParams.get('code'));
      add(url.searchParams.get('state'));
    }
  });
  return secrets;
}

/** Cookie values the BFF set in the browser (sessions, login transactions), from every response. */
function cookieValues(browser: TestBrowser): string[] {
  const values: string[] = [];
  for (const response of browser.responses) {
    for (const [name, value] of response.headers) {
      if (name !== 'set-cookie') continue;
      const pair = value.split(';')[0] ?? '';
      const v = pair.slice(pair.indexOf('=') + 1);
      if (v.length >= 16) values.push(v);
    }
  }
  return values;
}

function expectAbsent(logs: string, values: Iterable<string>) {
  for (const value of values) {
    for (const piece of new Set([value, value.slice(0, 24), value.slice(-24)])) {
      expect(logs.includes(piece), `a log line contains ${piece.slice(0, 6)}…`).toBe(false);
    }
  }
}

describe('no token, code, cookie or secret in any log line of a full journey', () => {
  it('supply: sign in, API calls, failures, a refresh, a 401-driven refresh, logout', async () => {
    const ctx = await onSide(
      'supply',
      { UPSTREAM_TIMEOUT_MS: '300', LOG_LEVEL: 'debug' },
      { signedIn: false },
    );
    h = ctx.h;
    const secrets = collectSecrets(h);
    const { browser } = ctx;
    expect((await signIn(h, browser, { returnTo: '/businesses' })).status).toBe(302);
    await browser.request('/auth/session');
    await browser.request('/api/v4/businesses');
    await browser.request('/api/v4/users/self');
    await browser.request(`/api/v4/negotiations/${IDS.proNegotiationID}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'See you at 9.' }),
      headers: { 'Content-Type': 'application/json' },
    });
    await browser.request(`/api/v4/negotiations/${'1'.repeat(19)}`); // upstream 404
    h.fake.control.setFaults({ api: { status: 500, times: 1 } });
    await browser.request('/api/v4/businesses'); // upstream 500
    h.fake.control.setFaults({ api: { latencyMs: 1000, times: 1 } });
    await browser.request('/api/v4/businesses'); // timeout
    h.advance(3600_000 - 30_000);
    await browser.request('/api/v4/businesses'); // pre-emptive refresh
    h.fake.control.expireAccessTokens();
    await browser.request('/api/v4/businesses'); // 401, refresh, retry
    h.advance(3600_000 + 1000);
    h.fake.control.setFaults({ token: { status: 503, times: 1 } });
    await browser.request('/api/v4/businesses'); // refresh unavailable
    await browser.request('/api/v4/businesses'); // refresh works
    await browser.request('/auth/logout', { method: 'POST' });
    // A forged callback: its code and state must not be logged either.
    await browser.request('/auth/callback?code=replayed-code-value&state=replayed-state-value', {
      csrf: false,
    });

    const logs = h.logs.join('\n');
    expect(h.fake.control.stats().token.refresh_token).toBeGreaterThanOrEqual(3);
    expect(secrets.size).toBeGreaterThanOrEqual(8);
    expectAbsent(logs, secrets);
    expectAbsent(logs, cookieValues(browser));
    expectAbsent(logs, [
      TEST_SECRET,
      DEMO_CLIENTS.supply.secret,
      btoa(`${DEMO_CLIENTS.supply.id}:${DEMO_CLIENTS.supply.secret}`),
      'replayed-code-value',
      'replayed-state-value',
    ]);
    // The journey did log: request lines for each call and warnings for the failures.
    expect(requestLines(h).length).toBeGreaterThanOrEqual(12);
    expect(parsed(h).some((l) => l.level === 'warn')).toBe(true);
  });

  it('demand: app-token calls, a 401-driven token refetch, user calls, a token endpoint failure', async () => {
    const ctx = await onSide('demand', { LOG_LEVEL: 'debug' }, { signedIn: false });
    h = ctx.h;
    const secrets = collectSecrets(h);
    const { browser } = ctx;
    await browser.request('/api/v4/keywords/search?searchQuery=tv');
    expect((await signIn(h, browser)).status).toBe(302);
    await browser.request('/api/v4/users/self');
    await browser.request(`/api/v4/negotiations/${IDS.customerNegotiationID}`);
    h.fake.control.expireAccessTokens();
    await browser.request('/api/v4/keywords/search?searchQuery=tv');
    await browser.request('/api/v4/users/self');
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/keywords/search`, () =>
        HttpResponse.json({ detail: 'token is not active' }, { status: 401 }),
      ),
    );
    await browser.request('/api/v4/keywords/search?searchQuery=tv'); // 401 twice
    h.server.resetHandlers();
    h.advance(3600_000 + 1000);
    h.fake.control.setFaults({ token: { status: 500, times: 1 } });
    await browser.request('/api/v4/keywords/search?searchQuery=tv'); // token endpoint down
    await browser.request('/auth/logout', { method: 'POST' });

    const logs = h.logs.join('\n');
    expect(h.fake.control.stats().token.client_credentials).toBeGreaterThanOrEqual(3);
    expectAbsent(logs, secrets);
    expectAbsent(logs, cookieValues(browser));
    expectAbsent(logs, [TEST_SECRET, DEMO_CLIENTS.demand.secret]);
  });
});

describe('bounded log lines', () => {
  it('caps an unmatched 8,000-character path instead of logging it verbatim', async () => {
    const ctx = await onSide('supply');
    h = ctx.h;
    const before = h.logs.length;
    const long = `/api/v4/${'a'.repeat(8000)}`;
    const res = await ctx.browser.request(long);
    expect(res.status).toBe(404);
    const lines = h.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.length).toBeLessThan(600);
    expect(lines[0]).not.toContain('a'.repeat(300));
    expect((JSON.parse(lines[0] as string) as RequestLine).route.startsWith('/api/v4/aaa')).toBe(true);
  });

  it('keeps every string value of any log line within the bound, whatever is passed in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 5000 })), (fields) => {
        const written: string[] = [];
        createLogger('debug', (line) => written.push(line))({ level: 'info', msg: 'x', ...fields });
        const parsedLine = JSON.parse(written[0] as string) as Record<string, unknown>;
        for (const value of Object.values(parsedLine)) {
          if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(MAX_LOGGED_VALUE + 24);
        }
      }),
      { numRuns: 200 },
    );
  });
});
