import { HttpResponse, http, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiCalls, errorOf, IDS, onSide } from './proxy-support.ts';

// A slow, failing or unreachable Thumbtack is a clean answer in our error shape, quickly: 502 for
// its 5xx, its own status for a 4xx, 504 past the route's timeout, 502 when it cannot be reached.

async function side(which: 'supply' | 'demand' = 'supply', env: Record<string, string> = {}) {
  const ctx = await onSide(which, env);
  return { h: ctx.h, browser: ctx.browser };
}

const SEARCH = '/api/v4/keywords/search?searchQuery=tv';
const BUSINESSES = '/api/v4/businesses';

describe('Thumbtack 5xx', () => {
  it.each([500, 502, 503, 504])(
    'turns an upstream %i into 502 thumbtack_error, with no upstream detail',
    async (status) => {
      const { h, browser } = await side();
      h.fake.control.setFaults({ api: { status, times: 1 } });
      const res = await browser.request(BUSINESSES);
      expect(res.status).toBe(502);
      const error = await errorOf(res);
      expect(error.code).toBe('thumbtack_error');
      expect(error.message).not.toContain('injected fault');
      expect(error.requestId).toBe(res.headers.get('x-request-id'));
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.getSetCookie()).toEqual([]);
      // The fault was used up: the next call works, and the session survived.
      expect((await browser.request(BUSINESSES)).status).toBe(200);
      expect(apiCalls(h)).toBe(2);
    },
  );

  it('does the same on an app-token route', async () => {
    const { h, browser } = await side('demand');
    h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('thumbtack_error');
  });

  it('does not retry a 5xx (a POST must not be sent twice)', async () => {
    const { h, browser } = await side();
    h.fake.control.setFaults({ api: { status: 503 } });
    const res = await browser.request(`/api/v4/negotiations/${IDS.proNegotiationID}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'once' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(502);
    expect(apiCalls(h)).toBe(1);
  });
});

describe('Thumbtack 4xx', () => {
  it("keeps a 404's status, with code thumbtack_error and Thumbtack's detail as the message", async () => {
    const { h, browser } = await side();
    // A lead of another pro: Thumbtack answers "not found" (never "forbidden").
    const res = await browser.request(`/api/v4/negotiations/${'1'.repeat(19)}`);
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error).toEqual({
      code: 'thumbtack_error',
      message: 'negotiation not found',
      requestId: res.headers.get('x-request-id'),
    });
    expect(apiCalls(h)).toBe(1);
  });

  it("keeps a 400 from Thumbtack's body validation, with its detail", async () => {
    const { browser } = await side();
    const res = await browser.request(`/api/v4/negotiations/${IDS.proNegotiationID}/job-status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'finished-ish' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('thumbtack_error');
    expect(error.message).toMatch(/^invalid request body: status/);
  });

  it('keeps a 409 conflict with its detail', async () => {
    const { browser } = await side();
    const res = await browser.request(`/api/v4/businesses/${IDS.businessID}/associate-phone-numbers`, {
      method: 'POST',
      body: JSON.stringify({ phoneNumber: '+15125550147', name: 'Again' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: 'thumbtack_error',
      message: 'phone number +15125550147 is already associated with this business',
    });
  });

  it('passes a 429 on with a Retry-After', async () => {
    const { h, browser } = await side();
    h.fake.control.setFaults({ api: { status: 429, times: 1 } });
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await errorOf(res)).code).toBe('thumbtack_error');
  });

  it.each([
    ['a token-looking detail', { detail: 'bad token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' }],
    ['a long opaque string', { detail: `key ${'A'.repeat(48)} rejected` }],
    ['markup', { detail: '<img src=x onerror=alert(1)>' }],
    ['a control character', { detail: 'line one\nline two' }],
    ['an over-long message', { detail: 'x '.repeat(200) }],
    ['no usable field', { error: { nested: 'object' } }],
    ['a non-JSON body', '<html>nope</html>'],
  ])("does not repeat Thumbtack's message when it holds %s", async (_, body) => {
    const { h, browser } = await side();
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () =>
        typeof body === 'string'
          ? HttpResponse.text(body, { status: 400 })
          : HttpResponse.json(body, { status: 400 }),
      ),
    );
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('thumbtack_error');
    expect(error.message).toBe('Thumbtack answered 400.');
  });

  it('turns a 401 "required scope" that survives a refresh into 403 insufficient_scope', async () => {
    const { h, browser } = await side();
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () =>
        HttpResponse.json(
          {
            title: 'Unauthorized',
            status: 401,
            detail: 'required scope(s) [supply::businesses.list] not found',
          },
          { status: 401 },
        ),
      ),
    );
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('insufficient_scope');
    // One refresh and one retry, then the answer stands.
    expect(h.fake.control.stats().token.refresh_token).toBe(1);
  });

  it('ends the session when Thumbtack still says 401 after a refresh', async () => {
    const { h, browser } = await side();
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () =>
        HttpResponse.json({ detail: 'token is not active' }, { status: 401 }),
      ),
    );
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('session_expired');
    expect(h.fake.control.stats().token.refresh_token).toBe(1);
    expect((await (await browser.request('/auth/session')).json()).authenticated).toBe(false);
  });
});

