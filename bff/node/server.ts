import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type AppDeps, createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { errorBody } from '../errors.ts';
import { closeRedisClient, createRedisClient } from './ioredis-client.ts';
import { bearerMatches, metricsText, startMetricsServer } from './metrics-endpoint.ts';
import { createNodePartnerApiTransport } from './partner-api-transport.ts';
import { RedisLiveHub } from './redis-live-bus.ts';
import { spaAssets } from './static-assets.ts';
import { createNodeTelemetry, type NodeTelemetry } from './telemetry.ts';

export const DEFAULT_STATIC_DIR = 'dist/web';

export interface NodeServerOptions {
  /** Answers some requests before the BFF does (the mock entry mounts the fake Thumbtack with it). */
  mount?: (request: Request) => Promise<Response | undefined>;
  fetch?: AppDeps['fetch'];
  /** Where the built SPA is; `false` serves none (dev, where Vite serves it). */
  staticDir?: string | false;
  /** Overrides `config.hosts`. */
  hosts?: readonly string[];
  logSink?: AppDeps['logSink'];
  liveHub?: AppDeps['liveHub'];
  /** Replaces the telemetry made from the configuration (tests: an in-memory span exporter). */
  telemetry?: NodeTelemetry;
}

export interface NodeServer {
  /** Resolves once every address is listening (rejects if the port is taken, say). */
  listening: Promise<void>;
  /** The addresses actually bound, e.g. ["127.0.0.1:3000", "[::1]:3000"]. */
  addresses(): string[];
  telemetry: NodeTelemetry;
  /** Requests being answered right now. */
  inFlight(): number;
  draining(): boolean;
  /**
   * Graceful shutdown: stop accepting, close idle keep-alive connections, let requests in flight
   * finish up to `config.server.shutdownTimeoutMs`, then close what is left. Idempotent.
   */
  close(): Promise<void>;
}

/** With SESSION_STORE=redis: one ioredis client per server, made from REDIS_URL, closed with it. */
function sessionRedis(config: Config, log: (line: string) => void) {
  if (config.sessionStore.kind !== 'redis') return undefined;
  let lastLogged = 0;
  return createRedisClient(config.sessionStore.url, {
    // One line per 30 s at most while Redis is down; requests meanwhile answer 503 on their own.
    onError: (error: Error) => {
      if (Date.now() - lastLogged < 30_000) return;
      lastLogged = Date.now();
      log(JSON.stringify({ level: 'warn', msg: 'session store (Redis) unreachable', cause: error.message }));
    },
  });
}

/**
 * Serves the SPA and the BFF on one origin, on every address in `config.hosts`, with Node's own
 * limits set so a slow client cannot hold a connection: the whole request (headers and body) must
 * arrive within SERVER_REQUEST_TIMEOUT_MS, the headers within SERVER_HEADERS_TIMEOUT_MS.
 */
