import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import {
  api,
  basic,
  CONTROL,
  login,
  type Problem,
  refresh,
  startFake,
  tokenRequest,
} from './fake-harness.ts';

// The JSON control surface, faults on the token endpoint and the API, and the clock.

const fake = startFake({ accessTokenTtlSeconds: 120 });
const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;

function control(path: string, body?: unknown) {
  return fetch(`${CONTROL}${path}`, {
    method: body === undefined && path === '/stats' ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

function cc() {
  return tokenRequest(
    { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'demand::keywords.read' },
    basic('demand'),
  );
}

describe('HTTP control surface', () => {
  it('reports stats in the documented shape', async () => {
    await login();
    await api(null, '/users/self');
    const response = await fetch(`${CONTROL}/stats`);
    expect(await response.json()).toEqual({
      token: { authorization_code: 1, refresh_token: 0, client_credentials: 0 },
      api: 1,
    });
  });

  it('resets state and stats', async () => {
    const tokens = await login();
    expect(await (await control('/reset', {})).json()).toEqual({ ok: true });
    expect(fake.control.stats()).toEqual({
      token: { authorization_code: 0, refresh_token: 0, client_credentials: 0 },
      api: 0,
    });
    expect((await api(tokens.access_token, '/users/self')).status).toBe(401);
  });

  it('expires access tokens and revokes refresh tokens', async () => {
    const tokens = await login();
    expect((await control('/expire-access-tokens', {})).status).toBe(200);
    expect((await api(tokens.access_token, '/users/self')).status).toBe(401);
    expect((await control('/revoke-refresh-tokens', {})).status).toBe(200);
    expect((await refresh(tokens.refresh_token ?? '')).body.error).toBe('invalid_grant');
  });

  it('moves the clock with /advance', async () => {
    const tokens = await login();
    const response = await control('/advance', { ms: 120_000 });
    expect(await response.json()).toEqual({ ok: true, now: '2026-06-15T12:02:00Z' });
    expect((await api(tokens.access_token, '/users/self')).status).toBe(401);
    expect((await control('/advance', { ms: -1 })).status).toBe(400);
  });

  it('simulates a new lead and a new message', async () => {
    const lead = await control('/simulate', { event: 'negotiation', businessID: ORTIZ });
    expect(lead.status).toBe(200);
    const created = (await lead.json()) as {
      event: string;
      negotiation: { negotiationID: string; status: string };
    };
    expect(created).toMatchObject({ event: 'negotiation', negotiation: { status: 'Open' } });
    const token = (await login()).access_token;
    expect((await api(token, `/negotiations/${created.negotiation.negotiationID}`)).status).toBe(200);
    const message = (await (await control('/simulate', { event: 'message', businessID: ORTIZ })).json()) as {
      message: { negotiationID: string; from: string };
    };
    expect(message.message.from).toBe('Customer');
    expect(message.message.negotiationID).toBe(created.negotiation.negotiationID);
    expect((await control('/simulate', { event: 'negotiation', businessID: '1' })).status).toBe(404);
    expect((await control('/simulate', { event: 'preset', businessID: ORTIZ })).status).toBe(400);
  });

  it('lists deliveries', async () => {
    expect(await (await fetch(`${CONTROL}/deliveries`)).json()).toEqual({ data: [] });
  });

  it('answers unknown routes and bad JSON clearly', async () => {
    expect((await fetch(`${CONTROL}/nope`)).status).toBe(404);
    const bad = await fetch(`${CONTROL}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_json' });
    expect((await control('/faults', { token: { status: 200 } })).status).toBe(400);
    expect((await control('/faults', { tokens: {} })).status).toBe(400);
  });
});

describe('HTTP control surface: no cross-site use', () => {
  const EMPTY_STATS = {
    token: { authorization_code: 0, refresh_token: 0, client_credentials: 0 },
    api: 0,
  };

  function post(path: string, headers: Record<string, string>, body?: string) {
    return fetch(`${CONTROL}${path}`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });
  }

  /** A signed-in user's token and the stats after the login, to show a refused call changed nothing. */
  async function someState() {
    const tokens = await login();
    return { tokens, stats: fake.control.stats() };
  }

  async function expectUnchanged(before: Awaited<ReturnType<typeof someState>>) {
    expect(fake.control.stats()).toEqual(before.stats);
    expect(before.stats).not.toEqual(EMPTY_STATS);
    // Not reset, not expired, no fault set.
    expect((await api(before.tokens.access_token, '/users/self')).status).toBe(200);
    expect((await cc()).status).toBe(200);
  }

  it.each([
    ['text/plain (what a cross-site fetch without preflight sends)', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['a multipart form', 'multipart/form-data; boundary=x'],
    ['no Content-Type', null],
    ['text/json', 'text/json'],
    ['application/json with another parameter', 'application/json; profile=x'],
    ['a lookalike type', 'application/jsonp'],
  ])('refuses a POST with %s with 415 and changes nothing', async (_label, contentType) => {
    const before = await someState();
    for (const [path, body] of [
      ['/reset', '{}'],
      ['/expire-access-tokens', ''],
      ['/faults', JSON.stringify({ token: { status: 503 }, api: { status: 503 } })],
    ] as const) {
      const headers: Record<string, string> = contentType === null ? {} : { 'Content-Type': contentType };
      // fetch labels a string body text/plain unless told otherwise; a Blob without a type sends none.
      const response =
        contentType === null
          ? await fetch(`${CONTROL}${path}`, { method: 'POST', body: new Blob([body]) })
          : await post(path, headers, body);
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({ error: 'unsupported_media_type', message: expect.any(String) });
    }
    await expectUnchanged(before);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['the same host over another scheme', 'http://control.thumbtack.test'],
    ['the same host on another port', 'https://control.thumbtack.test:8443'],
    ['an opaque origin (sandboxed frame, file:)', 'null'],
  ])('refuses a request from %s with 403, GETs included, and changes nothing', async (_label, origin) => {
    const before = await someState();
    for (const path of ['/reset', '/expire-access-tokens', '/revoke-refresh-tokens']) {
      const response = await post(path, { 'Content-Type': 'application/json', Origin: origin }, '{}');
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'forbidden_origin', message: expect.any(String) });
    }
    const faults = await post(
      '/faults',
      { 'Content-Type': 'application/json', Origin: origin },
      JSON.stringify({ token: { status: 503 } }),
    );
    expect(faults.status).toBe(403);
    const stats = await fetch(`${CONTROL}/stats`, { headers: { Origin: origin } });
    expect(stats.status).toBe(403);
    expect((await fetch(`${CONTROL}/deliveries`, { headers: { Origin: origin } })).status).toBe(403);
    await expectUnchanged(before);
  });

  it('refuses Sec-Fetch-Site: cross-site with 403, GETs included, even without an Origin', async () => {
    const before = await someState();
    const reset = await post('/reset', {
      'Content-Type': 'application/json',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(reset.status).toBe(403);
    expect(await reset.json()).toMatchObject({ error: 'forbidden_origin' });
    const stats = await fetch(`${CONTROL}/stats`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(stats.status).toBe(403);
    await expectUnchanged(before);
  });

  it('checks the origin before the media type: a cross-site text/plain POST is 403', async () => {
    const response = await post(
      '/reset',
      { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      '{}',
    );
    expect(response.status).toBe(403);
  });

  it.each([
    ['no Origin (Node, Playwright, curl)', {}],
    ['its own Origin', { Origin: CONTROL }],
    ['Sec-Fetch-Site: same-origin', { Origin: CONTROL, 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed in the address bar)', { 'Sec-Fetch-Site': 'none' }],
  ])('accepts JSON POSTs and GETs with %s, empty bodies included', async (_label, extra) => {
    const tokens = await login();
    const headers = { 'Content-Type': 'application/json', ...extra };
    expect(await (await post('/reset', headers)).json()).toEqual({ ok: true });
    expect(fake.control.stats()).toEqual(EMPTY_STATS);
    expect((await api(tokens.access_token, '/users/self')).status).toBe(401);
    const charset = { ...headers, 'Content-Type': 'application/json; charset=utf-8' };
    const faulted = await post('/faults', charset, JSON.stringify({ token: { status: 503, times: 1 } }));
    expect(faulted.status).toBe(200);
    expect((await cc()).status).toBe(503);
    expect((await post('/advance', headers, JSON.stringify({ ms: 1000 }))).status).toBe(200);
    const stats = await fetch(`${CONTROL}/stats`, { headers: extra });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ token: { client_credentials: 1 } });
  });
});

describe('faults', () => {
  it('fails the token endpoint with the given status, in OAuth error shape, `times` times', async () => {
    await control('/faults', { token: { status: 503, times: 2 } });
    for (let i = 0; i < 2; i += 1) {
      const failed = await cc();
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect(failed.headers.get('cache-control')).toBe('no-store');
    }
    expect((await cc()).status).toBe(200);
    expect(fake.control.stats().token.client_credentials).toBe(3);
  });

  it('keeps a fault without times until cleared with {}', async () => {
    fake.control.setFaults({ token: { status: 500 } });
    expect((await cc()).status).toBe(500);
    expect((await cc()).status).toBe(500);
    await control('/faults', {});
    expect((await cc()).status).toBe(200);
  });

  it('fails the API with a problem body, with Retry-After on 429, and leaves the token endpoint alone', async () => {
    const token = (await login()).access_token;
    fake.control.setFaults({ api: { status: 429, times: 1 } });
    const limited = await api(token, '/users/self');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as Problem).status).toBe(429);
    expect((await api(token, '/users/self')).status).toBe(200);
    fake.control.setFaults({ api: { status: 502 } });
    expect((await cc()).status).toBe(200);
    expect((await api(token, '/users/self')).status).toBe(502);
  });

  it('delays with latencyMs', async () => {
    const token = (await login()).access_token;
    fake.control.setFaults({ api: { latencyMs: 150, times: 1 }, token: { latencyMs: 150, times: 1 } });
    let started = performance.now();
    expect((await api(token, '/users/self')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    expect((await cc()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    await api(token, '/users/self');
    expect(performance.now() - started).toBeLessThan(140);
  });

  it('refuses a fault spec it would not understand', () => {
    expect(() => fake.control.setFaults({ api: { status: 99 } })).toThrow();
  });

  /** The statuses of `count` API calls, one after another. */
  async function apiStatuses(token: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += 1) statuses.push((await api(token, '/users/self')).status);
    return statuses;
  }

  it('hits about `rate` of the requests, and the same ones again for the same spec (seeded)', async () => {
    const token = (await login()).access_token;
    const run = async () => {
      expect((await control('/faults', { api: { status: 503, rate: 0.25 } })).status).toBe(200);
      return apiStatuses(token, 200);
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(25);
    expect(failed).toBeLessThan(75);
    // Posting the spec again restarts the fake's seeded sequence: a run repeats exactly.
    expect(await run()).toEqual(first);
  });

  it('picks each hit status from a list', async () => {
    const token = (await login()).access_token;
    await control('/faults', { api: { status: [500, 503] } });
    const statuses = await apiStatuses(token, 60);
    expect(new Set(statuses)).toEqual(new Set([500, 503]));
  });

  it('takes a list of rules: for each request the first that fires applies', async () => {
    const token = (await login()).access_token;
    // "Half fail with 500 or 503; every other request is limited", in one spec.
    const posted = await control('/faults', { api: [{ status: [500, 503], rate: 0.5 }, { status: 429 }] });
    expect(posted.status).toBe(200);
    const statuses = await apiStatuses(token, 100);
    expect(new Set(statuses)).toEqual(new Set([500, 503, 429]));
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(25);
    expect(limited).toBeLessThan(75);
  });

  it('uses up `times` of a listed rule only when it fires, then moves on to the next', async () => {
    const token = (await login()).access_token;
    await control('/faults', {
      api: [
        { status: 503, times: 1 },
        { status: 500, times: 2 },
      ],
    });
    expect(await apiStatuses(token, 4)).toEqual([503, 500, 500, 200]);
  });

  it('applies a rate to the token endpoint too, with latency from a later rule', async () => {
    fake.control.setFaults({
      token: [
        { status: 503, rate: 0 },
        { latencyMs: 100, rate: 1 },
      ],
    });
    const started = performance.now();
    expect((await cc()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it.each([
    ['a rate above 1', { api: { status: 503, rate: 1.5 } }],
    ['a negative rate', { api: { status: 503, rate: -0.1 } }],
    ['a rate that is not a number', { api: { status: 503, rate: '10%' } }],
    ['an empty status list', { api: { status: [] } }],
    ['a status list with a success status', { api: { status: [503, 200] } }],
    ['an unknown key inside a list', { api: [{ status: 503 }, { status: 500, sometimes: true }] }],
    ['a list of lists', { token: [[{ status: 503 }]] }],
  ])('refuses %s with 400 and keeps the faults it had', async (_label, spec) => {
    const token = (await login()).access_token;
    fake.control.setFaults({ api: { status: 502, times: 1 } });
    const refused = await control('/faults', spec);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
    expect(await apiStatuses(token, 2)).toEqual([502, 200]);
  });
});

describe('options', () => {
  it('uses accessTokenTtlSeconds for expires_in, exp and the API check', async () => {
    const tokens = await login();
    expect(tokens.expires_in).toBe(120);
    fake.control.advance(119_000);
    expect((await api(tokens.access_token, '/users/self')).status).toBe(200);
    fake.control.advance(1000);
    expect((await api(tokens.access_token, '/users/self')).status).toBe(401);
  });
});
