import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { type AppDeps, createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { closeRedisClient, createRedisClient } from './ioredis-client.ts';
import { createNodePartnerApiTransport } from './partner-api-transport.ts';
import { spaAssets } from './static-assets.ts';

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
}

export interface NodeServer {
  /** Resolves once every address is listening (rejects if the port is taken, say). */
  listening: Promise<void>;
  /** The addresses actually bound, e.g. ["127.0.0.1:3000", "[::1]:3000"]. */
  addresses(): string[];
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
  let draining = false;
  // Node's own HTTP client for the partner API, unless the caller routes Thumbtack elsewhere (mocked-
  // network mode answers the fake's URLs in-process through its own fetch).
  const nodeTransport = options.fetch ? undefined : createNodePartnerApiTransport();
  const app = createApp(config, {
    redis,
    fetch: options.fetch,
    partnerApi: nodeTransport?.transport,
    logSink: options.logSink,
    connectionIp: (c) => getConnInfo(c).remote.address,
    staticAssets: staticDir === false ? undefined : spaAssets(staticDir),
    draining: () => draining,
  });
  const root = new Hono();
  if (options.mount) {
    const mount = options.mount;
    root.all('/__thumbtack/*', async (c, next) => (await mount(c.req.raw)) ?? next());
  }
  root.route('/', app);
  const listener = getRequestListener(root.fetch);

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
  const listening = Promise.all(
    hosts.map((host) => listen(createServer(serverOptions, onRequest), host, config.port, hosts.length > 1)),
  ).then((bound) => {
    for (const server of bound) if (server) servers.push(server);
    if (servers.length === 0) throw new Error(`could not listen on ${hosts.join(', ')}`);
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await listening.catch(() => undefined);
      draining = true;
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
      if (redis) await closeRedisClient(redis);
      await nodeTransport?.close();
    })();
    return closing;
  };

  return {
    listening,
    addresses: () => servers.map((server) => formatAddress(server.address() as AddressInfo)),
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
