import { SpanStatusCode } from '@opentelemetry/api';
import type { Context } from 'hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { authRoutes } from './auth/auth-routes.ts';
import { type Config, ConfigError } from './config.ts';
import { AppError, errorResponse } from './errors.ts';
import type { AppEnv } from './http/app-env.ts';
import { refuseBodyOnGet } from './http/bodiless-requests.ts';
import { requireCsrf } from './http/csrf.ts';
import { createLogger, type Log } from './http/logger.ts';
import { clientIpResolver, type Limiter, RateLimiter } from './http/rate-limit.ts';
import { requestId } from './http/request-id.ts';
import { requestPath } from './http/request-path.ts';
import { label } from './http/route-label.ts';
import { securityHeaders, securityHeaderValues } from './http/security-headers.ts';
import {
  methodLabel,
  noMetrics,
  noTelemetry,
  parentContext,
  statusLabel,
  type Telemetry,
} from './http/telemetry.ts';
import { type LiveHub, LocalLiveHub } from './live/live-hub.ts';
import { liveRoutes } from './live/live-routes.ts';
import { WebhookAuthority } from './live/webhook-credentials.ts';
import { webhookRoutes } from './live/webhook-routes.ts';
import { AppTokenCache, type AppTokens } from './oauth/app-token.ts';
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
  /** Aborted when the entry begins to drain: long-lived responses (the live event stream) end. */
  closing?: AbortSignal;
  /**
   * Carries live events between instances (the Node entry's Redis bus, the edge's Durable Objects).
   * Default: in memory, for one process.
   */
  liveHub?: LiveHub;
  /** Metrics and traces (the Node entry: prom-client and OpenTelemetry); default none. */
  telemetry?: Telemetry;
  /** How often an open event stream sends a heartbeat and checks its session (default 15 s). */
  liveHeartbeatMs?: number;
  /**
   * The session store an entry brings (the edge's Durable Objects, for SESSION_STORE=durable-object),
   * made with the app's key ring. Cookie and Redis stores the app makes itself.
   */
  sessionStore?: (ring: Promise<KeyRing>, lifetimes: Config['session']) => SessionStore;
  /** The application token's source (default: an in-process cache; the edge: a Durable Object). */
  appTokens?: (endpoint: TokenEndpoint) => AppTokens;
  /** Rate limiters (default: in memory per process; the edge: Durable Objects, across isolates). */
  limiter?: (perMinute: number) => Limiter;
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
  const telemetry = deps.telemetry ?? noTelemetry;
  const log: Log = createLogger(config.logLevel, deps.logSink ?? ((line) => console.log(line)));
  const ring = createKeyRing(config.sessionSecrets);
  const tokenEndpoint: TokenEndpoint = {
    tokenUrl: config.thumbtack.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch,
    userAgent: USER_AGENT,
    timeoutMs: Math.min(TOKEN_TIMEOUT_MS, config.upstreamTimeoutCapMs ?? TOKEN_TIMEOUT_MS),
    metrics: telemetry.metrics,
  };
  const sessions = createSessions(config, deps, ring, tokenEndpoint, nowSeconds, telemetry);
  const standardHeaders = securityHeaderValues(config.publicOrigin);
  const limiter = deps.limiter ?? ((perMinute: number) => new RateLimiter(perMinute, nowMs));
  const clientIp = clientIpResolver(config.trustedProxyHeader, deps.connectionIp ?? (() => undefined));

  const app = new Hono<AppEnv>();
  // A request id from a client is adopted only when a trusted proxy in front of us writes headers.
  app.use(requestId(config.trustedProxyHeader !== undefined));
  app.use(requestTelemetry(log, telemetry, nowMs, config.trustedProxyHeader !== undefined));
  app.use(securityHeaders(standardHeaders));
  app.use(refuseBodyOnGet());
  app.onError((err, c) => errorResponse(c, err, log));
  app.notFound((c) => errorResponse(c, new AppError('not_found', 404, 'There is nothing here.'), log));

  // Liveness: the process answers. Readiness: it can serve sessions and is not draining.
  app.get('/healthz', label('healthz'), (c) => {
    c.header('Cache-Control', 'no-store');
    return draining() ? c.json({ ok: false, draining: true }, 503) : c.json({ ok: true });
  });
  app.get('/readyz', label('readyz'), async (c) => {
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
      authLimiter: limiter(config.rateLimits.authPerMinute),
      clientIp,
      partnerApi,
      telemetry,
      nowSeconds,
      log,
    }),
  );
  mountLiveUpdates(app, config, {
    sessions,
    partnerApi,
    standardHeaders,
    clientIp,
    log,
    nowMs,
    nowSeconds,
    hub: deps.liveHub,
    closing: deps.closing,
    heartbeatMs: deps.liveHeartbeatMs,
    limiter,
    telemetry,
  });
  app.use('/api/*', requireCsrf(config.publicOrigin));
  app.route(
    '/api',
    proxyRoutes({
      routes: routesFor(config.side, config.upstreamTimeoutCapMs),
      apiBase: config.thumbtack.apiBase,
      appScopes: config.appScopes,
      utmSource: config.utmSource,
      sessions,
      appTokens:
        config.appScopes.length === 0
          ? undefined
          : (deps.appTokens?.(tokenEndpoint) ?? new AppTokenCache(tokenEndpoint, nowSeconds)),
      appLimiter: limiter(config.rateLimits.appPerMinute),
      clientIp,
      partnerApi,
      telemetry,
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
 * Live updates (docs/live-updates.md): Thumbtack's deliveries at /webhooks/thumbtack, the pro's
 * subscriptions and event stream at /live/*. Off without WEBHOOK_SECRET, and on the demand side.
 */
function mountLiveUpdates(
  app: Hono<AppEnv>,
  config: Config,
  deps: {
    sessions: SessionService;
    partnerApi: PartnerApiTransport;
    standardHeaders: Readonly<Record<string, string>>;
    clientIp: ReturnType<typeof clientIpResolver>;
    log: Log;
    nowMs: () => number;
    nowSeconds: () => number;
    hub: LiveHub | undefined;
    closing: AbortSignal | undefined;
    heartbeatMs: number | undefined;
    limiter: (perMinute: number) => Limiter;
    telemetry: Telemetry;
  },
) {
  if (!config.webhookSecret || config.side !== 'supply') {
    const unavailable = () => {
      throw new AppError(
        'live_updates_unavailable',
        404,
        config.side === 'supply'
          ? 'Live updates are not set up on this console (WEBHOOK_SECRET).'
          : 'Live updates are for pros; this console is the marketplace side.',
      );
    };
    app.all('/webhooks/*', unavailable);
    app.use('/live/*', requireCsrf(config.publicOrigin));
    app.all('/live/*', unavailable);
    return;
  }
  const authority = new WebhookAuthority(config.webhookSecret);
  const hub = deps.hub ?? new LocalLiveHub(deps.nowMs);
  app.route(
    '/webhooks',
    webhookRoutes({
      authority,
      hub,
      limiter: deps.limiter(config.rateLimits.webhookPerMinute),
      clientIp: deps.clientIp,
      log: deps.log,
      metrics: deps.telemetry.metrics,
    }),
  );
  app.use('/live/*', requireCsrf(config.publicOrigin));
  app.route(
    '/live',
    liveRoutes({
      sessions: deps.sessions,
      partnerApi: deps.partnerApi,
      apiBase: config.thumbtack.apiBase,
      authority,
      hub,
      webhookUrl: `${config.publicOrigin}/webhooks/thumbtack`,
      standardHeaders: deps.standardHeaders,
      closing: deps.closing,
      nowSeconds: deps.nowSeconds,
      heartbeatMs: deps.heartbeatMs,
      telemetry: deps.telemetry,
    }),
  );
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
  telemetry: Telemetry,
): SessionService {
  if (config.sessionStore.kind === 'durable-object') {
    if (!deps.sessionStore) {
      throw new ConfigError([
        'SESSION_STORE: durable-object needs the Cloudflare Workers entry with a SESSIONS Durable Object binding (on Node use cookie or redis)',
      ]);
    }
    return new SessionService(
      deps.sessionStore(ring, config.session),
      new TokenRefresher(tokenEndpoint, nowSeconds),
      config.session,
      nowSeconds,
      { telemetry, store: 'durable-object' },
    );
  }
  if (config.sessionStore.kind === 'cookie') {
    return new SessionService(
      new CookieSessionStore(ring, config.session),
      new TokenRefresher(tokenEndpoint, nowSeconds),
      config.session,
      nowSeconds,
      { telemetry, store: 'cookie' },
    );
  }
  if (!deps.redis) {
    throw new ConfigError([
      'SESSION_STORE: redis needs a Redis client, and this runtime gave the app none (the Node entry creates one from REDIS_URL; on the edge use SESSION_STORE=cookie or durable-object)',
    ]);
  }
  const store: SessionStore = new RedisSessionStore(ring, config.session, deps.redis);
  const coordinator = new RedisRefreshCoordinator(deps.redis, ring, nowSeconds);
  return new SessionService(
    store,
    new TokenRefresher(tokenEndpoint, nowSeconds, coordinator),
    config.session,
    nowSeconds,
    { telemetry, store: 'redis' },
  );
}

/** The paths the BFF answers (everything else is the SPA or the mount of mocked-network mode). */
const SERVER_PATHS = ['/api/', '/auth/', '/live/', '/webhooks/'];

/** Longest path a request log line keeps (unmatched paths are logged as sent). */
const MAX_LOGGED_PATH = 200;

/**
 * Each request's telemetry: its trace span (a child of a trusted proxy's traceparent, else a root),
 * its latency in the request histogram, and one log line for the BFF's own paths (id, route, status,
 * upstream status, latency; never the query string). Labels are route ids, never raw paths.
 */
function requestTelemetry(
  log: Log,
  telemetry: Telemetry,
  nowMs: () => number,
  trustProxy: boolean,
): MiddlewareHandler<AppEnv> {
  const logging = log.enabled('info');
  // Nothing to record (no metrics, no tracing, LOG_LEVEL above info): not even the clock is read.
  if (!logging && telemetry.metrics === noMetrics && !telemetry.tracer) return async (_c, next) => next();
  return async (c, next) => {
    const start = nowMs();
    const span = telemetry.tracer?.startSpan(
      `${c.req.method} request`,
      { attributes: { 'http.request.method': c.req.method, 'request.id': c.get('requestId') } },
      parentContext(trustProxy, (name) => c.req.header(name)),
    );
    c.set('span', span);
    try {
      await next();
    } finally {
      const status = c.res.status;
      const route = routeLabel(c);
      const seconds = (nowMs() - start) / 1000;
      telemetry.metrics.observe(
        'console_http_requests',
        { route, method: methodLabel(c.req.method), status: statusLabel(status) },
        seconds,
      );
      if (span) {
        span.updateName(`${c.req.method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      if (logging) {
        const path = requestPath(c);
        if (
          path !== '/healthz' &&
          path !== '/readyz' &&
          SERVER_PATHS.some((prefix) => path.startsWith(prefix))
        ) {
          log({
            level: 'info',
            msg: 'request',
            requestId: c.get('requestId'),
            method: c.req.method,
            route: (c.get('route') as string | undefined) ?? truncate(path, MAX_LOGGED_PATH),
            status,
            upstreamStatus: c.get('upstreamStatus'),
            latencyMs: nowMs() - start,
          });
        }
      }
    }
  };
}

/** The route id the handler set, else a bounded name for what was asked. */
function routeLabel(c: Context<AppEnv>): string {
  const set = c.get('route') as string | undefined;
  if (set) return set;
  const path = requestPath(c);
  if (path.startsWith('/api/')) return 'api.not_allowed';
  if (SERVER_PATHS.some((prefix) => path.startsWith(prefix))) return 'unmatched';
  return c.res.status === 404 ? 'not_found' : 'spa';
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}
