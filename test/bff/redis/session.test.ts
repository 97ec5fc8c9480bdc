import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKey } from '../../../bff/session/redis-session-store.ts';
import { signIn } from '../../support/console-harness.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import { asHarness, createRedisHarness, MINUTE, type RedisHarness } from './redis-harness.ts';

let redis: RedisServer;
let h: RedisHarness;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

async function signedIn(env: Record<string, string> = {}) {
  h = await createRedisHarness(redis, { env });
  const browser = h.browser();
  const callback = await signIn(asHarness(h), browser);
  expect(callback.status).toBe(302);
  return { browser, callback };
}

const sessionKeys = () => h.inspect.keys('tt-console:session:*');

describe('Redis session store: sign-in, use, logout', () => {
  it('keeps only a small sealed id in the cookie and the sealed session in Redis', async () => {
    const { browser, callback } = await signedIn();
    const set = callback.headers.getSetCookie().find((c) => c.startsWith('__Host-tt-session='));
    expect(set).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('__Host-tt-session'))).toEqual([
      '__Host-tt-session',
    ]);
    const value = browser.cookies.get('__Host-tt-session') as string;
    expect(`__Host-tt-session=${value}`.length).toBeLessThan(300);
    // The cookie opens (same key ring, same name binding) to an id and nothing else.
    const ref = await h.cookieRef(browser);
    expect(Object.keys(ref ?? {}).sort()).toEqual(['id', 'v']);

    const stored = await h.stored(browser);
    expect(stored?.sid).toBe(ref?.id);
    expect(stored?.accessToken).toBeTruthy();
    expect(stored?.refreshToken).toBeTruthy();
    // Nothing in Redis carries a token (or the person) in clear, and key names do not reveal the id.
    const keys = await sessionKeys();
    expect(keys).toEqual([await sessionKey(ref?.id as string)]);
    expect(keys[0]).not.toContain(ref?.id as string);
    const raw = (await h.inspect.get(keys[0] as string)) as string;
    for (const secret of [stored?.accessToken, stored?.refreshToken, stored?.user.name, ref?.id]) {
      expect(raw).not.toContain(secret as string);
    }
    // And the cookie cannot be opened as a token carrier by anyone without the key.
    expect(value).not.toContain(stored?.accessToken as string);
  });

  it('answers /auth/session and proxied calls from the Redis session', async () => {
    const { browser } = await signedIn();
    const session = await browser.request('/auth/session');
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ authenticated: true, side: 'supply' });
    const api = await browser.request('/api/v4/businesses');
    expect(api.status).toBe(200);
    // Reading a session sets no cookie: nothing changed.
    expect(api.headers.getSetCookie()).toEqual([]);
    expect(browser.everythingSeen()).not.toContain((await h.stored(browser))?.accessToken as string);
  });

  it('sets a TTL equal to the remaining lifetime and moves it with the idle clock', async () => {
    const { browser } = await signedIn({
      SESSION_IDLE_TIMEOUT_SECONDS: '3600',
      SESSION_ABSOLUTE_LIFETIME_SECONDS: '5400',
    });
    const key = await h.keyOf(browser);
    const first = await h.inspect.pttl(key);
    expect(first).toBeGreaterThan(3590_000);
    expect(first).toBeLessThanOrEqual(3600_000);
    // 50 minutes on: the idle clock moves, and now the absolute limit is nearer (90 - 50 = 40 min).
    h.advance(50 * MINUTE);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    const second = await h.inspect.pttl(key);
    expect(second).toBeGreaterThan(2390_000);
    expect(second).toBeLessThanOrEqual(2400_000);
    expect((await h.stored(browser))?.lastSeenAt).toBe(Math.floor((Date.now() + 50 * MINUTE) / 1000));
  });

  it('logout deletes the Redis entry, clears the cookie, and the old cookie no longer works', async () => {
    const { browser } = await signedIn();
    const key = await h.keyOf(browser);
    const stale = browser.cookies.get('__Host-tt-session') as string;
    expect(await h.inspect.exists(key)).toBe(1);
    const res = await browser.request('/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(await h.inspect.exists(key)).toBe(0);
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
    // A copy of the cookie taken before logout names a session that no longer exists.
    const copy = h.browser();
    copy.cookies.set('__Host-tt-session', stale);
    const replay = await copy.request('/api/v4/businesses');
    expect(replay.status).toBe(401);
    // Logout again is still fine (idempotent).
    expect((await browser.request('/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('a new login replaces the previous session (new id) and deletes its entry', async () => {
    const { browser } = await signedIn();
    const before = await h.keyOf(browser);
    await signIn(asHarness(h), browser);
    const after = await h.keyOf(browser);
    expect(after).not.toBe(before);
    expect(await h.inspect.exists(before)).toBe(0);
    expect(await sessionKeys()).toEqual([after]);
  });

  it('ends an idle session: 401 session_expired, cookie cleared, Redis entry deleted', async () => {
    const { browser } = await signedIn({ SESSION_IDLE_TIMEOUT_SECONDS: '3600' });
    const key = await h.keyOf(browser);
    // Redis's own TTL runs on real time; the BFF's idle check runs on its clock and must still hold.
    h.advance(61 * MINUTE);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
    expect(await h.inspect.exists(key)).toBe(0);
  });

  it('ends a session at its absolute limit however active it is', async () => {
    const { browser } = await signedIn({
      SESSION_IDLE_TIMEOUT_SECONDS: '3600',
      SESSION_ABSOLUTE_LIFETIME_SECONDS: '5400',
    });
    const key = await h.keyOf(browser);
    h.advance(50 * MINUTE);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    h.advance(45 * MINUTE);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(await h.inspect.exists(key)).toBe(0);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
  });

  it('re-seals the cookie and the Redis value with the newest key after a rotation of secrets', async () => {
    const { browser } = await signedIn();
    const key = await h.keyOf(browser);
    const oldRaw = await h.inspect.get(key);
    const rotated = await createRedisHarnessWithSecrets(`${'n'.repeat(40)},${h.config.sessionSecrets[0]}`);
    const other = rotated.browser();
    for (const [name, value] of browser.cookies) other.cookies.set(name, value);
    const res = await other.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    expect(other.cookies.get('__Host-tt-session')).not.toBe(browser.cookies.get('__Host-tt-session'));
    expect(await h.inspect.get(key)).not.toBe(oldRaw);
  });
});

/** A second instance on the same Redis whose key ring has a new secret first; closed with the test. */
async function createRedisHarnessWithSecrets(secrets: string) {
  const { createApp } = await import('../../../bff/app.ts');
  const { parseConfig } = await import('../../../bff/config.ts');
  const { createRedisClient, redisReady, closeRedisClient } = await import(
    '../../../bff/node/ioredis-client.ts'
  );
  const { TestBrowser } = await import('../../support/test-browser.ts');
  const { closeWithTest, once } = await import('../../support/harness-lifecycle.ts');
  const client = createRedisClient(redis.url);
  const close = once(() => closeRedisClient(client));
  closeWithTest('createRedisHarnessWithSecrets()', close);
  await redisReady(client);
  const config = parseConfig({
    PUBLIC_ORIGIN: 'http://localhost',
    SESSION_SECRETS: secrets,
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
  });
  const app = createApp(config, { logSink: () => undefined, redis: client });
  return { browser: () => new TestBrowser(app), close };
}
