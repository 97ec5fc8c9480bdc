import { dirname } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookAuthority } from '../../bff/live/webhook-credentials.ts';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { type FakeServer, startFakeServer } from '../support/fake-server.ts';
import { readEvents } from '../support/sse.ts';
import { startWorker } from '../support/workerd.ts';

// SESSION_STORE=durable-object on workerd (docs/decisions/007-edge-durable-objects.md): sessions, their
// refreshes, the app token and rate limits live in Durable Objects, so they hold however many isolates
// serve the console.

const ORIGIN = 'http://localhost';
const OBJECTS = {
  SESSIONS: 'SessionObject',
  APP_TOKENS: 'AppTokenObject',
  RATE_LIMITS: 'RateLimitObject',
  LIVE: 'LiveObject',
};
const WEBHOOK_SECRET = 'edge-webhook-secret-0123456789abcdefghijkl';
const BASE = {
  THUMBTACK_ENV: 'mock',
  PUBLIC_ORIGIN: ORIGIN,
  SESSION_SECRETS: 'edge-durable-object-secret-0123456789abcdef',
  SESSION_STORE: 'durable-object',
  AUTH_RATE_LIMIT: '10000',
  APP_RATE_LIMIT: '10000',
  LOG_LEVEL: 'warn',
};

let worker: Awaited<ReturnType<typeof startWorker>>;
beforeAll(async () => {
  worker = await startWorker('test/mocks/worker.ts', BASE, { durableObjects: OBJECTS });
}, 60_000);
afterAll(() => worker?.close());