describe('a slow Thumbtack', () => {
  it('answers 504 thumbtack_timeout soon after the route timeout (capped by UPSTREAM_TIMEOUT_MS), not when Thumbtack finally answers', async () => {
    const { h, browser } = await side('supply', { UPSTREAM_TIMEOUT_MS: '300' });
    h.fake.control.setFaults({ api: { latencyMs: 1000, times: 1 } });
    const started = Date.now();
    const res = await browser.request(BUSINESSES);
    const took = Date.now() - started;
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('thumbtack_timeout');
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(900);
    // The session is kept; the next call (no fault left) works.
    expect((await browser.request(BUSINESSES)).status).toBe(200);
  });

  it('answers 504 on an app-token route too', async () => {
    const { h, browser } = await side('demand', { UPSTREAM_TIMEOUT_MS: '300' });
    h.fake.control.setFaults({ api: { latencyMs: 1000, times: 1 } });
    const started = Date.now();
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('answers 504 when Thumbtack sends headers and then stalls the body', async () => {
    const { h, browser } = await side('supply', { UPSTREAM_TIMEOUT_MS: '300' });
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":['));
            // ...and nothing more, ever.
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const started = Date.now();
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('thumbtack_timeout');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('waits for a Thumbtack slower than usual but within the timeout', async () => {
    const { h, browser } = await side('supply', { UPSTREAM_TIMEOUT_MS: '1000' });
    h.fake.control.setFaults({ api: { latencyMs: 200, times: 1 } });
    expect((await browser.request(BUSINESSES)).status).toBe(200);
  });
});

describe('an unreachable Thumbtack', () => {
  const DEAD = 'http://127.0.0.1:9/api';

  it('answers 502 thumbtack_unavailable when the connection fails (network error)', async () => {
    const { h, browser } = await side('supply', { THUMBTACK_API_BASE: DEAD });
    h.server.use(http.all('http://127.0.0.1:9/*', () => HttpResponse.error()));
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('thumbtack_unavailable');
    expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
  });

  it('answers 502 thumbtack_unavailable when a real connection is refused', async () => {
    const { h, browser } = await side('supply', { THUMBTACK_API_BASE: DEAD });
    // Let this one request go to the network: nothing listens on port 9 of the loopback.
    h.server.use(http.all('http://127.0.0.1:9/*', () => passthrough()));
    const started = Date.now();
    const res = await browser.request(BUSINESSES);
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('thumbtack_unavailable');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers 502 on an app-token route when the API is down but the token endpoint is up', async () => {
    const { h, browser } = await side('demand', { THUMBTACK_API_BASE: DEAD });
    h.server.use(http.all('http://127.0.0.1:9/*', () => HttpResponse.error()));
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('thumbtack_unavailable');
  });

  it('answers 502 thumbtack_unavailable on an app-token route when the token endpoint fails', async () => {
    const { h, browser } = await side('demand');
    h.fake.control.setFaults({ token: { status: 503, times: 1 } });
    const res = await browser.request(SEARCH);
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('thumbtack_unavailable');
    expect(apiCalls(h)).toBe(0);
    // Not cached as a failure: the next call fetches a token and works.
    expect((await browser.request(SEARCH)).status).toBe(200);
  });
});
