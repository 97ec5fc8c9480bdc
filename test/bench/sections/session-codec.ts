import { spawnSync } from 'node:child_process';
import { Context } from 'hono';
import { closeRedisClient, createRedisClient, redisReady } from '../../../bff/node/ioredis-client.ts';
import { CookieSessionStore } from '../../../bff/session/cookie-session-store.ts';
import { RedisSessionStore, sessionKey } from '../../../bff/session/redis-session-store.ts';
import * as sealModule from '../../../bff/session/seal.ts';
import { createKeyRing, type KeyRing, seal, unseal } from '../../../bff/session/seal.ts';
import { SESSION_COOKIE } from '../../../bff/session/session-cookie.ts';
import type { SessionData } from '../../../bff/session/session-data.ts';
import type { SessionLifetimes } from '../../../bff/session/session-policy.ts';
import type { SessionStore } from '../../../bff/session/session-store.ts';
import { freePort } from '../../support/free-port.ts';
import { consoleOrigin, ROOT, sessionCookieValue, signIn, startBff, startFake } from '../support/console.ts';
import { stopAll } from '../support/processes.ts';
import { fmt, percentile, table } from '../support/report.ts';

// Session codec: what opening and sealing the largest real session costs, with the BFF's own code
// (seal.ts; the cookie and Redis stores), and how many bytes it puts in the cookie. The session is a
// real one: a demo pro signed in through the fake with every supply scope, so user, scopes and both
// tokens are as long as the fake issues them.

const POLICY: SessionLifetimes = { absoluteLifetimeSeconds: 7 * 24 * 3600, idleTimeoutSeconds: 12 * 3600 };
const MEASURE_MS = 1500;
const WARMUP_OPS = 200;
const REDIS_CONCURRENCY = 32;

export interface CodecRow {
  operation: string;
  /** null: not measured (see `note`). */
  opsPerSec: number | null;
  p50Us?: number;
  p99Us?: number;
  ops?: number;
  note?: string;
}

export interface SessionCodecResult {
  session: {
    scopes: number;
    accessTokenChars: number;
    refreshTokenChars: number;
    userFields: string[];
    jsonBytes: number;
  };
  cookieStore: { sealedBytes: number; cookies: number; setCookieBytes: number };
  redisStore: { cookieBytes: number; redisValueBytes: number } | { notMeasured: string };
  rows: CodecRow[];
}

export async function benchSessionCodec(log: (line: string) => void): Promise<SessionCodecResult> {
  log('  signing in through the fake and the built BFF for a real session');
  const { session, secret } = await realSession();
  const ring = await createKeyRing([secret]);
  const now = () => Math.floor(Date.now() / 1000);
  const rows: CodecRow[] = [];

  const sealed = await seal(ring, SESSION_COOKIE, session);
  // Values the ring has never opened: a BFF that remembers opened values (seal.ts may) must still
  // decrypt these, as it does for each browser's first request and after every rotation.
  const fresh = await distinctSealed(ring, session);
  const open = async (value: string) => {
    if (!(await unseal(ring, SESSION_COOKIE, value))) throw new Error('unseal failed');
  };
  rows.push(await measure('seal (seal.ts)', () => seal(ring, SESSION_COOKIE, session)));
  rows.push(await measure('open a value not opened before (seal.ts unseal)', (i) => open(at(fresh, i))));
  rows.push(await measure('open the same value again (every request of one browser)', () => open(sealed)));

  const cookieStore = new CookieSessionStore(Promise.resolve(ring), POLICY);
  const written = await saved(cookieStore, session, now());
  rows.push(
    await measure('cookie store: write (seal + Set-Cookie)', () => saved(cookieStore, session, now())),
  );
  rows.push(
    await measure('cookie store: read, a new cookie each time', (i) =>
      readActive(cookieStore, `${SESSION_COOKIE}=${at(fresh, i)}`, now()),
    ),
  );
  rows.push(
    await measure('cookie store: read, the same cookie again', () =>
      readActive(cookieStore, written.cookieHeader, now()),
    ),
  );

  let redisStore: SessionCodecResult['redisStore'];
  const redis = await redisRows(ring, session, now, log);
  if ('notMeasured' in redis) {
    redisStore = { notMeasured: redis.notMeasured };
    rows.push({ operation: 'Redis store: round trip', opsPerSec: null, note: redis.notMeasured });
  } else {
    redisStore = redis.sizes;
    rows.push(...redis.rows);
  }

  return {
    session: {
      scopes: session.scopes.length,
      accessTokenChars: session.accessToken.length,
      refreshTokenChars: session.refreshToken?.length ?? 0,
      userFields: Object.keys(session.user),
      jsonBytes: Buffer.byteLength(JSON.stringify(session)),
    },
    cookieStore: {
      sealedBytes: sealed.length,
      cookies: written.cookies.length,
      setCookieBytes: written.cookies.reduce((sum, c) => sum + Buffer.byteLength(c), 0),
    },
    redisStore,
    rows,
  };
}

