import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../bff/app.ts';
import { ConfigError, parseConfig } from '../../../bff/config.ts';
import { createRedisClient, redisReady } from '../../../bff/node/ioredis-client.ts';
import { startNodeServer } from '../../../bff/node.ts';
import { createKeyRing, seal } from '../../../bff/session/seal.ts';
import { SESSION_COOKIE } from '../../../bff/session/session-cookie.ts';
import { freePort } from '../../support/free-port.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const SECRET = 'a-session-secret-that-is-at-least-32-bytes-long';
const production = {
  THUMBTACK_ENV: 'production',
  THUMBTACK_CLIENT_ID: 'client',
  THUMBTACK_CLIENT_SECRET: 'secret',
  THUMBTACK_SCOPES: 'supply::businesses.list offline_access',
  SESSION_SECRETS: SECRET,
  PUBLIC_ORIGIN: 'https://console.example.com',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('SESSION_STORE and REDIS_URL', () => {
  it('defaults to the cookie store and needs no Redis', () => {
    expect(parseConfig({}).sessionStore).toEqual({ kind: 'cookie' });
    expect(parseConfig({ SESSION_STORE: 'cookie' }).sessionStore).toEqual({ kind: 'cookie' });
  });

  it('takes redis:// and rediss:// URLs', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:pw@redis.internal:6380/2']) {
      expect(parseConfig({ SESSION_STORE: 'redis', REDIS_URL: url }).sessionStore).toEqual({
        kind: 'redis',
        url,
      });
    }
  });

  it('refuses an unknown store, a missing or non-Redis URL, with clear messages', () => {
    expect(problemsOf({ SESSION_STORE: 'memcached' }).join('\n')).toMatch(/SESSION_STORE/);
    expect(problemsOf({ SESSION_STORE: 'redis' })).toEqual([
      expect.stringMatching(/^REDIS_URL: required when SESSION_STORE=redis/),
    ]);
    expect(problemsOf({ SESSION_STORE: 'redis', REDIS_URL: 'http://127.0.0.1:6379' })).toEqual([
      'REDIS_URL: must start with redis:// or rediss://',
    ]);
    expect(problemsOf({ SESSION_STORE: 'redis', REDIS_URL: 'not a url' })[0]).toMatch(
      /^REDIS_URL: not a URL/,
    );
  });

  it('in production wants TLS (rediss://) unless Redis is on loopback', () => {
    const env = { ...production, SESSION_STORE: 'redis' };
    expect(problemsOf({ ...env, REDIS_URL: 'redis://redis.internal:6379' })).toEqual([
      'REDIS_URL: production needs rediss:// (TLS) unless Redis runs on this host (loopback)',
    ]);
    for (const url of [
      'rediss://redis.internal:6380',
      'redis://127.0.0.1:6379',
      'redis://localhost:6379',
      'redis://[::1]:6379',
    ]) {
      expect(parseConfig({ ...env, REDIS_URL: url }).sessionStore.kind).toBe('redis');
    }
  });

  it('lists a bad REDIS_URL together with every other bad key, and never echoes a password', () => {
    const problems = problemsOf({
      ...production,
      SESSION_SECRETS: 'short',
      SESSION_STORE: 'redis',
      REDIS_URL: 'redis://:hunter2-password@redis.internal:6379',
      PUBLIC_ORIGIN: 'http://console.example.com',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/SESSION_SECRETS/);
    expect(text).toMatch(/PUBLIC_ORIGIN/);
    expect(text).toMatch(/REDIS_URL: production needs rediss/);
    expect(text).not.toContain('hunter2');
  });
});

describe('wiring', () => {
  it('createApp with SESSION_STORE=redis and no client is a clear startup error', () => {
    const config = parseConfig({ SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(() => createApp(config, { logSink: () => undefined })).toThrow(ConfigError);
    expect(() => createApp(config, { logSink: () => undefined })).toThrow(
      /SESSION_STORE: redis needs a Redis client/,
    );
  });

  it('the runtime-agnostic app never imports ioredis or Node built-ins, directly or through its imports', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        if (!spec) continue;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (spec === 'ioredis' || spec.startsWith('node:')) offenders.push(`${file}: ${spec}`);
      }
    };
    visit(resolve('bff/app.ts'));
    expect(seen.has(resolve('bff/session/redis-session-store.ts'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});

describe('Node entry with the Redis store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('creates the client from REDIS_URL, serves sessions through it, and closes it on shutdown', async () => {
    const inspect = createRedisClient(redis.url);
    await redisReady(inspect);
    const clientCount = async () =>
      ((await inspect.client('LIST')) as string).trim().split('\n').filter(Boolean).length;
    const before = await clientCount();
    const port = await freePort();
    const config = parseConfig({
      PORT: String(port),
      PUBLIC_ORIGIN: `http://localhost:${port}`,
      SESSION_SECRETS: SECRET,
      SESSION_STORE: 'redis',
      REDIS_URL: redis.url,
      LOG_LEVEL: 'error',
    });
    const server = startNodeServer(config, { staticDir: false, hosts: ['127.0.0.1'] });
    await server.listening;
    try {
      // Two connections: sessions, and the live-update subscriber (Redis takes no other commands on a
      // subscribed connection).
      let count = before;
      for (let i = 0; i < 50 && count < before + 2; i++) {
        await new Promise((done) => setTimeout(done, 20));
        count = await clientCount();
      }
      expect(count).toBe(before + 2);
      // A cookie naming a session Redis does not have: answered through the client (a GET).
      const cookie = await seal(await createKeyRing([SECRET]), SESSION_COOKIE, { v: 1, id: 'x'.repeat(32) });
      const res = await fetch(`http://127.0.0.1:${port}/auth/session`, {
        headers: { 'X-CSRF': '1', Cookie: `${SESSION_COOKIE}=${cookie}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ authenticated: false });
    } finally {
      await server.close();
    }
    let count = await clientCount();
    for (let i = 0; i < 50 && count !== before; i++) {
      await new Promise((done) => setTimeout(done, 20));
      count = await clientCount();
    }
    expect(count).toBe(before);
    await inspect.quit();
  });
});
