import { createApp } from '../../../bff/app.ts';
import { parseConfig } from '../../../bff/config.ts';
import { closeRedisClient, createRedisClient, redisReady } from '../../../bff/node/ioredis-client.ts';
import { RedisLiveHub } from '../../../bff/node/redis-live-bus.ts';
import { sessionKey } from '../../../bff/session/redis-session-store.ts';
import { createKeyRing, unseal } from '../../../bff/session/seal.ts';
import { SESSION_COOKIE } from '../../../bff/session/session-cookie.ts';
import type { SessionData } from '../../../bff/session/session-data.ts';
import { MOCK_PATHS } from '../../../bff/thumbtack/environments.ts';
import { createFakeThumbtack } from '../../mocks/thumbtack/index.ts';
import { type Harness, ORIGIN, TEST_SECRET } from '../../support/console-harness.ts';
import { closeWithTest, exclusiveServer, once, ownerLabel } from '../../support/harness-lifecycle.ts';
import type { RedisServer } from '../../support/redis-server.ts';
import { TestBrowser } from '../../support/test-browser.ts';

export const HOUR = 3600_000;
export const MINUTE = 60_000;

export interface RedisHarnessOptions {
  /** How many BFF instances share the Redis and the fake (each gets its own Redis connection). */
  instances?: number;
  env?: Record<string, string>;
  /** Short, so a hung Redis answers 503 quickly in tests. */
  commandTimeoutMs?: number;
  /** Live updates carried between the instances through Redis, as the Node entry wires them. */
  live?: boolean;
}

/**
 * Like console-harness's createHarness, with SESSION_STORE=redis against a real redis-server: one or
 * more BFF instances (createApp with the same config, each with its own ioredis client, as separate
 * processes would have), one fake Thumbtack behind msw, one settable clock, plus an `inspect` client
 * for looking into Redis. Made inside a test, it closes itself when that test finishes (see
 * harness-lifecycle.ts); `close()` may still be called earlier, and more than once.
 */
export async function createRedisHarness(redis: RedisServer, options: RedisHarnessOptions = {}) {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const fake = createFakeThumbtack({
    authBase: `${ORIGIN}${MOCK_PATHS.auth}`,
    apiBase: `${ORIGIN}${MOCK_PATHS.api}`,
    controlBase: `${ORIGIN}${MOCK_PATHS.control}`,
    now,
  });
  const server = exclusiveServer(ownerLabel('createRedisHarness()', 'test'), ...fake.handlers);
  const clients: ReturnType<typeof createRedisClient>[] = [];
  const close = once(async () => {
    server.close();
    await Promise.all(clients.map((client) => closeRedisClient(client)));
  });
  // Before anything is opened: outside a running test this throws, and nothing is left open. Whatever
  // is opened from here on is closed with the test, even if the setup below fails halfway.
  closeWithTest('createRedisHarness()', close);
  server.listen({ onUnhandledRequest: 'error' });
  const config = parseConfig({
    PUBLIC_ORIGIN: ORIGIN,
    SESSION_SECRETS: TEST_SECRET,
    AUTH_RATE_LIMIT: '10000',
    APP_RATE_LIMIT: '10000',
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
    ...options.env,
  });
  const instances = Array.from({ length: options.instances ?? 1 }, () =>
    createRedisClient(redis.url, { commandTimeoutMs: options.commandTimeoutMs ?? 1000 }),
  );
  const inspect = createRedisClient(redis.url);
  clients.push(...instances, inspect);
  await Promise.all(clients.map((client) => redisReady(client)));
  await inspect.flushall();
  const logs: string[] = [];
  const hubs = options.live
    ? instances.map((client) => {
        const subscriber = client.duplicate();
        clients.push(subscriber);
        const hub = new RedisLiveHub(client, subscriber, now);
        hub.start();
        return hub;
      })
    : [];
  if (options.live) await Promise.all(clients.map((client) => redisReady(client)));
  const apps = instances.map((client, i) =>
    createApp(config, { now, logSink: (line) => logs.push(line), redis: client, liveHub: hubs[i] }),
  );
  const [app] = apps;
  if (!app) throw new Error('at least one instance');
  const ring = await createKeyRing(config.sessionSecrets);

  const h = {
    app,
    apps,
    clients: instances,
    inspect,
    config,
    fake,
    server,
    logs,
    ring,
    /** A browser talking to instance `i` (default the first). */
    browser: (i = 0) => new TestBrowser(apps[i] as typeof app, ORIGIN),
    advance(ms: number) {
      offsetMs += ms;
    },
    refreshCalls: () => fake.control.stats().token.refresh_token,
    /** Waits until every instance's client has reconnected (after a restart of Redis). */
    ready: () => Promise.all(clients.map((client) => redisReady(client, 10_000))),
    /** The session id a browser's cookie names, opened with the test key. */
    async cookieRef(browser: TestBrowser) {
      const value = browser.cookies.get(SESSION_COOKIE);
      if (!value) return undefined;
      return (await unseal<{ v: 1; id: string }>(ring, SESSION_COOKIE, value))?.payload;
    },
    /** The Redis key of a browser's session. */
    async keyOf(browser: TestBrowser) {
      const ref = await h.cookieRef(browser);
      if (!ref) throw new Error('the browser holds no session cookie');
      return sessionKey(ref.id);
    },
    /** The session as Redis holds it, opened with the test key. */
    async stored(browser: TestBrowser) {
      const key = await h.keyOf(browser);
      const raw = await inspect.get(key);
      if (raw === null) return undefined;
      return (await unseal<{ v: 1; session: SessionData }>(ring, key, raw))?.payload.session;
    },
    /** Stops intercepting and closes the Redis connections. Idempotent. */
    close,
  };
  return h;
}

export type RedisHarness = Awaited<ReturnType<typeof createRedisHarness>>;

/** console-harness's signIn reads only `config` from its harness. */
export function asHarness(h: RedisHarness): Harness {
  return { config: h.config } as unknown as Harness;
}