/** A real signed-in session: the BFF seals it, we open its cookie with the same secret. */
async function realSession(): Promise<{ session: SessionData; secret: string }> {
  try {
    const port = await freePort();
    const fake = await startFake([consoleOrigin(port)]);
    const bff = await startBff({ side: 'supply', port, fake });
    const browser = await signIn(bff);
    const ring = await createKeyRing([bff.secret]);
    const opened = await unseal<SessionData>(ring, SESSION_COOKIE, sessionCookieValue(browser.cookies));
    if (!opened)
      throw new Error('the session cookie did not open with the BFF key ring (did seal.ts change?)');
    const session = opened.payload;
    for (const field of ['name', 'email', 'picture', 'phone'] as const) {
      if (!session.user[field])
        throw new Error(`the signed-in session has no user.${field}: not the largest one`);
    }
    return { session, secret: bff.secret };
  } finally {
    await stopAll();
  }
}

/**
 * Sealed copies of the session that differ only in their id, more of them than the ring remembers
 * (seal.ts's OPENED_CACHE_SIZE where it has one), so opening them in turn never finds one remembered.
 */
async function distinctSealed(ring: KeyRing, session: SessionData): Promise<string[]> {
  const remembered = Number((sealModule as Record<string, unknown>).OPENED_CACHE_SIZE ?? 0);
  const count = Math.max(4000, 2 * remembered + 1);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      seal(ring, SESSION_COOKIE, {
        ...session,
        sid: `${session.sid.slice(0, -6)}${String(i).padStart(6, '0')}`,
      }),
    ),
  );
}

const at = (values: readonly string[], i: number) => values[i % values.length] as string;

/** A request context as the stores get one from Hono, with the browser's Cookie header if any. */
function context(cookie?: string): Context {
  return new Context(
    new Request('http://localhost/api/v4/businesses', cookie ? { headers: { cookie } } : {}),
  );
}

async function saved(store: SessionStore, session: SessionData, nowSeconds: number) {
  const c = context();
  await store.save(c, session, nowSeconds);
  const cookies = c.res.headers.getSetCookie();
  const cookieHeader = cookies.map((line) => line.split(';')[0]).join('; ');
  return { cookies, cookieHeader };
}

async function readActive(store: SessionStore, cookie: string, nowSeconds: number): Promise<void> {
  const read = await store.read(context(cookie), nowSeconds);
  if (read.kind !== 'active') throw new Error(`the store read "${read.kind}", not the session it wrote`);
}

async function redisRows(
  ring: KeyRing,
  session: SessionData,
  now: () => number,
  log: (line: string) => void,
): Promise<
  { rows: CodecRow[]; sizes: { cookieBytes: number; redisValueBytes: number } } | { notMeasured: string }