export function startNodeServer(config: Config, options: NodeServerOptions = {}): NodeServer {
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  if (staticDir !== false && !existsSync(resolve(staticDir, 'index.html'))) {
    throw new Error(`The SPA is not built (${staticDir}/index.html is missing). Run: npm run build`);
  }
  const errorLog = (line: string) => console.error(line);
  const redis = sessionRedis(config, errorLog);
  // With Redis, live events reach the streams of every instance; its subscriber needs a connection of
  // its own. Without Redis, the app keeps them in memory (one process).
  const liveSubscriber = redis && config.webhookSecret ? redis.duplicate() : undefined;
  const redisHub = redis && liveSubscriber ? new RedisLiveHub(redis, liveSubscriber) : undefined;
  let draining = false;
  // Long-lived answers (the live event stream) end when the drain begins, or they would hold it open.
  const streamsClosing = new AbortController();
  // Node's own HTTP client for the partner API, unless the caller routes Thumbtack elsewhere (mocked-
  // network mode answers the fake's URLs in-process through its own fetch).
  const nodeTransport = options.fetch ? undefined : createNodePartnerApiTransport();
  const telemetry = options.telemetry ?? createNodeTelemetry(config);
  const app = createApp(config, {
    telemetry,
    redis,
    fetch: options.fetch,
    partnerApi: nodeTransport?.transport,
    logSink: options.logSink,
    connectionIp: (c) => getConnInfo(c).remote.address,
    staticAssets: staticDir === false ? undefined : spaAssets(staticDir),
    draining: () => draining,
    closing: streamsClosing.signal,
    liveHub: options.liveHub ?? redisHub,
  });
  const metricsToken = config.metrics.token;
  const mount = options.mount;
  // In front of the BFF, two things of the Node entry's own: /metrics on the public port (only with
  // METRICS_TOKEN, and then only with it), and the mount of mocked-network mode. Everything else is the
  // BFF's, unmatched paths and methods included (its not-found answer is the documented JSON error).
  const listener = getRequestListener(async (request: Request, env: unknown) => {
    const path = pathOf(request.url);
    if (
      metricsToken !== undefined &&
      path === '/metrics' &&
      (request.method === 'GET' || request.method === 'HEAD')
    ) {
      return metricsAnswer(request, metricsToken, telemetry);
    }
    if (mount && path.startsWith('/__thumbtack/')) {
      const mounted = await mount(request);
      if (mounted) return mounted;
    }
    return app.fetch(request, env);
  });

  let inFlight = 0;
  const settledWaiters = new Set<() => void>();
  const servers: Server[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    // While draining, every answer tells the client not to reuse the connection.
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (!draining) return;
      for (const server of servers) server.closeIdleConnections();
      if (inFlight === 0) for (const done of settledWaiters) done();
    });
    void listener(req, res);
  };

  const { headersTimeoutMs, requestTimeoutMs, shutdownTimeoutMs } = config.server;
  const serverOptions = {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    // Node checks the two limits above on this period (30 s by default): check often enough that a
    // limit of a few seconds means a few seconds.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
  };
  const hosts = options.hosts ?? config.hosts;
  redisHub?.start();
  // The metrics port, on the same addresses as the console's (loopback in mock mode).
  const metricsServer =
    config.metrics.port === undefined
      ? undefined
      : startMetricsServer(
          telemetry.registry,
          config.metrics.port,
          (options.hosts ?? config.hosts)[0] as string,
          metricsToken,
        );
  // Handled here so a failure is not an unhandled rejection before `listening` awaits it.
  metricsServer?.catch(() => undefined);
  const listening = Promise.all(
    hosts.map((host) => listen(createServer(serverOptions, onRequest), host, config.port, hosts.length > 1)),
  ).then(async (bound) => {
    for (const server of bound) if (server) servers.push(server);
    if (servers.length === 0) throw new Error(`could not listen on ${hosts.join(', ')}`);
    // A metrics port that cannot be bound fails the start as clearly as the main port would.
    await metricsServer;
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await listening.catch(() => undefined);
      draining = true;
      streamsClosing.abort();
      const stopped = Promise.all(
        servers.map((server) => new Promise<void>((done) => server.close(() => done()))),
      );
      for (const server of servers) server.closeIdleConnections();
      await new Promise<void>((done) => {
        if (inFlight === 0) return done();
        const timer = setTimeout(done, shutdownTimeoutMs);
        settledWaiters.add(() => {
          clearTimeout(timer);
          done();
        });
      });
      // The deadline passed (or nothing is left): whatever remains is cut.
      for (const server of servers) server.closeAllConnections();
      await stopped;
      if (liveSubscriber) await closeRedisClient(liveSubscriber);
      if (redis) await closeRedisClient(redis);
      await nodeTransport?.close();
      const metricsPort = await metricsServer?.catch(() => undefined);
      if (metricsPort) await new Promise((done) => metricsPort.close(done));
      await telemetry.close();
    })();
    return closing;
  };

  return {
    listening,
    addresses: () => servers.map((server) => formatAddress(server.address() as AddressInfo)),
    telemetry,
    inFlight: () => inFlight,
    draining: () => draining,
    close,
  };
}

/**
 * Listens on one address. With several (mock mode's 127.0.0.1 and ::1), an address this machine does
 * not have (no IPv6 loopback) is skipped rather than fatal.
 */
function listen(server: Server, host: string, port: number, optional: boolean): Promise<Server | undefined> {
  return new Promise((done, fail) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (optional && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'))
        return done(undefined);
      fail(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      done(server);
    });
  });
}

function formatAddress(address: AddressInfo): string {
  return address.family === 'IPv6'
    ? `[${address.address}]:${address.port}`
    : `${address.address}:${address.port}`;
}

/** The path of an absolute URL, without parsing the whole of it (this runs on every request). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.search(/[?#]/);
  return end === -1 || end < start ? url.slice(start) : url.slice(start, end);
}

/** GET /metrics on the public port: the Prometheus text to the bearer of METRICS_TOKEN, else 401. */
async function metricsAnswer(request: Request, token: string, telemetry: NodeTelemetry): Promise<Response> {
  const noStore = { 'Cache-Control': 'no-store' };
  if (!bearerMatches(request.headers.get('authorization') ?? undefined, token)) {
    return Response.json(errorBody('not_authenticated', 'Metrics need a token.', crypto.randomUUID()), {
      status: 401,
      headers: { ...noStore, 'WWW-Authenticate': 'Bearer' },
    });
  }
  const { body, contentType } = await metricsText(telemetry.registry);
  return new Response(request.method === 'HEAD' ? null : body, {
    headers: { ...noStore, 'Content-Type': contentType },
  });
}
