import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesFor } from '../../../bff/proxy/route-table.ts';
import { type Harness, openSessionCookie } from '../../support/console-harness.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import {
  apiCalls,
  DEMO_UTM_SOURCE,
  errorOf,
  IDS,
  onSide,
  recordOutbound,
  toApi,
  trapOtherHosts,
} from './proxy-support.ts';

// The proxy is a route table, not a pass-through (docs/architecture.md, "Flows, in short"): only its rows pass, IDs
// are IDs, queries and bodies are checked, the upstream request is built from scratch and the
// upstream answer is reduced to its JSON body.

async function side(which: 'supply' | 'demand' = 'supply', env: Record<string, string> = {}) {
  const ctx = await onSide(which, env);
  return { h: ctx.h, browser: ctx.browser };
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const NEGOTIATION = `/api/v4/negotiations/${IDS.proNegotiationID}`;
const MESSAGES = `${NEGOTIATION}/messages`;
const JOB_STATUS = `${NEGOTIATION}/job-status`;
const WEBHOOK = `/api/v4/businesses/${IDS.businessID}/webhooks/${IDS.proWebhookID}`;

describe('only the route table passes', () => {
  it.each([
    ['GET', '/api/v4/unknown'],
    ['GET', '/api/v4/'],
    ['GET', '/api/v4'],
    ['GET', '/api/v3/businesses'],
    ['GET', '/api/businesses'],
    // The fake (like Thumbtack) serves these; the console does not offer them.
    ['GET', `/api/v4/businesses/${IDS.businessID}`],
    ['POST', '/api/v4/users/disconnect'],
    ['GET', '/api/v4/keywords/search?searchQuery=tv'],
    ['POST', '/api/v4/businesses/search'],
    ['GET', '/api/v4/businesses/'],
    ['GET', '/api/v4/businesses/extra/segments/that/match/nothing'],
    ['GET', `/api/v4/businesses/${IDS.businessID}/negotiations/`],
    ['GET', '/api/v4//businesses'],
    ['GET', '/api/v4/Businesses'],
    ['GET', '/api/v4/businesses.json'],
    ['GET', '/api/v4/users/self/'],
  ])(
    'answers %s %s with 404 route_not_allowed on the supply side, with no upstream call',
    async (method, path) => {
      const { h, browser } = await side();
      const res = await browser.request(path, {
        method,
        ...(method === 'POST' ? { body: '{}', headers: JSON_TYPE } : {}),
      });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('route_not_allowed');
      expect(apiCalls(h)).toBe(0);
    },
  );

  it('answers POST /api/v4/businesses/search-filtered (served by the fake, not in the table) with 404 on the demand side', async () => {
    const { h, browser } = await side('demand');
    const res = await browser.request('/api/v4/businesses/search-filtered', {
      method: 'POST',
      body: JSON.stringify({ userQuery: 'tv', zipCode: '78704', utmData: { utm_source: DEMO_UTM_SOURCE } }),
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(404);
    expect(h.fake.control.stats()).toMatchObject({ api: 0, token: { client_credentials: 0 } });
  });

  it.each([
    ['DELETE', '/api/v4/businesses', 'GET'],
    ['POST', '/api/v4/users/self', 'GET'],
    ['PUT', MESSAGES, 'GET, POST'],
    ['DELETE', NEGOTIATION, 'GET'],
    ['PATCH', WEBHOOK, 'GET, PUT, DELETE'],
    ['POST', WEBHOOK, 'GET, PUT, DELETE'],
    ['GET', JOB_STATUS, 'POST'],
    ['OPTIONS', '/api/v4/businesses', 'GET'],
    ['HEAD', '/api/v4/businesses', 'GET'],
  ])('answers %s %s with 405 and Allow: %s, with no upstream call', async (method, path, allow) => {
    const { h, browser } = await side();
    const res = await browser.request(path, {
      method,
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: '{}', headers: JSON_TYPE } : {}),
    });
    expect(res.status).toBe(405);
    expect(
      res.headers
        .get('allow')
        ?.split(',')
        .map((m) => m.trim())
        .sort(),
    ).toEqual(allow.split(', ').sort());
    if (method !== 'HEAD') expect((await errorOf(res)).code).toBe('method_not_allowed');
    expect(apiCalls(h)).toBe(0);
  });

  it('lists the methods of the row that matched the shape, not of other rows', async () => {
    const { browser } = await side();
    const res = await browser.request(`/api/v4/businesses/${IDS.businessID}/webhooks`, { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});

describe('path IDs are Thumbtack IDs (1 to 19 digits) and nothing else', () => {
  it.each([
    'abc',
    '12a',
    '-1',
    '+1',
    '1.0',
    '1e5',
    '0x1F',
    ' 1',
    '%31', // an encoded digit is not a digit: segments are compared raw
    '%EF%BC%91', // fullwidth one
    '١٢٣', // Arabic-Indic digits
    '9'.repeat(20),
    '1'.repeat(64),
    'null',
    'undefined',
    'self',
    '*',
    '%2A',
  ])('refuses negotiation ID %j with 400 invalid_request, no upstream call', async (id) => {
    const { h, browser } = await side();
    const res = await browser.request(`/api/v4/negotiations/${id}/messages`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('negotiationID');
    expect(apiCalls(h)).toBe(0);
  });

  it('accepts the longest ID (19 digits) and passes it on unchanged', async () => {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const id = '9'.repeat(19);
    const res = await browser.request(`/api/v4/negotiations/${id}`);
    expect(res.status).toBe(404); // Thumbtack's "negotiation not found", relayed
    expect(toApi(h, outbound).map((o) => new URL(o.url).pathname)).toEqual([
      `/__thumbtack/api/api/v4/negotiations/${id}`,
    ]);
  });

  it('refuses a bad ID on an unsafe method before reading the body', async () => {
    const { h, browser } = await side();
    const res = await browser.request('/api/v4/negotiations/abc/messages', {
      method: 'POST',
      body: 'not even json',
      headers: JSON_TYPE,
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain('negotiationID');
    expect(apiCalls(h)).toBe(0);
  });
});

describe('query strings: only the row keys, once each, well-formed', () => {
  const REVIEWS = `/api/v4/businesses/${IDS.businessID}/reviews`;
  it.each([
    ['an unknown key', `${REVIEWS}?limit=5&debug=1`],
    ['a key on a row that takes none', '/api/v4/businesses?limit=5'],
    ['a repeated key', `${REVIEWS}?limit=5&limit=50`],
    ['a repeated key with one bad value', `${REVIEWS}?limit=5&limit=x`],
    ['a key in another case', `${REVIEWS}?Limit=5`],
    ['an array-style key', `${REVIEWS}?limit[]=5`],
    ['an empty key', `${REVIEWS}?=5`],
    ['a key without a value', `${REVIEWS}?limit`],
    ['an empty value', `${REVIEWS}?limit=`],
    ['a negative number', `${REVIEWS}?limit=-1`],
    ['a decimal', `${REVIEWS}?limit=1.5`],
    ['too many digits', `${REVIEWS}?limit=1000`],
    ['an offset that is not a number', `${REVIEWS}?offset=ten`],
    ['a value with a space', `${REVIEWS}?limit=5%20`],
    ['a value with an encoded newline', `${REVIEWS}?limit=5%0A`],
    ['a date that is not RFC 3339', `${MESSAGES}?sentBefore=yesterday`],
    ['a date without a zone', `${MESSAGES}?sentBefore=2024-01-01T00:00:00`],
    ['a date with a trailing payload', `${MESSAGES}?sentBefore=2024-01-01T00:00:00Z%26limit%3D99`],
  ])('refuses %s with 400 invalid_request, no upstream call', async (_, path) => {
    const { h, browser } = await side();
    const res = await browser.request(path);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(apiCalls(h)).toBe(0);
  });

  it.each([
    ['a 4-digit ZIP', '/api/v4/categories/homecare?zipCode=7870&propertyType=house'],
    ['a ZIP+4', '/api/v4/categories/homecare?zipCode=78704-1234&propertyType=house'],
    [
      'a utm_source chosen by the browser (the BFF states its own)',
      '/api/v4/categories/recommendations?zipCode=78704&utmData[utm_source]=cma-evil',
    ],
    ['an empty search', '/api/v4/keywords/search?searchQuery='],
    ['a search with a NUL byte', '/api/v4/keywords/search?searchQuery=tv%00'],
    ['a search with a newline', '/api/v4/keywords/search?searchQuery=tv%0D%0AHost:%20evil'],
    ['a 201-character search', `/api/v4/keywords/search?searchQuery=${'a'.repeat(201)}`],
    ['a property type with digits', '/api/v4/categories/homecare?zipCode=78704&propertyType=h0use'],
  ])('refuses %s on an app route with 400, no token fetch and no upstream call', async (_, path) => {
    const { h, browser } = await side('demand');
    const res = await browser.request(path);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(h.fake.control.stats()).toMatchObject({ api: 0, token: { client_credentials: 0 } });
  });

  it('re-encodes values itself: an encoded & or = cannot smuggle a second parameter upstream', async () => {
    const { h, browser } = await side('demand');
    const outbound = recordOutbound(h);
    const res = await browser.request('/api/v4/keywords/search?searchQuery=tv%26limit%3D999%23x');
    expect(res.status).toBe(200);
    const [call] = toApi(h, outbound);
    const sent = new URL(call?.url ?? 'x:');
    expect([...sent.searchParams]).toEqual([['searchQuery', 'tv&limit=999#x']]);
    expect(sent.hash).toBe('');
  });

  it('sends its own encoding, not the raw query: a ; or a percent-encoded key cannot be read differently upstream', async () => {
    const { h, browser } = await side('demand');
    const outbound = recordOutbound(h);
    const res = await browser.request('/api/v4/keywords/search?searchQuery=tv;limit=999&lim%69t=5');
    expect(res.status).toBe(200);
    const sent = new URL(toApi(h, outbound)[0]?.url ?? 'x:');
    // Servers that split on ";" or decode keys late would see a second limit in the raw form.
    expect(sent.search).toBe('?searchQuery=tv%3Blimit%3D999&limit=5');
  });

  it('passes the accepted keys on, and nothing else', async () => {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const res = await browser.request(`${REVIEWS}?offset=10&limit=5`);
    expect(res.status).toBe(200);
    const sent = new URL(toApi(h, outbound)[0]?.url ?? 'x:');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ offset: '10', limit: '5' });
  });
});

/**
 * Host-changing and traversal inputs. Some are resolved by the URL parser before the BFF sees them
 * (dot segments, backslashes, `%2e%2e`): they must then land on no row. The others arrive as raw
 * segments that are no literal and no ID. Either way, no request leaves the BFF.
 */
const HOSTILE_PATHS: [string, string][] = [
  ['GET', '//evil.example/api/v4/businesses'],
  ['GET', '/%61pi/v4/businesses'],
  ['GET', '/api/v4/%62usinesses'],
  ['GET', '/api/v4%2Fbusinesses'],
  ['GET', '/api%2Fv4%2Fbusinesses'],
  ['GET', '/api//evil.example/v4/businesses'],
  ['GET', '/api/v4//evil.example/businesses'],
  ['GET', '/api/v4/businesses/%2F%2Fevil.example'],
  ['GET', '/api/v4/businesses/%2F%2Fevil.example/reviews'],
  ['GET', '/api/v4/%2F%2Fevil.example%2Fapi%2Fv4%2Fbusinesses'],
  ['GET', '/api/v4/..%2F..%2Fevil'],
  ['GET', '/api/v4/businesses/..%2F..%2F..%2Fevil.example/reviews'],
  ['GET', '/api/v4/businesses/%2e%2e/%2e%2e/%2e%2e/evil.example'],
  ['GET', '/api/v4/businesses/%2e%2e%2f%2e%2e%2fusers%2fself/reviews'],
  ['GET', '/api/v4/businesses/.%2e/.%2e/.%2e/evil'],
  [
    'GET',
    `/api/v4/businesses/${IDS.businessID}/negotiations/%2e%2e/%2e%2e/%2e%2e/%2e%2e/__thumbtack/control/reset`,
  ],
  ['GET', '/api/v4/users/self/..%2F..%2F..%2F__thumbtack%2Fcontrol%2Fstats'],
  ['GET', '/api/v4/businesses/\\\\evil.example'],
  ['GET', '/api/v4/businesses/%5C%5Cevil.example/reviews'],
  ['GET', '/api/v4/businesses/1%5C..%5C..%5Cevil/reviews'],
  ['GET', '/api/v4/@evil.example'],
  ['GET', '/api/v4/businesses/@evil.example/reviews'],
  ['GET', '/api/v4/businesses/1@evil.example/reviews'],
  ['GET', '/api/v4/businesses/user:pass@evil.example/reviews'],
  ['GET', '/api/v4/businesses/evil.example:443/reviews'],
  ['GET', '/api/v4/http://evil.example/api/v4/businesses'],
  ['GET', '/api/v4/https:%2F%2Fevil.example%2Fapi%2Fv4%2Fbusinesses'],
  ['GET', '/api/v4/businesses/http%3A%2F%2Fevil.example/reviews'],
  ['GET', '/api/v4/businesses/1;evil.example/reviews'],
  ['GET', '/api/v4/businesses/1%3Bevil.example/reviews'],
  ['GET', '/api/v4/businesses/1%09/reviews'],
  ['GET', '/api/v4/businesses/1%0D%0AHost:%20evil.example/reviews'],
  ['GET', '/api/v4/businesses/1%0A/reviews'],
  ['GET', '/api/v4/businesses/1%00/reviews'],
  ['GET', '/api/v4/businesses/%252F%252Fevil.example/reviews'],
  ['GET', '/api/v4/businesses/%25252e%25252e/reviews'],
  ['GET', '/api/v4/businesses/1%23@evil.example/reviews'],
  ['GET', '/api/v4/businesses/1%3F@evil.example/reviews'],
  ['GET', '/api/v4/negotiations/1%2Fmessages'],
  ['GET', '/api/v4/businesses/１/reviews'],
  ['GET', '/api/v4/businesses/1/negotiations/..'],
  ['POST', '/api/v4/negotiations/%2F%2Fevil.example/messages'],
  ['POST', '/api/v4/negotiations/1%2F..%2F..%2Fusers%2Fdisconnect/messages'],
  ['DELETE', '/api/v4/businesses/1/webhooks/%2e%2e%2f%2e%2e%2f%2e%2e%2fusers%2fdisconnect'],
  ['PUT', '/api/v4/businesses/1/webhooks/1@evil.example'],
];

describe('host-changing and traversal paths reach no host at all', () => {
  let shared: Harness;
  let browser: TestBrowser;
  let strays: string[];
  let outbound: ReturnType<typeof recordOutbound>;
  beforeAll(async () => {
    const ctx = await onSide('supply', {}, { scope: 'suite' });
    shared = ctx.h;
    browser = ctx.browser;
    strays = trapOtherHosts(shared);
    outbound = recordOutbound(shared);
  });
  afterAll(() => shared.close());

  it(`has at least 20 of them (${HOSTILE_PATHS.length})`, () => {
    expect(HOSTILE_PATHS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE_PATHS)('%s %s: a 4xx, nothing sent anywhere', async (method, path) => {
    const before = shared.fake.control.stats();
    const sentBefore = outbound.length;
    const res = await browser.request(path, {
      method,
      ...(method === 'POST' || method === 'PUT' ? { body: '{"text":"x"}', headers: JSON_TYPE } : {}),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(shared.fake.control.stats()).toEqual(before);
    expect(outbound.slice(sentBefore)).toEqual([]);
    expect(strays).toEqual([]);
  });

  it('the same harness still reaches the fake for a legitimate call (the trap is not blocking everything)', async () => {
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    expect(strays).toEqual([]);
    expect(outbound.at(-1)?.url).toBe(`${shared.config.thumbtack.apiBase}/v4/businesses`);
  });
});

describe('the upstream request is built from scratch', () => {
  const ALLOWED = ['accept', 'authorization', 'content-type', 'user-agent', 'x-request-id'];
  const HOSTILE_HEADERS = {
    Authorization: 'Bearer attacker-chosen-token',
    'X-Forwarded-For': '203.0.113.9',
    'X-Forwarded-Host': 'evil.example',
    'X-Forwarded-Proto': 'http',
    'X-Forwarded-Port': '8443',
    Forwarded: 'for=203.0.113.9;host=evil.example;proto=http',
    'X-Real-IP': '203.0.113.9',
    'X-Original-URL': '/__thumbtack/control/reset',
    'X-Rewrite-URL': '/__thumbtack/control/reset',
    'X-HTTP-Method-Override': 'DELETE',
    Host: 'evil.example',
    Connection: 'keep-alive, X-Secret',
    'X-Secret': 'hop',
    'Keep-Alive': 'timeout=5',
    TE: 'trailers',
    Upgrade: 'h2c',
    'Proxy-Authorization': 'Basic YXR0YWNrZXI6eA==',
    'User-Agent': 'evil-agent/1.0',
    Accept: 'text/html',
    'Accept-Encoding': 'gzip, br',
    'Accept-Language': 'fr',
    Referer: 'https://evil.example/page',
    'Sec-Fetch-Site': 'same-origin',
    'If-None-Match': '"x"',
    Range: 'bytes=0-10',
    'Content-Language': 'fr',
  };

  async function oneCall(method: 'GET' | 'POST') {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const strays = trapOtherHosts(h);
    const cookie = `${browser.cookieHeader()}; other=browser-cookie`;
    const body = JSON.stringify({ text: 'Hello from the console' });
    const res = await browser.request(MESSAGES, {
      method,
      headers: {
        ...HOSTILE_HEADERS,
        Cookie: cookie,
        ...(method === 'POST' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      },
      ...(method === 'POST' ? { body } : {}),
    });
    const session = await openSessionCookie(browser);
    const calls = toApi(h, outbound);
    return { h, res, calls, session, strays, body };
  }

  it.each(['GET', 'POST'] as const)(
    '%s: only Accept, Content-Type, our Authorization, our User-Agent and the request id go out',
    async (method) => {
      const { h, res, calls, session, strays, body } = await oneCall(method);
      expect(res.status).toBe(method === 'GET' ? 200 : 201);
      expect(calls).toHaveLength(1);
      const call = calls[0];
      if (!call) throw new Error('no upstream call');
      expect(call.method).toBe(method);
      expect(new URL(call.url).origin).toBe(new URL(h.config.thumbtack.apiBase).origin);
      expect(call.url).toBe(`${h.config.thumbtack.apiBase}/v4/negotiations/${IDS.proNegotiationID}/messages`);
      const names = Object.keys(call.headers).sort();
      for (const name of names) expect(ALLOWED).toContain(name);
      expect(call.headers.authorization).toBe(`Bearer ${session?.accessToken}`);
      expect(call.headers.accept).toBe('application/json');
      expect(call.headers['user-agent']).toMatch(/^thumbtack-partner-console\//);
      expect(call.headers['x-request-id']).toBe(res.headers.get('x-request-id'));
      expect(call.headers.cookie).toBeUndefined();
      expect(call.headers.host).toBeUndefined();
      if (method === 'POST') {
        expect(call.headers['content-type']).toBe('application/json');
        await new Promise((r) => setTimeout(r, 0));
        expect(call.body).toBe(body);
      } else {
        expect(call.headers['content-type']).toBeUndefined();
      }
      expect(strays).toEqual([]);
    },
  );

  it('calls the configured API base even when the request names another host', async () => {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const strays = trapOtherHosts(h);
    // The URL the BFF sees, as a misconfigured front proxy might pass it: Host is evil.example.
    const res = await h.app.request('http://evil.example/api/v4/businesses', {
      headers: { 'X-CSRF': '1', Cookie: browser.cookieHeader(), 'X-Forwarded-Host': 'evil.example' },
    });
    expect(res.status).toBe(200);
    expect(toApi(h, outbound).map((o) => o.url)).toEqual([`${h.config.thumbtack.apiBase}/v4/businesses`]);
    expect(strays).toEqual([]);
  });

  it("ignores a client's X-Request-Id unless a trusted proxy writes headers: our own id goes out", async () => {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const res = await browser.request('/api/v4/businesses', {
      headers: { 'X-Request-Id': 'client-chosen-0123456789' },
    });
    const [sent] = toApi(h, outbound).map((o) => o.headers['x-request-id']);
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(sent);
    expect(h.logs.join('\n')).not.toContain('client-chosen-0123456789');
  });

  it('behind a trusted proxy keeps its well-formed request id, and replaces one that is not', async () => {
    const { h, browser } = await side('supply', { TRUSTED_PROXY_HEADER: 'x-forwarded-for' });
    const outbound = recordOutbound(h);
    await browser.request('/api/v4/businesses', { headers: { 'X-Request-Id': 'lb-0123456789abcdef' } });
    await browser.request('/api/v4/businesses', { headers: { 'X-Request-Id': 'not ok; X-Injected: 1' } });
    const ids = toApi(h, outbound).map((o) => o.headers['x-request-id']);
    expect(ids[0]).toBe('lb-0123456789abcdef');
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the upstream answer is reduced to its JSON body', () => {
  it('passes no upstream Set-Cookie (the fake sets one on every answer), on success or error', async () => {
    const { h, browser } = await side();
    const upstreamCookies: string[] = [];
    h.server.events.on('response:mocked', ({ request, response }) => {
      if (request.url.startsWith(h.config.thumbtack.apiBase))
        upstreamCookies.push(...response.headers.getSetCookie());
    });
    const ok = await browser.request('/api/v4/businesses');
    const missing = await browser.request(`/api/v4/negotiations/${'1'.repeat(19)}`);
    expect(ok.status).toBe(200);
    expect(missing.status).toBe(404);
    expect(upstreamCookies.length).toBe(2);
    expect(upstreamCookies[0]).toMatch(/^__cf_bm=/);
    expect(ok.headers.getSetCookie()).toEqual([]);
    expect(missing.headers.getSetCookie()).toEqual([]);
    expect(browser.cookies.has('__cf_bm')).toBe(false);
  });

  it('passes none of the upstream headers, and labels the body as JSON itself', async () => {
    const { h, browser } = await side();
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () =>
        HttpResponse.text(JSON.stringify({ data: [] }), {
          headers: {
            'Content-Type': 'text/html',
            Location: 'https://evil.example/',
            'Set-Cookie': 'session=upstream; Domain=localhost; Path=/',
            'X-Upstream-Secret': 's3cr3t',
            'Access-Control-Allow-Origin': '*',
            'Access-Control-Allow-Credentials': 'true',
            'Content-Security-Policy': 'default-src *',
            'Cache-Control': 'public, max-age=86400',
            Link: '<https://evil.example/>; rel=preload',
            Refresh: '0; url=https://evil.example/',
          },
        }),
      ),
    );
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [] });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const name of [
      'location',
      'x-upstream-secret',
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'link',
      'refresh',
    ]) {
      expect(res.headers.get(name), name).toBeNull();
    }
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses to relay an upstream 2xx that is not JSON (an HTML page must not reach the SPA)', async () => {
    const { h, browser } = await side();
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () =>
        HttpResponse.html('<script>alert(1)</script>'),
      ),
    );
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(502);
    const text = await res.clone().text();
    expect(text).not.toContain('<script>');
    expect((await errorOf(res)).code).toBe('thumbtack_error');
  });

  it.each([301, 302, 303, 307, 308])(
    'does not follow an upstream %i to another host: 502',
    async (status) => {
      const { h, browser } = await side();
      const strays = trapOtherHosts(h);
      const evilHits: string[] = [];
      h.server.use(
        http.all('https://evil.example/*', ({ request }) => {
          evilHits.push(request.url);
          return HttpResponse.json({ data: [{ businessID: '666', name: 'Evil' }] });
        }),
        http.get(
          `${h.config.thumbtack.apiBase}/v4/businesses`,
          () => new HttpResponse(null, { status, headers: { Location: 'https://evil.example/steal' } }),
        ),
      );
      const res = await browser.request('/api/v4/businesses');
      expect(res.status).toBe(502);
      expect((await errorOf(res)).code).toBe('thumbtack_error');
      expect(res.headers.get('location')).toBeNull();
      expect(evilHits).toEqual([]);
      expect(strays).toEqual([]);
    },
  );

  it('does not follow a redirect back to the fake either (no second upstream call)', async () => {
    const { h, browser } = await side();
    h.server.use(
      http.get(
        `${h.config.thumbtack.apiBase}/v4/businesses`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { Location: `${h.config.thumbtack.apiBase}/v4/users/self` },
          }),
      ),
    );
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(502);
    expect(apiCalls(h)).toBe(0); // the override answered; the fake itself was never asked
  });
});

describe('request bodies: JSON, within the row limit, only where the row takes one', () => {
  const limitOf = (id: string) => routesFor('supply').find((r) => r.id === id)?.bodyLimit ?? 0;
  const JOB_LIMIT = limitOf('supply.negotiations.job-status');
  const MESSAGE_LIMIT = limitOf('supply.messages.send');

  /** `{"status":"job_complete","pad":"xxx…"}` of exactly `size` bytes. */
  function jobStatusBody(size: number) {
    const base = JSON.stringify({ status: 'job_complete', pad: '' });
    return JSON.stringify({ status: 'job_complete', pad: 'x'.repeat(size - base.length) });
  }

  function stream(bytes: number, chunk = 1024): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const n = Math.min(chunk, bytes - sent);
        sent += n;
        controller.enqueue(new TextEncoder().encode('x'.repeat(n)));
      },
    });
  }

  it('accepts a body of exactly the row limit', async () => {
    const { browser } = await side();
    const body = jobStatusBody(JOB_LIMIT);
    expect(new TextEncoder().encode(body).length).toBe(JOB_LIMIT);
    const res = await browser.request(JOB_STATUS, {
      method: 'POST',
      body,
      headers: { ...JSON_TYPE, 'Content-Length': String(JOB_LIMIT) },
    });
    expect(res.status).toBe(200);
  });

  it('refuses one byte more with 413 payload_too_large, honest Content-Length, no upstream call', async () => {
    const { h, browser } = await side();
    const body = jobStatusBody(JOB_LIMIT + 1);
    const res = await browser.request(JOB_STATUS, {
      method: 'POST',
      body,
      headers: { ...JSON_TYPE, 'Content-Length': String(JOB_LIMIT + 1) },
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
    expect(apiCalls(h)).toBe(0);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { h, browser } = await side();
    let pulled = 0;
    // highWaterMark 0: the stream produces nothing until someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 1;
          controller.enqueue(new TextEncoder().encode('{}'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const res = await browser.request(JOB_STATUS, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { ...JSON_TYPE, 'Content-Length': String(10 * 1024 * 1024) },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBe(0);
    expect(apiCalls(h)).toBe(0);
  });

  it.each([
    ['a chunked body with no Content-Length', undefined],
    ['a chunked body whose Content-Length lies (says 2)', '2'],
  ])('refuses %s that grows past the limit: 413, no upstream call', async (_, declared) => {
    const { h, browser } = await side();
    const res = await browser.request(MESSAGES, {
      method: 'POST',
      body: stream(MESSAGE_LIMIT * 4),
      duplex: 'half',
      headers: { ...JSON_TYPE, ...(declared ? { 'Content-Length': declared } : {}) },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
    expect(apiCalls(h)).toBe(0);
  });

  it.each([
    ['not JSON', 'text=hello', JSON_TYPE],
    ['truncated JSON', '{"text":"hel', JSON_TYPE],
    [
      'JSON with a form Content-Type (a cross-site form post)',
      '{"text":"hi"}',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    ],
    ['JSON as text/plain (a no-preflight fetch)', '{"text":"hi"}', { 'Content-Type': 'text/plain' }],
    ['JSON as multipart', '{"text":"hi"}', { 'Content-Type': 'multipart/form-data; boundary=x' }],
    ['JSON with a look-alike type', '{"text":"hi"}', { 'Content-Type': 'application/jsonp' }],
    ['no body at all', undefined, JSON_TYPE],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      JSON_TYPE,
    ],
  ])('refuses %s with 400 invalid_request, no upstream call', async (_, body, headers) => {
    const { h, browser } = await side();
    const res = await browser.request(MESSAGES, { method: 'POST', body, headers });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(apiCalls(h)).toBe(0);
  });

  it('refuses a body on a GET row (declared by Content-Length) with 400, no upstream call', async () => {
    const { h, browser } = await side();
    const res = await browser.request('/api/v4/businesses', {
      headers: { 'Content-Length': '2', ...JSON_TYPE },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(apiCalls(h)).toBe(0);
  });

  it.each([
    ['with an honest Content-Length', { 'Content-Length': '16' }],
    ['streamed, with no Content-Length', {}],
  ])('refuses a body on a DELETE row %s with 400, no upstream call', async (_, extra) => {
    const { h, browser } = await side();
    const res = await browser.request(WEBHOOK, {
      method: 'DELETE',
      body: '{"force":"true"}',
      headers: { ...JSON_TYPE, ...extra },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(apiCalls(h)).toBe(0);
  });

  it('still deletes when the DELETE carries no body', async () => {
    const { browser } = await side();
    expect((await browser.request(WEBHOOK, { method: 'DELETE' })).status).toBe(204);
  });

  it('forwards the checked body byte for byte (no re-serialisation surprises)', async () => {
    const { h, browser } = await side();
    const outbound = recordOutbound(h);
    const body = '{"text":"caf\u00e9 \u2603 \\u0041","text2":1}';
    const res = await browser.request(MESSAGES, { method: 'POST', body, headers: JSON_TYPE });
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 0));
    expect(toApi(h, outbound)[0]?.body).toBe(body);
  });
});
