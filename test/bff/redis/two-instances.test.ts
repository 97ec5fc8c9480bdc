import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Two BFF instances (same config, same Redis, same fake) and one person signed in through the first. */
async function twoInstances() {
  h = await createRedisHarness(redis, { instances: 2 });
  const browser = h.browser(0);
  await signIn(asHarness(h), browser);
  return browser;
}

/** `n` calls with the browser's cookie, alternating between the two instances, all at once. */
function spread(browser: TestBrowser, n: number, path = '/api/v4/businesses') {
  const cookie = browser.cookieHeader();
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      (h.apps[i % 2] as RedisHarness['app']).request(`http://localhost${path}`, {
        headers: { Cookie: cookie, 'X-CSRF': '1' },
      }),
    ),
  );
}

describe('Redis store: one refresh across instances', () => {
  it('serves 50 parallel calls with an expired access token over two instances with exactly one refresh', async () => {
    const browser = await twoInstances();
    const before = await h.stored(browser);
    // A slow token endpoint, so the second instance surely meets the first one's refresh in flight.
    await fetch('http://localhost/__thumbtack/control/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: { latencyMs: 300 } }),
    });
    h.advance(HOUR + 1000);
    const responses = await spread(browser, 50);
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(h.refreshCalls()).toBe(1);
    // The rotated refresh token is what Redis holds now, and no lock is left behind.
    const after = await h.stored(browser);
    expect(after?.refreshToken).toBeTruthy();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(await h.inspect.keys('tt-console:refresh-lock:*')).toEqual([]);
    // The published result is sealed and short-lived (the 60 s reuse window).
    const [result] = await h.inspect.keys('tt-console:refresh-result:*');
    const raw = (await h.inspect.get(result as string)) as string;
    expect(raw).not.toContain(after?.accessToken as string);
    expect(raw).not.toContain(after?.refreshToken as string);
    const ttl = await h.inspect.pttl(result as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('one refresh also when the token endpoint answers at once', async () => {
    const browser = await twoInstances();
    h.advance(HOUR + 1000);
    const responses = await spread(browser, 50);
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(h.refreshCalls()).toBe(1);
  });

  it('keeps serving both instances on the rotated tokens, and later refreshes once more, never reusing', async () => {
    const browser = await twoInstances();
    h.advance(HOUR + 1000);
    expect((await spread(browser, 10)).every((r) => r.status === 200)).toBe(true);
    // Past the reuse window: no request may present the first refresh token again.
    h.advance(HOUR + 61_000);
    const later = await spread(browser, 20);
    expect(later.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(h.refreshCalls()).toBe(2);
    expect((await browser.request('/auth/session')).status).toBe(200);
  });

  it('invalid_grant seen by one instance ends the session for both, with one token request', async () => {
    const browser = await twoInstances();
    const key = await h.keyOf(browser);
    await fetch('http://localhost/__thumbtack/control/revoke-refresh-tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    h.advance(HOUR + 1000);
    const responses = await spread(browser, 20);
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('session_expired');
    }
    expect(h.refreshCalls()).toBe(1);
    expect(await h.inspect.exists(key)).toBe(0);
    const session = await h.apps[1]?.request('http://localhost/auth/session', {
      headers: { Cookie: browser.cookieHeader(), 'X-CSRF': '1' },
    });
    expect(await session?.json()).toEqual({ authenticated: false });
  });

  it('a transient token failure keeps the session (503, Retry-After) for every waiter; the next call retries', async () => {
    const browser = await twoInstances();
    await fetch('http://localhost/__thumbtack/control/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: { status: 503, times: 1 } }),
    });
    h.advance(HOUR + 1000);
    const responses = await spread(browser, 20);
    for (const res of responses) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect((await res.json()).error.code).toBe('token_refresh_unavailable');
    }
    expect(h.refreshCalls()).toBe(1);
    // After the Retry-After the browser was given, a call tries again and succeeds.
    h.advance(5000);
    expect((await spread(browser, 6)).map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(h.refreshCalls()).toBe(2);
  });
});
