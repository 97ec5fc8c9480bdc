import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisHarness } from '../bff/redis/redis-harness.ts';
import { createHarness, type Harness } from './console-harness.ts';
import { startFakeServer } from './fake-server.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

// The harnesses close themselves (harness-lifecycle.ts): one made in a test is gone by the next test,
// pass or fail; close() twice is harmless; a harness left listening cannot go unnoticed.

/** A harmless GET to the fake behind a harness (its signing keys), answered only while it intercepts. */
const toFake = (h: Harness) => h.config.thumbtack.jwksUrl as string;

/** Counts the requests a harness's msw server sees from now on. */
function seenBy(h: Harness): { count: number } {
  const seen = { count: 0 };
  h.server.events.on('request:start', () => {
    seen.count++;
  });
  return seen;
}

describe('a harness made in a test', () => {
  let passed: { h: Harness; seen: { count: number } } | undefined;
  let failed: { h: Harness; seen: { count: number } } | undefined;

  it('A: intercepts while its test runs', async () => {
    const h = createHarness();
    passed = { h, seen: seenBy(h) };
    expect((await fetch(toFake(h))).status).toBe(200);
    expect(passed.seen.count).toBe(1);
  });

  it.fails('A2: a test that fails after making one', async () => {
    const h = createHarness();
    failed = { h, seen: seenBy(h) };
    expect((await fetch(toFake(h))).status).toBe(200);
    throw new Error('this test fails on purpose');
  });

  it('B: finds both closed, and a harness of its own answers alone', async () => {
    if (!passed || !failed) throw new Error('test A or A2 did not get to make its harness');
    // Nothing intercepts now: the request goes out to a port nobody listens on (or fails), unseen.
    await fetch(toFake(passed.h), { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    expect([passed.seen.count, failed.seen.count]).toEqual([1, 1]);
    // Were either still listening, this would throw (one msw server at a time).
    const own = createHarness();
    const seen = seenBy(own);
    expect((await fetch(toFake(own))).status).toBe(200);
    expect([passed.seen.count, failed.seen.count, seen.count]).toEqual([1, 1, 1]);
  });
});

describe('close()', () => {
  it('twice, before the test ends (which closes it again), is harmless', async () => {
    const h = createHarness();
    h.close();
    expect(() => h.close()).not.toThrow();
    // The slot is free: the next harness listens and answers.
    const next = createHarness();
    expect((await fetch(toFake(next))).status).toBe(200);
    next.close();
    next.close();
  });

  it('of the fake over HTTP, twice, is harmless', async () => {
    const fake = await startFakeServer([]);
    const keys = fake.urls.THUMBTACK_JWKS_URL as string;
    expect((await fetch(keys)).status).toBe(200);
    await fake.close();
    await expect(fake.close()).resolves.toBeUndefined();
    await expect(fetch(keys)).rejects.toThrow();
  });

  describe('of the Redis harness', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(() => redis.stop());

    it('twice is harmless, and closes its connections', async () => {
      const h = await createRedisHarness(redis);
      expect(await h.inspect.ping()).toBe('PONG');
      await h.close();
      await expect(h.close()).resolves.toBeUndefined();
      await expect(h.inspect.ping()).rejects.toThrow();
      await expect((h.clients[0] as (typeof h.clients)[0]).ping()).rejects.toThrow();
    });
  });
});

describe('a harness left listening', () => {
  it('makes the next one fail loudly, naming it, and is closed so that only this test fails', async () => {
    // scope: 'suite' and no afterAll: the forgotten close() this guards against.
    const leaked = createHarness({ scope: 'suite' });
    const seenByLeaked = seenBy(leaked);
    expect(() => createHarness()).toThrow(/a suite-scoped createHarness\(\) was still listening/);
    const next = createHarness();
    expect((await fetch(toFake(next))).status).toBe(200);
    expect(seenByLeaked.count).toBe(0);
    expect(() => leaked.close()).not.toThrow();
  });
});

describe('outside a running test', () => {
  let refused: unknown;
  beforeAll(() => {
    try {
      createHarness();
    } catch (error) {
      refused = error;
    }
  });

  it("createHarness() refuses (use scope: 'suite' there) and leaves nothing listening", async () => {
    expect(String(refused)).toMatch(/outside a running test.*scope: 'suite'/);
    const h = createHarness();
    expect((await fetch(toFake(h))).status).toBe(200);
  });
});
