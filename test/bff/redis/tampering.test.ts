import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../bff/http/app-env.ts';
import { RedisSessionStore, sessionKey } from '../../../bff/session/redis-session-store.ts';
import { seal } from '../../../bff/session/seal.ts';
import { SESSION_COOKIE } from '../../../bff/session/session-cookie.ts';
import type { SessionData } from '../../../bff/session/session-data.ts';
import { createHarness, signIn } from '../../support/console-harness.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import { asHarness, createRedisHarness, HOUR, type RedisHarness } from './redis-harness.ts';

let redis: RedisServer;
let h: RedisHarness;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

async function signedIn() {
  h = await createRedisHarness(redis);
  const browser = h.browser();
  await signIn(asHarness(h), browser);
  return browser;
}

/** "No session": a clean 401 on the API and `authenticated: false` on /auth/session, never a 500. */
async function expectNoSession(browser: TestBrowser) {
  const api = await browser.request('/api/v4/businesses');
  expect(api.status).toBe(401);
  expect(['session_expired', 'not_authenticated']).toContain((await api.json()).error.code);
  const session = await browser.request('/auth/session');
  expect(session.status).toBe(200);
  expect(await session.json()).toEqual({ authenticated: false });
  expect(h.logs.join('\n')).not.toContain('unexpected error');
}

async function resealStored(browser: TestBrowser, change: (s: SessionData) => SessionData) {
  const key = await h.keyOf(browser);
  const stored = (await h.stored(browser)) as SessionData;
  await h.inspect.set(key, await seal(h.ring, key, { v: 1, session: change(stored) }), 'PX', 60_000);
  return key;
}