/** A browser (cookie jar) over one Miniflare instance. */
function browserOn(mf: Miniflare) {
  const jar = new Map<string, string>();
  const go = async (
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await mf.dispatchFetch(path.startsWith('http') ? path : `${ORIGIN}${path}`, {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (cookie.includes('Max-Age=0')) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    }
    return res;
  };
  const api = (path: string, init: { method?: string; body?: string } = {}) =>
    go(path, {
      ...init,
      headers: {
        'X-CSRF': '1',
        Origin: ORIGIN,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  return {
    jar,
    go,
    api,
    async signIn(account = 'demo-pro') {
      const login = await go('/auth/login');
      const authorize = login.headers.get('location') as string;
      const consent = {
        method: 'POST',
        body: new URLSearchParams({ account, decision: 'allow' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      };
      // The fake mounted on the console's origin, or an external one reached over the network.
      const decided = authorize.startsWith(`${ORIGIN}/`)
        ? await go(authorize, consent)
        : await fetch(authorize, { ...consent, redirect: 'manual' });
      const callback = await go(decided.headers.get('location') as string);
      expect(callback.status).toBe(302);
    },
    async authenticated() {
      return ((await (await api('/auth/session')).json()) as { authenticated: boolean }).authenticated;
    },
  };
}

async function control(mf: Miniflare, path: string, body: unknown = {}) {
  const res = await mf.dispatchFetch(`${ORIGIN}/__thumbtack/control/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

async function stats(mf: Miniflare) {
  const res = await mf.dispatchFetch(`${ORIGIN}/__thumbtack/control/stats`);
  return (await res.json()) as { token: Record<string, number>; api: number };
}

describe('the Durable Object session store, in workerd', () => {
  it('keeps the session out of the cookie: only a sealed id travels', async () => {
    const browser = browserOn(worker.mf);
    await browser.signIn();
    const cookie = browser.jar.get('__Host-tt-session') ?? '';
    expect(cookie.length).toBeGreaterThan(100);
    expect(cookie.length).toBeLessThan(500);
    expect(await browser.authenticated()).toBe(true);
    expect((await browser.api('/api/v4/businesses')).status).toBe(200);
  });

  it('makes exactly 1 token request for 100 parallel calls on an expired access token', async () => {
    const browser = browserOn(worker.mf);
    await browser.signIn();
    await control(worker.mf, 'expire-access-tokens');
    await control(worker.mf, 'faults', { token: { latencyMs: 100 } });
    const before = (await stats(worker.mf)).token.refresh_token ?? 0;
    const answers = await Promise.all(Array.from({ length: 100 }, () => browser.api('/api/v4/businesses')));
    await control(worker.mf, 'faults', {});
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(((await stats(worker.mf)).token.refresh_token ?? 0) - before).toBe(1);
  });

  it('refuses a cookie replayed after logout, on the API and on /auth/session alike', async () => {
    const browser = browserOn(worker.mf);
    await browser.signIn();
    const copy = browserOn(worker.mf);
    for (const [name, value] of browser.jar) copy.jar.set(name, value);
    expect((await browser.api('/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await copy.api('/api/v4/businesses')).status).toBe(401);
    expect(await copy.authenticated()).toBe(false);
  });

  it('answers the app routes with one app token however many ask at once', async () => {
    const demand = await worker.open({ ...BASE, MOCK_SIDE: 'demand' });
    const browser = browserOn(demand);
    const before = (await stats(demand)).token.client_credentials ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => browser.api('/api/v4/keywords/search?searchQuery=car')),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(((await stats(demand)).token.client_credentials ?? 0) - before).toBe(1);
  });

  it('holds the rate limit across requests with the same 429 shape as on Node', async () => {
    const limited = await worker.open({ ...BASE, AUTH_RATE_LIMIT: '3' });
    const browser = browserOn(limited);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.go('/auth/login')).status);
    expect(statuses).toEqual([302, 302, 302, 429]);
    const res = await browser.go('/auth/login');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body.error.code).toBe('rate_limited');
  });

  it('ends a session after its idle timeout, and after its absolute lifetime however active', async () => {
    const idle = await worker.open({
      ...BASE,
      SESSION_IDLE_TIMEOUT_SECONDS: '2',
      SESSION_ABSOLUTE_LIFETIME_SECONDS: '600',
    });
    const quiet = browserOn(idle);
    await quiet.signIn();
    expect(await quiet.authenticated()).toBe(true);
    await new Promise((done) => setTimeout(done, 2500));
    expect(await quiet.authenticated()).toBe(false);

    const absolute = await worker.open({
      ...BASE,
      SESSION_IDLE_TIMEOUT_SECONDS: '2',
      SESSION_ABSOLUTE_LIFETIME_SECONDS: '2',
    });
    const busy = browserOn(absolute);
    await busy.signIn();
    for (let i = 0; i < 2; i++) {
      expect((await busy.api('/api/v4/businesses')).status).toBe(200);
      await new Promise((done) => setTimeout(done, 700));
    }
    await new Promise((done) => setTimeout(done, 1000));
    const res = await busy.api('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect(await busy.authenticated()).toBe(false);
  }, 20_000);
});

describe('two isolates, one set of Durable Objects (an external fake, as a deployment has one Thumbtack)', () => {
  let fake: FakeServer;
  let mf: Miniflare;
  let a: { dispatchFetch: Miniflare['dispatchFetch'] };
  let b: { dispatchFetch: Miniflare['dispatchFetch'] };

  beforeAll(async () => {
    fake = await startFakeServer([`${ORIGIN}/auth/callback`], { scope: 'suite' });
    const bindings = {
      ...BASE,
      FAKE_THUMBTACK_URL: fake.origin,
      AUTH_RATE_LIMIT: '6',
      WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    const shared = Object.fromEntries(
      Object.entries(OBJECTS).map(([binding, className]) => [binding, { className, scriptName: 'a' }]),
    );
    const common = {
      modules: true,
      modulesRoot: dirname(worker.scriptPath),
      scriptPath: worker.scriptPath,
      compatibilityDate: '2026-04-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings,
    };
    mf = new Miniflare({
      workers: [
        { name: 'a', ...common, durableObjects: OBJECTS },
        { name: 'b', ...common, durableObjects: shared },
      ],
    });
    await mf.ready;
    const on = (name: string) => ({
      dispatchFetch: (async (input: string, init?: object) => {
        const fetcher = (await mf.getWorker(name)) as unknown as {
          fetch: (input: string, init?: object) => Promise<Response>;
        };
        return fetcher.fetch(input, init);
      }) as unknown as Miniflare['dispatchFetch'],
    });
    a = on('a');
    b = on('b');
  }, 60_000);
  afterAll(async () => {
    await mf?.dispose();
    await fake?.close();
  });

  it('serves a session signed in on one isolate from the other, and a logout on either ends it for both', async () => {
    const onA = browserOn(a as Miniflare);
    await onA.signIn();
    const onB = browserOn(b as Miniflare);
    for (const [name, value] of onA.jar) onB.jar.set(name, value);
    expect((await onB.api('/api/v4/businesses')).status).toBe(200);
    expect((await onB.api('/auth/logout', { method: 'POST' })).status).toBe(204);
    expect(await onA.authenticated()).toBe(false);
    expect((await onA.api('/api/v4/businesses')).status).toBe(401);
  });

  it('refreshes once for both isolates when the access token runs out under them', async () => {
    const onA = browserOn(a as Miniflare);
    await onA.signIn();
    const onB = browserOn(b as Miniflare);
    for (const [name, value] of onA.jar) onB.jar.set(name, value);
    fake.fake.control.expireAccessTokens();
    fake.fake.control.setFaults({ token: { latencyMs: 100 } });
    const before = fake.fake.control.stats().token.refresh_token;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? onA : onB).api('/api/v4/businesses')),
    );
    fake.fake.control.setFaults({});
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(fake.fake.control.stats().token.refresh_token - before).toBe(1);
  });

  it("brings a webhook delivered to one isolate to a pro's live stream on the other", async () => {
    const onA = browserOn(a as Miniflare);
    await onA.signIn();
    const onB = browserOn(b as Miniflare);
    for (const [name, value] of onA.jar) onB.jar.set(name, value);
    const res = await onB.api('/live/events');
    expect(res.status).toBe(200);
    const stream = readEvents(res as unknown as Response);
    // Listening is set up as the stream opens; give the listener a moment to reach the object.
    await stream.quiet(300);
    const [business] = DEMO_ACCOUNTS.pro.businessIDs;
    const { username, password } = await new WebhookAuthority(WEBHOOK_SECRET).credentialsFor(business);
    const lead = {
      event: {
        eventType: 'NegotiationCreatedV4',
        description: '',
        webhookID: '1',
        triggeredAt: '2026-12-02T00:00:00Z',
      },
      data: {
        negotiationID: '123456789',
        createdAt: '2026-12-02T00:00:00Z',
        business: { businessID: business },
      },
    };
    const delivered = await a.dispatchFetch(`${ORIGIN}/webhooks/thumbtack`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${btoa(`${username}:${password}`)}`,
      },
      body: JSON.stringify(lead),
    });
    expect(delivered.status).toBe(204);
    const [event] = await stream.next(1, 5000);
    expect(event?.event).toBe('lead');
    expect(JSON.parse(event?.data ?? '{}').negotiationID).toBe('123456789');
    await stream.close();
  });

  it('counts one rate limit across both isolates', async () => {
    const onA = browserOn(a as Miniflare);
    const onB = browserOn(b as Miniflare);
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await (i % 2 ? onA : onB).go('/auth/login')).status);
    // AUTH_RATE_LIMIT=6 per minute: each isolate alone would have let all 8 through.
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});
