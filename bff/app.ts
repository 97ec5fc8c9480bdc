import type { Context } from 'hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { authRoutes } from './auth/auth-routes.ts';
import { type Config, ConfigError } from './config.ts';
import { AppError, errorResponse } from './errors.ts';
import type { AppEnv } from './http/app-env.ts';
import { refuseBodyOnGet } from './http/bodiless-requests.ts';
import { requireCsrf } from './http/csrf.ts';
import { createLogger, type Log } from './http/logger.ts';
import { clientIpResolver, RateLimiter } from './http/rate-limit.ts';
import { requestId } from './http/request-id.ts';
import { requestPath } from './http/request-path.ts';
import { securityHeaders, securityHeaderValues } from './http/security-headers.ts';
import { AppTokenCache } from './oauth/app-token.ts';
import { remoteKeys } from './oauth/id-token.ts';
import { TokenRefresher } from './oauth/token-refresher.ts';
import type { TokenEndpoint } from './oauth/token-request.ts';
import { proxyRoutes } from './proxy/proxy-routes.ts';
import { routesFor } from './proxy/route-table.ts';
import { CookieSessionStore } from './session/cookie-session-store.ts';
import type { SessionRedisClient } from './session/redis-client.ts';
import { RedisRefreshCoordinator } from './session/redis-refresh-coordinator.ts';
import { RedisSessionStore } from './session/redis-session-store.ts';
import { createKeyRing, type KeyRing } from './session/seal.ts';
import { SessionService } from './session/session-service.ts';
import type { SessionStore } from './session/session-store.ts';
import {
  type FetchLike,
  fetchTransport,
  type PartnerApiTransport,
  USER_AGENT,
} from './thumbtack/partner-api.ts';

export interface AppDeps {
  /** How the BFF reaches Thumbtack. Default: the global fetch, looked up at call time. */
  fetch?: FetchLike;
  /**
   * How the BFF calls Thumbtack's partner API (the proxy's hot path). Default: through `fetch`. The
   * Node entry gives one on Node's own HTTP client.
   */
  partnerApi?: PartnerApiTransport;
  /** Clock in milliseconds. */
  now?: () => number;
  /** Where log lines go. Default: stdout. */
  logSink?: (line: string) => void;
  /** The runtime's view of the peer address, used when no trusted proxy header is configured. */
  connectionIp?: (c: Context<AppEnv>) => string | undefined;
  /** Serves the built SPA (Node entry); absent in tests and on the edge, where assets are served apart. */
  staticAssets?: MiddlewareHandler;
  /**
   * Required when `config.sessionStore` is redis: a client (the Node entry makes one with
   * ioredis from REDIS_URL and closes it on shutdown). The app never creates or closes it.
   */
  redis?: SessionRedisClient;
  /**
   * True once the entry has begun a graceful shutdown: /healthz and /readyz then answer 503, so a
   * load balancer stops sending traffic while requests in flight finish.
   */
  draining?: () => boolean;
}

const TOKEN_TIMEOUT_MS = 10_000;

/**
 * Builds the BFF. Runtime-agnostic: it reads no environment and never listens; entries wire and serve it.
 */
