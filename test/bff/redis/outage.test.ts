import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../support/console-harness.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import { asHarness, createRedisHarness, HOUR, type RedisHarness } from './redis-harness.ts';

let redis: RedisServer;
let h: RedisHarness;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());
// Redis comes back before the test's harness closes itself (after this hook), so it can quit cleanly.
afterEach(async () => {
  redis.resume();
  await redis.start();
});

async function signedIn() {
  h = await createRedisHarness(redis, { commandTimeoutMs: 300 });
  const browser = h.browser();
  await signIn(asHarness(h), browser);
  return browser;
}

async function expectStoreUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect((await res.json()).error.code).toBe('session_store_unavailable');
}

/** The browser keeps its cookie: an outage is never a silent logout. */
function expectCookieKept(browser: TestBrowser, res: Response) {
  expect(browser.cookies.has('__Host-tt-session')).toBe(true);
  expect(res.headers.getSetCookie().filter((c) => c.startsWith('__Host-tt-session'))).toEqual([]);
}

describe('Redis store: outage', () => {
  it('Redis killed: 503 session_store_unavailable everywhere a session is needed, never a 500 or a logout', async () => {
    const browser = await signedIn();
    await redis.kill();
    for (const [path, init] of [
      ['/api/v4/businesses', {}],
      ['/auth/session', {}],
      ['/auth/logout', { method: 'POST' }],
    ] as const) {
      const res = await browser.request(path, init);
      await expectStoreUnavailable(res);
      expectCookieKept(browser, res);
    }
    // Routes that need no session still answer.
    expect((await browser.request('/healthz', { csrf: false })).status).toBe(200);
    expect(h.logs.join('\n')).not.toContain('unexpected error');
  });

  it('recovers when Redis is back: clean answers, and a new sign-in works', async () => {
    const browser = await signedIn();
    await redis.kill();
    await expectStoreUnavailable(await browser.request('/api/v4/businesses'));
    await redis.start();
    await h.ready();
    // The restarted Redis kept nothing (no persistence here): the old session is cleanly gone.
    const after = await browser.request('/api/v4/businesses');
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('session_expired');
    await signIn(asHarness(h), browser);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });

  it('a hung Redis answers 503 within the command timeout, and the same session works again after', async () => {
    const browser = await signedIn();
    redis.pause();
    const started = Date.now();
    const res = await browser.request('/api/v4/businesses');
    await expectStoreUnavailable(res);
    expectCookieKept(browser, res);
    expect(Date.now() - started).toBeLessThan(3000);
    redis.resume();
    await h.ready();
    // The client may still be reconnecting; the session itself survived.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await browser.request('/api/v4/businesses')).status;
      if (status !== 200) await new Promise((done) => setTimeout(done, 100));
    }
    expect(status).toBe(200);
  });

  it('Redis down during a needed refresh: 503, no token request, the session intact afterwards', async () => {
    const browser = await signedIn();
    h.advance(HOUR + 1000);
    redis.pause();
    await expectStoreUnavailable(await browser.request('/api/v4/businesses'));
    expect(h.refreshCalls()).toBe(0);
    redis.resume();
    await h.ready();
    let res: Response | undefined;
    for (let i = 0; i < 50 && res?.status !== 200; i++) {
      res = await browser.request('/api/v4/businesses');
      if (res.status !== 200) await new Promise((done) => setTimeout(done, 100));
    }
    expect(res?.status).toBe(200);
    expect(h.refreshCalls()).toBe(1);
  });

  it('sign-in while Redis is down: back to the sign-in screen with a readable error, no session cookie', async () => {
    h = await createRedisHarness(redis, { commandTimeoutMs: 300 });
    const browser = h.browser();
    await redis.kill();
    const callback = await signIn(asHarness(h), browser);
    // A top-level navigation: a page to read, never raw JSON; the code is spent, so the person starts again.
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/login?error=session_unavailable');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
    expect(h.logs.some((line) => line.includes('login lost: session store unavailable'))).toBe(true);
  });

  it('/readyz answers 503 while Redis is down and 200 again once it is back', async () => {
    h = await createRedisHarness(redis, { commandTimeoutMs: 300 });
    const ready = () => h.app.request('http://localhost/readyz');
    const before = await ready();
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ ok: true, draining: false, sessionStore: 'ok' });
    await redis.kill();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, sessionStore: 'unavailable' });
    // Liveness is not readiness: the process itself is fine.
    expect((await h.app.request('http://localhost/healthz')).status).toBe(200);
  });
});

describe('Redis store: a logout the store could not finish', () => {
  it('is a 503 and leaves the cookie, so a retry completes it', async () => {
    const { createApp } = await import('../../../bff/app.ts');
    const browser = await signedIn();
    const key = await h.keyOf(browser);
    const real = h.clients[0] as (typeof h.clients)[0];
    let failDeletes = true;
    const flaky = {
      get: (k: string) => real.get(k),
      set: real.set.bind(real),
      eval: real.eval.bind(real),
      del: (k: string) => (failDeletes ? Promise.reject(new Error('connection lost')) : real.del(k)),
    } as unknown as typeof real;
    const app = createApp(h.config, { logSink: () => undefined, redis: flaky });
    const cookie = browser.cookieHeader();
    const logout = () =>
      app.request('http://localhost/auth/logout', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF': '1', Origin: 'http://localhost' },
      });
    const failed = await logout();
    await expectStoreUnavailable(failed);
    expect(failed.headers.getSetCookie().filter((c) => c.startsWith('__Host-tt-session'))).toEqual([]);
    expect(await h.inspect.exists(key)).toBe(1);
    failDeletes = false;
    const retried = await logout();
    expect(retried.status).toBe(204);
    expect(retried.headers.getSetCookie().some((c) => /^__Host-tt-session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(await h.inspect.exists(key)).toBe(0);
  });
});
