import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../../support/console-harness.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import { apiCalls, errorOf, IDS, onSide, recordOutbound, toApi } from './proxy-support.ts';

// The application token (client credentials, demand side): no person needed, fetched once and
// shared, renewed before expiry, retried once after a 401, never shown, and its routes rate-limited
// per client IP taken only from a configured trusted proxy header.

async function demand(env: Record<string, string> = {}, signedIn = false) {
  const ctx = await onSide('demand', env, { signedIn });
  return { h: ctx.h, browser: ctx.browser };
}

const SEARCH = '/api/v4/keywords/search?searchQuery=tv';
const ccFetches = (harness: Harness) => harness.fake.control.stats().token.client_credentials;

/** Collects every token the fake's token endpoint hands out for a client-credentials grant. */
function collectAppTokens(harness: Harness): string[] {
  const tokens: string[] = [];
  harness.server.events.on('response:mocked', async ({ request, response }) => {
    if (request.url !== harness.config.thumbtack.tokenUrl) return;
    const body = (await response.clone().json()) as Record<string, unknown>;
    if (typeof body.access_token === 'string') tokens.push(body.access_token);
  });
  return tokens;
}

describe('app-token routes', () => {
  it('work without a user session (no cookie at all)', async () => {
    const { h, browser } = await demand();
    expect(browser.cookies.size).toBe(0);
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(200);
    expect((await res.json()).data.length).toBeGreaterThan(0);
    expect(h.fake.control.stats()).toMatchObject({
      api: 1,
      token: { authorization_code: 0, client_credentials: 1 },
    });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('call Thumbtack with the app token, not the signed-in person’s token', async () => {
    const { h, browser } = await demand({}, true);
    const tokens = collectAppTokens(h);
    const outbound = recordOutbound(h);
    expect((await browser.request(SEARCH)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    const [call] = toApi(h, outbound);
    expect(tokens).toHaveLength(1);
    expect(call?.headers.authorization).toBe(`Bearer ${tokens[0]}`);
  });

  it('ask for the configured app scopes, and those only', async () => {
    const { h, browser } = await demand({
      THUMBTACK_APP_SCOPES: 'demand::keywords.read demand::categories.read',
    });
    const outbound = recordOutbound(h);
    expect((await browser.request(SEARCH)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    const tokenCall = outbound.find((o) => o.url === h.config.thumbtack.tokenUrl);
    const form = new URLSearchParams(tokenCall?.body ?? '');
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')?.split(' ').sort()).toEqual([
      'demand::categories.read',
      'demand::keywords.read',
    ]);
  });

  it('serve 20 parallel calls with one token fetch', async () => {
    const { h, browser } = await demand();
    const paths = [
      SEARCH,
      '/api/v4/categories/recommendations?zipCode=78704',
      `/api/v4/categories/${IDS.categoryID}/request-form`,
      `/api/v4/businesses/${IDS.businessID}/reviews?limit=5`,
    ];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.request(paths[i % paths.length] as string)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(ccFetches(h)).toBe(1);
    expect(apiCalls(h)).toBe(20);
    // And later calls reuse it too.
    expect((await browser.request(SEARCH)).status).toBe(200);
    expect(ccFetches(h)).toBe(1);
  });

  it('refetch the token shortly before it expires, and not before', async () => {
    const { h, browser } = await demand();
    expect((await browser.request(SEARCH)).status).toBe(200);
    h.advance(3600_000 - 120_000); // two minutes left: still good
    expect((await browser.request(SEARCH)).status).toBe(200);
    expect(ccFetches(h)).toBe(1);
    h.advance(90_000); // 30 s left: renewed first
    expect((await browser.request(SEARCH)).status).toBe(200);
    expect(ccFetches(h)).toBe(2);
    h.advance(3600_000 + 1000); // long expired
    const again = await Promise.all(Array.from({ length: 5 }, () => browser.request(SEARCH)));
    expect(again.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(ccFetches(h)).toBe(3);
  });

  it('drop the token on an upstream 401, fetch a new one once and retry once', async () => {
    const { h, browser } = await demand();
    expect((await browser.request(SEARCH)).status).toBe(200);
    h.fake.control.expireAccessTokens(); // Thumbtack no longer accepts the cached one
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(200);
    expect(ccFetches(h)).toBe(2);
    expect(apiCalls(h)).toBe(3); // first call, the 401, the retry
    // The new token is kept: no further fetch.
    expect((await browser.request(SEARCH)).status).toBe(200);
    expect(ccFetches(h)).toBe(2);
  });

  it('give up after one retry when Thumbtack keeps answering 401: 502, two fetches, two calls', async () => {
    const { h, browser } = await demand();
    let calls = 0;
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/keywords/search`, () => {
        calls += 1;
        return HttpResponse.json({ detail: 'token is not active' }, { status: 401 });
      }),
    );
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('thumbtack_error');
    expect(calls).toBe(2);
    expect(ccFetches(h)).toBe(2);
  });

  it('refuse an app route on the supply side (no app token there): 404, no token fetch', async () => {
    const ctx = await onSide('supply', {}, { signedIn: false });
    const res = await ctx.browser.request(SEARCH);
    expect(res.status).toBe(404);
    expect(ctx.h.fake.control.stats()).toMatchObject({ api: 0, token: { client_credentials: 0 } });
  });

  it('never show the app token in a response or a log line', async () => {
    const { h, browser } = await demand({}, true);
    const tokens = collectAppTokens(h);
    await browser.request(SEARCH);
    await browser.request(`/api/v4/categories/${IDS.categoryID}/request-form`);
    h.fake.control.expireAccessTokens();
    await browser.request(SEARCH); // 401, refetch, retry
    h.fake.control.setFaults({ api: { status: 500, times: 1 } });
    await browser.request(SEARCH);
    await browser.request('/api/v4/keywords/search?searchQuery='); // refused before any call
    await browser.request('/auth/session');
    await new Promise((r) => setTimeout(r, 0));
    expect(tokens).toHaveLength(2); // the first app token and the one fetched after the 401
    const seen = `${browser.everythingSeen()}\n${[...browser.cookies.values()].join('\n')}`;
    const logs = h.logs.join('\n');
    for (const token of tokens) {
      for (const piece of [token, token.slice(0, 24), token.slice(-24)]) {
        expect(seen.includes(piece)).toBe(false);
        expect(logs.includes(piece)).toBe(false);
      }
    }
  });

  it('do not put the app token in the person’s session cookie', async () => {
    const { h, browser } = await demand({}, true);
    const tokens = collectAppTokens(h);
    const { openSessionCookie } = await import('../../support/console-harness.ts');
    await browser.request(SEARCH);
    await new Promise((r) => setTimeout(r, 0));
    const session = JSON.stringify(await openSessionCookie(browser));
    const appToken = tokens.at(-1) as string;
    expect(appToken).toBeDefined();
    expect(session.includes(appToken)).toBe(false);
  });
});

describe('app-token routes are rate-limited per client IP', () => {
  async function burst(browser: TestBrowser, n: number, headers: Record<string, string> = {}) {
    const out: Response[] = [];
    for (let i = 0; i < n; i++) out.push(await browser.request(SEARCH, { headers }));
    return out;
  }

  it('answers 429 rate_limited with Retry-After past APP_RATE_LIMIT, without calling Thumbtack', async () => {
    const { h, browser } = await demand({ APP_RATE_LIMIT: '5' });
    const first = await burst(browser, 5);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(429);
    expect((await errorOf(res)).code).toBe('rate_limited');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(apiCalls(h)).toBe(5);
    // The window passes: allowed again.
    h.advance(61_000);
    expect((await browser.request(SEARCH)).status).toBe(200);
  });

  it('counts all app routes in one budget', async () => {
    const { browser } = await demand({ APP_RATE_LIMIT: '3' });
    expect(
      (await browser.request('/api/v4/categories/homecare?zipCode=78704&propertyType=house')).status,
    ).toBe(200);
    expect((await browser.request(`/api/v4/categories/${IDS.categoryID}/request-form`)).status).toBe(200);
    expect((await browser.request(SEARCH)).status).toBe(200);
    expect((await browser.request(`/api/v4/businesses/${IDS.businessID}/reviews`)).status).toBe(429);
  });

  it('does not limit user-token routes with the app budget', async () => {
    const { browser } = await demand({ APP_RATE_LIMIT: '2' }, true);
    await burst(browser, 2);
    expect((await browser.request(SEARCH)).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await browser.request('/api/v4/users/self')).status).toBe(200);
  });

  it('ignores X-Forwarded-For when no trusted proxy header is configured: a spoofed IP is no fresh budget', async () => {
    const { browser } = await demand({ APP_RATE_LIMIT: '5' });
    await burst(browser, 5, { 'X-Forwarded-For': '198.51.100.1' });
    for (const ip of ['198.51.100.2', '203.0.113.7', '10.0.0.1, 198.51.100.3']) {
      const res = await browser.request(SEARCH, {
        headers: { 'X-Forwarded-For': ip, 'X-Real-IP': ip, Forwarded: `for=${ip}` },
      });
      expect(res.status).toBe(429);
    }
  });

  it('with TRUSTED_PROXY_HEADER=x-forwarded-for, counts per last entry (the one our proxy appended)', async () => {
    const { browser } = await demand({ APP_RATE_LIMIT: '5', TRUSTED_PROXY_HEADER: 'x-forwarded-for' });
    // The client prepends whatever it likes; our proxy appends the address it saw: 192.0.2.10.
    const spoofs = ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5', '6.6.6.6'];
    const statuses: number[] = [];
    for (const spoof of spoofs) {
      const res = await browser.request(SEARCH, { headers: { 'X-Forwarded-For': `${spoof}, 192.0.2.10` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Another client behind the same proxy has its own budget.
    const other = await browser.request(SEARCH, { headers: { 'X-Forwarded-For': '1.1.1.1, 192.0.2.20' } });
    expect(other.status).toBe(200);
  });

  it('with a trusted header configured, another header (X-Real-IP) is still ignored', async () => {
    const { browser } = await demand({ APP_RATE_LIMIT: '2', TRUSTED_PROXY_HEADER: 'x-forwarded-for' });
    await burst(browser, 2, { 'X-Forwarded-For': '192.0.2.10', 'X-Real-IP': '10.0.0.1' });
    const res = await browser.request(SEARCH, {
      headers: { 'X-Forwarded-For': '192.0.2.10', 'X-Real-IP': '10.0.0.2' },
    });
    expect(res.status).toBe(429);
  });
});