> {
  const binary = provisionRedis(log);
  if ('notMeasured' in binary) return binary;
  process.env.REDIS_SERVER = binary.path;
  // Imported only now: it reads REDIS_SERVER when it loads.
  const { startRedisServer } = await import('../../support/redis-server.ts');
  const server = await startRedisServer();
  const client = createRedisClient(server.url);
  try {
    await redisReady(client);
    const store = new RedisSessionStore(Promise.resolve(ring), POLICY, client);
    const written = await saved(store, session, now());
    const value = await client.get(await sessionKey(session.sid));
    const rows = [
      await measure('Redis store: write (seal + SET + cookie seal)', () => saved(store, session, now())),
      await measure('Redis store: read (cookie open + GET + open)', () =>
        readActive(store, written.cookieHeader, now()),
      ),
      await measure(
        `Redis store: read, ${REDIS_CONCURRENCY} in flight`,
        () => readActive(store, written.cookieHeader, now()),
        REDIS_CONCURRENCY,
      ),
    ];
    return {
      rows,
      sizes: {
        cookieBytes: written.cookies.reduce((sum, c) => sum + Buffer.byteLength(c), 0),
        redisValueBytes: value?.length ?? 0,
      },
    };
  } finally {
    await closeRedisClient(client);
    await server.stop();
  }
}

/**
 * redis-server as `npm test` finds it: REDIS_SERVER, then PATH, then test/provision-redis.sh (which
 * may install it with apt-get when run as root). Never silently skipped: a missing one is a row that
 * says what to run.
 */
function provisionRedis(log: (line: string) => void): { path: string } | { notMeasured: string } {
  const named = process.env.REDIS_SERVER ?? 'redis-server';
  if (spawnSync(named, ['--version']).status === 0) return { path: named };
  log('  redis-server not found; trying test/provision-redis.sh');
  const provisioned = spawnSync('bash', ['test/provision-redis.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const path = provisioned.stdout.trim();
  if (provisioned.status === 0 && path) return { path };
  return {
    notMeasured:
      'not measured: redis-server is missing and could not be provisioned. Run `sudo apt-get install -y redis-server` ' +
      '(or `bash test/provision-redis.sh` as root), or set REDIS_SERVER to a redis-server binary, then `npm run bench -- --only session`.',
  };
}

/**
 * Runs `op` for MEASURE_MS after a warm-up, `concurrency` at a time; ops/s and per-op latency. `op`
 * gets a running count, for operations that take a different input each time.
 */
async function measure(
  operation: string,
  op: (i: number) => Promise<unknown>,
  concurrency = 1,
): Promise<CodecRow> {
  let count = 0;
  for (let i = 0; i < WARMUP_OPS; i++) await op(count++);
  const times: number[] = [];
  const started = performance.now();
  const end = started + MEASURE_MS;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await op(count++);
      times.push((performance.now() - t) * 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return {
    operation,
    opsPerSec: (times.length / elapsed) * 1000,
    p50Us: percentile(times, 50),
    p99Us: percentile(times, 99),
    ops: times.length,
  };
}

export function sessionCodecMarkdown(result: SessionCodecResult): string {
  const s = result.session;
  const redis =
    'notMeasured' in result.redisStore
      ? `Redis store: ${result.redisStore.notMeasured}`
      : `Redis store: the cookie holds ${fmt(result.redisStore.cookieBytes)} bytes (Set-Cookie line); Redis holds ${fmt(result.redisStore.redisValueBytes)} bytes per session.`;
  return [
    '## Session codec',
    `The largest real session: ${s.scopes} scopes, user fields ${s.userFields.join(', ')}, access token ${fmt(s.accessTokenChars)} chars, refresh token ${fmt(s.refreshTokenChars)} chars (${fmt(s.jsonBytes)} bytes of JSON).`,
    `Cookie store: sealed ${fmt(result.cookieStore.sealedBytes)} bytes in ${result.cookieStore.cookies} cookie(s), ${fmt(result.cookieStore.setCookieBytes)} bytes of Set-Cookie with attributes. ${redis}`,
    table(
      ['operation', 'ops/s', 'p50 µs', 'p99 µs'],
      result.rows.map((r) =>
        r.opsPerSec === null
          ? [r.operation, 'not measured', '—', r.note ?? '']
          : [r.operation, fmt(r.opsPerSec), fmt(r.p50Us, 1), fmt(r.p99Us, 1)],
      ),
    ),
    `One at a time unless stated, ${MEASURE_MS / 1000} s each after ${WARMUP_OPS} warm-up operations, in the bench process.`,
  ].join('\n\n');
}
