import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRedisClient, createRedisClient, redisReady } from '../../../bff/node/ioredis-client.ts';
import { isInvalidGrant, TokenRequestError } from '../../../bff/oauth/token-errors.ts';
import type { RefreshOutcome } from '../../../bff/oauth/token-refresher.ts';
import { hashedKey, KEY_PREFIX } from '../../../bff/session/redis-client.ts';
import { RedisRefreshCoordinator } from '../../../bff/session/redis-refresh-coordinator.ts';
import { createKeyRing } from '../../../bff/session/seal.ts';
import { TEST_SECRET } from '../../support/console-harness.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';

let redis: RedisServer;
let clients: ReturnType<typeof createRedisClient>[];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());
beforeEach(async () => {
  clients = [createRedisClient(redis.url), createRedisClient(redis.url)];
  await Promise.all(clients.map((c) => redisReady(c)));
  await clients[0]?.flushall();
});
afterEach(() => Promise.all(clients.map((c) => closeRedisClient(c))));

const ring = createKeyRing([TEST_SECRET]);
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function coordinator(i: number, timings = {}) {
  return new RedisRefreshCoordinator(clients[i] as (typeof clients)[0], ring, now, timings);
}

function slowRefresh(ms: number, refreshToken = 'rt-2') {
  let calls = 0;
  const refresh = async (): Promise<RefreshOutcome> => {
    calls++;
    await sleep(ms);
    return {
      tokens: { accessToken: `at-${calls}`, accessTokenExpiresAt: now() + 3600, refreshToken, scopes: [] },
      rememberUntil: now() + 60,
    };
  };
  return { refresh, calls: () => calls };
}

describe('refresh lock across instances (RedisRefreshCoordinator)', () => {
  it('runs one refresh for many callers on two instances; all get the same tokens', async () => {
    const a = coordinator(0);
    const b = coordinator(1);
    const { refresh, calls } = slowRefresh(150);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).once('rt-1', refresh)),
    );
    expect(calls()).toBe(1);
    expect(new Set(results.map((r) => r.tokens.accessToken))).toEqual(new Set(['at-1']));
    expect(await clients[0]?.keys(`${KEY_PREFIX.refreshLock}*`)).toEqual([]);
  });

  it('a lock left by a dead instance expires, then another instance refreshes', async () => {
    const lockKey = await hashedKey(KEY_PREFIX.refreshLock, 'rt-1');
    await clients[0]?.set(lockKey, 'dead-instance', 'PX', 300);
    const { refresh, calls } = slowRefresh(10);
    const started = Date.now();
    const result = await coordinator(1, { lockTtlMs: 1000 }).once('rt-1', refresh);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(calls()).toBe(1);
    expect(result.tokens.accessToken).toBe('at-1');
  });

  it('releases only its own lock: an owner that outlived its lock does not free the next one', async () => {
    const lockKey = await hashedKey(KEY_PREFIX.refreshLock, 'rt-1');
    const { refresh } = slowRefresh(400);
    const running = coordinator(0, { lockTtlMs: 100 }).once('rt-1', refresh);
    await sleep(200);
    // Its lock has expired; someone else holds the lock now.
    expect(await clients[1]?.set(lockKey, 'someone-else', 'PX', 5000, 'NX')).toBe('OK');
    await running;
    expect(await clients[1]?.get(lockKey)).toBe('someone-else');
  });

  it('waiters give up with a clean 503 when no result comes within the bound', async () => {
    const lockKey = await hashedKey(KEY_PREFIX.refreshLock, 'rt-1');
    await clients[0]?.set(lockKey, 'stuck-instance', 'PX', 5000);
    const { refresh, calls } = slowRefresh(10);
    await expect(coordinator(1, { waitMs: 200 }).once('rt-1', refresh)).rejects.toMatchObject({
      code: 'token_refresh_unavailable',
      status: 503,
    });
    expect(calls()).toBe(0);
  });

  it('shares an invalid_grant with every waiter and later caller: one token request', async () => {
    let calls = 0;
    const refresh = async (): Promise<RefreshOutcome> => {
      calls++;
      await sleep(100);
      throw new TokenRequestError({ kind: 'oauth', code: 'invalid_grant' });
    };
    const a = coordinator(0);
    const b = coordinator(1);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).once('rt-1', refresh)),
    );
    const later = await Promise.allSettled([b.once('rt-1', refresh)]);
    for (const r of [...results, ...later]) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TokenRequestError);
      expect(isInvalidGrant((r as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(calls).toBe(1);
  });

  it('ignores a tampered published result and refreshes instead of trusting it', async () => {
    const resultKey = await hashedKey(KEY_PREFIX.refreshResult, 'rt-1');
    await clients[0]?.set(resultKey, 'eyJhbGciOiJkaXIifQ..forged.forged.forged', 'PX', 60_000);
    const { refresh, calls } = slowRefresh(10);
    const result = await coordinator(0).once('rt-1', refresh);
    expect(calls()).toBe(1);
    expect(result.tokens.accessToken).toBe('at-1');
  });
});