describe('Redis store: what is not ours is no session', () => {
  it('a tampered Redis value', async () => {
    const browser = await signedIn();
    const key = await h.keyOf(browser);
    const raw = (await h.inspect.get(key)) as string;
    const i = raw.length - 30;
    await h.inspect.set(key, `${raw.slice(0, i)}${raw[i] === 'A' ? 'B' : 'A'}${raw.slice(i + 1)}`);
    await expectNoSession(browser);
  });

  it('garbage in Redis', async () => {
    const browser = await signedIn();
    await h.inspect.set(await h.keyOf(browser), '{"v":1,"session":{"accessToken":"x"}}');
    await expectNoSession(browser);
  });

  it("another session's value copied under this key (values are bound to their key)", async () => {
    const victim = await signedIn();
    const attacker = h.browser();
    await signIn(asHarness(h), attacker);
    const victimValue = (await h.inspect.get(await h.keyOf(victim))) as string;
    await h.inspect.set(await h.keyOf(attacker), victimValue);
    await expectNoSession(attacker);
  });

  it('a value sealed for another Redis key, even one naming this session id', async () => {
    const browser = await signedIn();
    const key = await h.keyOf(browser);
    const stored = (await h.stored(browser)) as SessionData;
    const elsewhere = await sessionKey('another-session-id-0123456789');
    await h.inspect.set(key, await seal(h.ring, elsewhere, { v: 1, session: stored }));
    await expectNoSession(browser);
  });

  it('a correctly sealed value for a different session id', async () => {
    const browser = await signedIn();
    await resealStored(browser, (s) => ({ ...s, sid: 'someone-elses-session-id-0123' }));
    await expectNoSession(browser);
  });

  it('a stale session in Redis (past the idle limit by its own times) is deleted', async () => {
    const browser = await signedIn();
    const old = Math.floor(Date.now() / 1000) - 13 * 3600;
    const key = await resealStored(browser, (s) => ({ ...s, createdAt: old, lastSeenAt: old }));
    await expectNoSession(browser);
    expect(await h.inspect.exists(key)).toBe(0);
  });

  it('a cookie naming an id that Redis does not have', async () => {
    h = await createRedisHarness(redis);
    const browser = h.browser();
    browser.cookies.set(SESSION_COOKIE, await seal(h.ring, SESSION_COOKIE, { v: 1, id: 'x'.repeat(32) }));
    await expectNoSession(browser);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('a session whose entry expired from Redis', async () => {
    const browser = await signedIn();
    await h.inspect.del(await h.keyOf(browser));
    await expectNoSession(browser);
  });

  it('a tampered, truncated or foreign cookie', async () => {
    const browser = await signedIn();
    const value = browser.cookies.get(SESSION_COOKIE) as string;
    for (const bad of [value.slice(0, -5), `${value}x`, 'garbage', value.replace(/\./g, '')]) {
      const other = h.browser();
      other.cookies.set(SESSION_COOKIE, bad);
      await expectNoSession(other);
    }
    // A Redis-store cookie sealed with a key that is not in the ring.
    const { createKeyRing } = await import('../../../bff/session/seal.ts');
    const foreign = h.browser();
    foreign.cookies.set(
      SESSION_COOKIE,
      await seal(await createKeyRing(['a-key-this-ring-has-never-held-0123456789']), SESSION_COOKIE, {
        v: 1,
        id: (await h.cookieRef(browser))?.id,
      }),
    );
    await expectNoSession(foreign);
  });

  it('a whole session sealed by the cookie store is not accepted as a Redis reference', async () => {
    const cookieHarness = createHarness();
    const cookieBrowser = cookieHarness.browser();
    await signIn(cookieHarness, cookieBrowser);
    cookieHarness.close();
    h = await createRedisHarness(redis);
    const browser = h.browser();
    browser.cookies.set(SESSION_COOKIE, cookieBrowser.cookies.get(SESSION_COOKIE) as string);
    await expectNoSession(browser);
  });
});

describe('Redis store: concurrent writes never go back to a used refresh token', () => {
  it("a slow request's idle-clock write does not overwrite a rotation stored meanwhile", async () => {
    const browser = await signedIn();
    const key = await h.keyOf(browser);
    const original = (await h.stored(browser)) as SessionData;
    const store = new RedisSessionStore(Promise.resolve(h.ring), h.config.session, h.inspect);
    let release = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const later = Math.floor(Date.now() / 1000) + 600;
    const probe = new Hono<AppEnv>();
    // A slow request: reads the session, is held up, then writes its (idle-clock) update.
    probe.get('/slow', async (c) => {
      const read = await store.read(c, later);
      if (read.kind !== 'active') return c.text(read.kind, 500);
      await gate;
      await store.touch(c, read.session, later);
      // Then it refreshes with the old token too and learns the newer rotation instead of storing its own.
      const kept = await store.rotate(
        c,
        read.session,
        { ...read.session, accessToken: 'late-at', refreshToken: 'late-rt' },
        later,
      );
      return c.json({ refreshToken: kept?.refreshToken });
    });
    // A fast request: reads and stores a rotation.
    probe.get('/rotate', async (c) => {
      const read = await store.read(c, later);
      if (read.kind !== 'active') return c.text(read.kind, 500);
      const stored = await store.rotate(
        c,
        read.session,
        { ...read.session, accessToken: 'new-at', refreshToken: 'new-rt' },
        later,
      );
      return c.json({ refreshToken: stored?.refreshToken });
    });
    const headers = { Cookie: browser.cookieHeader() };
    const slow = probe.request('http://localhost/slow', { headers });
    await new Promise((done) => setTimeout(done, 50));
    const fast = await probe.request('http://localhost/rotate', { headers });
    expect(await fast.json()).toEqual({ refreshToken: 'new-rt' });
    release();
    expect(await (await slow).json()).toEqual({ refreshToken: 'new-rt' });
    const stored = (await h.stored(browser)) as SessionData;
    expect(stored.refreshToken).toBe('new-rt');
    expect(stored.refreshToken).not.toBe(original.refreshToken);
    expect(await h.inspect.exists(key)).toBe(1);
  });

  it('a rotation lands on top of an idle-clock write stored meanwhile (merged, not lost)', async () => {
    const browser = await signedIn();
    const store = new RedisSessionStore(Promise.resolve(h.ring), h.config.session, h.inspect);
    const later = Math.floor(Date.now() / 1000) + 600;
    let release = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const probe = new Hono<AppEnv>();
    probe.get('/refresh', async (c) => {
      const read = await store.read(c, later);
      if (read.kind !== 'active') return c.text(read.kind, 500);
      await gate;
      const stored = await store.rotate(
        c,
        read.session,
        { ...read.session, accessToken: 'new-at', refreshToken: 'new-rt' },
        later,
      );
      return c.json({ refreshToken: stored?.refreshToken });
    });
    probe.get('/touch', async (c) => {
      const read = await store.read(c, later + 400);
      if (read.kind !== 'active') return c.text(read.kind, 500);
      await store.touch(c, read.session, later + 400);
      return c.body(null, 204);
    });
    const headers = { Cookie: browser.cookieHeader() };
    const refresh = probe.request('http://localhost/refresh', { headers });
    await new Promise((done) => setTimeout(done, 50));
    expect((await probe.request('http://localhost/touch', { headers })).status).toBe(204);
    release();
    expect(await (await refresh).json()).toEqual({ refreshToken: 'new-rt' });
    const stored = (await h.stored(browser)) as SessionData;
    expect(stored.refreshToken).toBe('new-rt');
    expect(stored.lastSeenAt).toBe(later + 400);
  });

  it('a refresh that finishes after the session was deleted does not bring it back', async () => {
    const browser = await signedIn();
    const key = await h.keyOf(browser);
    await fetch('http://localhost/__thumbtack/control/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: { latencyMs: 300 } }),
    });
    h.advance(HOUR + 1000);
    const call = browser.request('/api/v4/businesses');
    await new Promise((done) => setTimeout(done, 100));
    // Logged out elsewhere while the token request was in flight. (Thumbtack documents no revocation
    // endpoint, so in production the refresh itself still succeeds.)
    await h.inspect.del(key);
    const res = await call;
    expect(h.refreshCalls()).toBe(1);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(await h.inspect.exists(key)).toBe(0);
  });
});