export function createApp(config: Config, deps: AppDeps = {}) {
  const fetch: FetchLike = deps.fetch ?? ((request) => globalThis.fetch(request));
  const partnerApi = deps.partnerApi ?? fetchTransport(fetch);
  const nowMs = deps.now ?? Date.now;
  const nowSeconds = () => Math.floor(nowMs() / 1000);
  const draining = deps.draining ?? (() => false);
  const log: Log = createLogger(config.logLevel, deps.logSink ?? ((line) => console.log(line)));
  const ring = createKeyRing(config.sessionSecrets);
  const tokenEndpoint: TokenEndpoint = {
    tokenUrl: config.thumbtack.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch,
    userAgent: USER_AGENT,
    timeoutMs: Math.min(TOKEN_TIMEOUT_MS, config.upstreamTimeoutCapMs ?? TOKEN_TIMEOUT_MS),
  };
  const sessions = createSessions(config, deps, ring, tokenEndpoint, nowSeconds);
  const standardHeaders = securityHeaderValues(config.publicOrigin);
  const clientIp = clientIpResolver(config.trustedProxyHeader, deps.connectionIp ?? (() => undefined));

  const app = new Hono<AppEnv>();
  // A request id from a client is adopted only when a trusted proxy in front of us writes headers.
  app.use(requestId(config.trustedProxyHeader !== undefined));
  app.use(requestLog(log, nowMs));
  app.use(securityHeaders(standardHeaders));
  app.use(refuseBodyOnGet());
  app.onError((err, c) => errorResponse(c, err, log));
  app.notFound((c) => errorResponse(c, new AppError('not_found', 404, 'There is nothing here.'), log));

  // Liveness: the process answers. Readiness: it can serve sessions and is not draining.
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return draining() ? c.json({ ok: false, draining: true }, 503) : c.json({ ok: true });
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const store = await sessions.check().then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    const ready = store === 'ok' && !draining();
    return c.json({ ok: ready, draining: draining(), sessionStore: store }, ready ? 200 : 503);
  });
  app.route(
    '/auth',
    authRoutes({
      config,
      ring,
      sessions,
      tokenEndpoint,
      idTokenKeys: config.thumbtack.jwksUrl ? remoteKeys(config.thumbtack.jwksUrl, fetch) : undefined,
      authLimiter: new RateLimiter(config.rateLimits.authPerMinute, nowMs),
      clientIp,
      partnerApi,
      nowSeconds,
      log,
    }),
  );
  app.use('/api/*', requireCsrf(config.publicOrigin));
  app.route(
    '/api',
    proxyRoutes({
      routes: routesFor(config.side, config.upstreamTimeoutCapMs),
      apiBase: config.thumbtack.apiBase,
      appScopes: config.appScopes,
      utmSource: config.utmSource,
      sessions,
      appTokens: config.appScopes.length > 0 ? new AppTokenCache(tokenEndpoint, nowSeconds) : undefined,
      appLimiter: new RateLimiter(config.rateLimits.appPerMinute, nowMs),
      clientIp,
      partnerApi,
      standardHeaders,
    }),
  );
  app.all('/api/*', () => {
    throw new AppError('route_not_allowed', 404, 'This console does not offer that Thumbtack call.');
  });
  if (deps.staticAssets) app.get('*', deps.staticAssets);
  return app;
}

/**
 * The session store and, with Redis, refreshes coordinated across instances (one token request per
 * refresh token however many instances ask); with cookies the in-process single flight suffices.
 */
function createSessions(
  config: Config,
  deps: AppDeps,
  ring: Promise<KeyRing>,
  tokenEndpoint: TokenEndpoint,
  nowSeconds: () => number,
): SessionService {
  if (config.sessionStore.kind === 'cookie') {
    return new SessionService(
      new CookieSessionStore(ring, config.session),
      new TokenRefresher(tokenEndpoint, nowSeconds),
      config.session,
      nowSeconds,
    );
  }
  if (!deps.redis) {
    throw new ConfigError([
      'SESSION_STORE: redis needs a Redis client, and this runtime gave the app none (the Node entry creates one from REDIS_URL; on the edge use SESSION_STORE=cookie)',
    ]);
  }
  const store: SessionStore = new RedisSessionStore(ring, config.session, deps.redis);
  const coordinator = new RedisRefreshCoordinator(deps.redis, ring, nowSeconds);
  return new SessionService(
    store,
    new TokenRefresher(tokenEndpoint, nowSeconds, coordinator),
    config.session,
    nowSeconds,
  );
}

/** Longest path a request log line keeps (unmatched paths are logged as sent). */
const MAX_LOGGED_PATH = 200;

/** One line per request: id, route, status, upstream status, latency. Never the query string. */
function requestLog(log: Log, nowMs: () => number): MiddlewareHandler {
  // At LOG_LEVEL=warn and above there are no request lines: not even the clock is read for them.
  if (!log.enabled('info')) return async (_c, next) => next();
  return async (c, next) => {
    const start = nowMs();
    await next();
    const path = requestPath(c);
    if (path === '/healthz' || path === '/readyz') return;
    if (!(path.startsWith('/api/') || path.startsWith('/auth/'))) return;
    log({
      level: 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      route: (c.get('route') as string | undefined) ?? truncate(path, MAX_LOGGED_PATH),
      status: c.res.status,
      upstreamStatus: c.get('upstreamStatus'),
      latencyMs: nowMs() - start,
    });
  };
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}
