import { describe, expect, it } from 'vitest';
import type { Harness } from '../../support/console-harness.ts';
import { apiCalls, errorOf, IDS, onSide } from './proxy-support.ts';

// CSRF and cross-origin (docs/architecture.md, "The BFF's HTTP interface"): a custom header on every API call, our Origin on unsafe
// methods, no cross-site fetches, and no CORS at all, so a foreign page can neither read nor write.

let h: Harness | undefined;

const MESSAGES = `/api/v4/negotiations/${IDS.proNegotiationID}/messages`;
const SEND = { method: 'POST', body: JSON.stringify({ text: 'hi' }) } as const;
const JSON_TYPE = { 'Content-Type': 'application/json' };

async function supply() {
  const ctx = await onSide('supply');
  h = ctx.h;
  return ctx.browser;
}

function expectNoCors(res: Response) {
  const cors = [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));
  expect(cors).toEqual([]);
  expect(res.headers.get('vary') ?? '').not.toMatch(/origin/i);
}

describe('X-CSRF: 1 on every API call', () => {
  it.each([
    ['GET', '/api/v4/businesses', undefined],
    ['GET', '/api/v4/users/self', undefined],
    ['POST', MESSAGES, SEND.body],
    ['DELETE', `/api/v4/businesses/${IDS.businessID}/webhooks/${IDS.proWebhookID}`, undefined],
  ])('refuses %s %s without it: 403 csrf_rejected, nothing sent to Thumbtack', async (method, path, body) => {
    const browser = await supply();
    const res = await browser.request(path, {
      method,
      csrf: false,
      ...(body ? { body, headers: JSON_TYPE } : {}),
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it.each(['0', 'true', '11', '1, 1', ''])('refuses X-CSRF: %j (only "1" counts)', async (value) => {
    const browser = await supply();
    const res = await browser.request('/api/v4/businesses', { headers: { 'X-CSRF': value } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it('answers the same request with X-CSRF: 1 (the control case)', async () => {
    const browser = await supply();
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    expect((await browser.request(MESSAGES, { ...SEND, headers: JSON_TYPE })).status).toBe(201);
  });

  it('is checked before anything else: an unknown path without it is also csrf_rejected', async () => {
    const browser = await supply();
    const res = await browser.request('/api/v4/not-a-route', { csrf: false });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
  });

  it.each(['/%61pi/v4/businesses', '/ap%69/v4/businesses', '/api/v4%2Fbusinesses', '/api/./v4/businesses'])(
    'is not dodged by spelling the prefix differently: %s',
    async (path) => {
      const browser = await supply();
      const res = await browser.request(path, { csrf: false });
      expect([403, 404]).toContain(res.status);
      expect(apiCalls(h as Harness)).toBe(0);
    },
  );

  it('protects app-token routes too (no session needed, CSRF still is)', async () => {
    const { h: harness, browser } = await onSide('demand', {}, { signedIn: false });
    const res = await browser.request('/api/v4/keywords/search?searchQuery=tv', { csrf: false });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
    expect(harness.fake.control.stats()).toMatchObject({ api: 0, token: { client_credentials: 0 } });
  });
});

describe('Origin and Sec-Fetch-Site on unsafe methods', () => {
  it.each([
    ['missing', undefined],
    ['foreign', 'https://evil.example'],
    ['null (sandboxed iframe, data: URL)', 'null'],
    ['same host, other scheme', 'https://localhost'],
    ['same host, other port', 'http://localhost:8080'],
    ['a prefix trick', 'http://localhost.evil.example'],
    ['with a path', 'http://localhost/'],
    ['uppercased', 'HTTP://LOCALHOST'],
  ])('refuses a POST whose Origin is %s', async (_, origin) => {
    const browser = await supply();
    const headers = new Headers(JSON_TYPE);
    // TestBrowser adds our Origin unless one is given; an empty marker header stands for "none".
    if (origin !== undefined) headers.set('Origin', origin);
    const res =
      origin === undefined
        ? await (h as Harness).app.request(`http://localhost${MESSAGES}`, {
            ...SEND,
            headers: { ...JSON_TYPE, 'X-CSRF': '1', Cookie: browser.cookieHeader() },
          })
        : await browser.request(MESSAGES, { ...SEND, headers });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it.each(['PUT', 'DELETE'])('refuses %s from a foreign Origin', async (method) => {
    const browser = await supply();
    const res = await browser.request(`/api/v4/businesses/${IDS.businessID}/webhooks/${IDS.proWebhookID}`, {
      method,
      headers: { Origin: 'https://evil.example', ...JSON_TYPE },
      ...(method === 'PUT' ? { body: JSON.stringify({ enabled: false }) } : {}),
    });
    expect(res.status).toBe(403);
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it.each([
    ['POST', MESSAGES],
    ['GET', '/api/v4/businesses'],
  ])('refuses %s with Sec-Fetch-Site: cross-site, even with our Origin', async (method, path) => {
    const browser = await supply();
    const res = await browser.request(path, {
      method,
      headers: { 'Sec-Fetch-Site': 'cross-site', ...(method === 'POST' ? JSON_TYPE : {}) },
      ...(method === 'POST' ? { body: SEND.body } : {}),
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_rejected');
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it.each(['same-origin', 'none'])('lets Sec-Fetch-Site: %s through', async (site) => {
    const browser = await supply();
    const res = await browser.request(MESSAGES, {
      ...SEND,
      headers: { 'Sec-Fetch-Site': site, ...JSON_TYPE },
    });
    expect(res.status).toBe(201);
  });
});

describe('no CORS, ever', () => {
  it('answers a preflight from a foreign origin without any Access-Control-Allow-* header', async () => {
    const browser = await supply();
    const res = await browser.request(MESSAGES, {
      method: 'OPTIONS',
      csrf: false,
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-csrf, content-type',
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectNoCors(res);
    expect(apiCalls(h as Harness)).toBe(0);
  });

  it.each(['/auth/session', '/auth/logout', '/auth/login', '/healthz', '/api/v4/businesses'])(
    'answers OPTIONS %s without CORS headers',
    async (path) => {
      const browser = await supply();
      const res = await browser.request(path, {
        method: 'OPTIONS',
        csrf: false,
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expectNoCors(res);
    },
  );

  it('sends no CORS headers on successes, errors or auth answers, whatever the Origin', async () => {
    const browser = await supply();
    const foreign = { Origin: 'https://evil.example' };
    const answers = [
      await browser.request('/api/v4/businesses', { headers: foreign }),
      await browser.request('/api/v4/businesses', { headers: { Origin: 'http://localhost' } }),
      await browser.request('/api/v4/nothing', { headers: foreign }),
      await browser.request('/api/v4/businesses', { headers: foreign, csrf: false }),
      await browser.request('/auth/session', { headers: foreign }),
      await browser.request(MESSAGES, { ...SEND, headers: { ...foreign, ...JSON_TYPE } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 403, 200, 403]);
    for (const res of answers) expectNoCors(res);
  });
});

describe('logout cannot be forced from another site', () => {
  it('does nothing on GET /auth/logout: 405, session and tokens intact', async () => {
    const browser = await supply();
    const cookie = browser.cookies.get('__Host-tt-session');
    const res = await browser.request('/auth/logout', { csrf: false });
    expect(res.status).toBe(405);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(browser.cookies.get('__Host-tt-session')).toBe(cookie);
    expect((await (await browser.request('/auth/session')).json()).authenticated).toBe(true);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });

  it('does nothing on a GET /auth/logout that even carries X-CSRF', async () => {
    const browser = await supply();
    expect((await browser.request('/auth/logout')).status).toBe(405);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });

  it.each([
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
  ])('does nothing on a POST /auth/logout with %s', async (_, headers) => {
    const browser = await supply();
    const res = await browser.request('/auth/logout', { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });

  it('does nothing on a POST /auth/logout without X-CSRF (a plain form post)', async () => {
    const browser = await supply();
    const res = await browser.request('/auth/logout', {
      method: 'POST',
      csrf: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(403);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });
});
