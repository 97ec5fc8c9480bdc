import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { type AppDeps, createApp } from './app.ts';
import { type Config, ConfigError, parseConfig } from './config.ts';
import { AppError } from './errors.ts';
import type { AppEnv } from './http/app-env.ts';
import { closeRedisClient, createRedisClient } from './session/ioredis-client.ts';

export const DEFAULT_STATIC_DIR = 'dist/web';

export interface NodeServerOptions {
  /** Answers some requests before the BFF does (the mock entry mounts the fake Thumbtack with it). */
  mount?: (request: Request) => Promise<Response | undefined>;
  fetch?: AppDeps['fetch'];
  /** Where the built SPA is; `false` serves none (dev, where Vite serves it). */
  staticDir?: string | false;
  hostname?: string;
}

/** With SESSION_STORE=redis: one ioredis client per server, made from REDIS_URL, closed with it. */
function sessionRedis(config: Config) {
  if (config.sessionStore.kind !== 'redis') return undefined;
  let lastLogged = 0;
  return createRedisClient(config.sessionStore.url, {
    // One line per 30 s at most while Redis is down; requests meanwhile answer 503 on their own.
    onError: (error) => {
      if (Date.now() - lastLogged < 30_000) return;
      lastLogged = Date.now();
      console.error(
        JSON.stringify({ level: 'warn', msg: 'session store (Redis) unreachable', cause: error.message }),
      );
    },
  });
}

/**
 * Serves the SPA and the BFF on one origin. Known files come from the built SPA; any other GET for a
 * page falls back to index.html so deep links work; /auth, /api and /healthz belong to the BFF.
 */
export function startNodeServer(config: Config, options: NodeServerOptions = {}) {
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  if (staticDir !== false && !existsSync(resolve(staticDir, 'index.html'))) {
    throw new Error(`The SPA is not built (${staticDir}/index.html is missing). Run: npm run build`);
  }
  const redis = sessionRedis(config);
  const app = createApp(config, {
    redis,
    fetch: options.fetch,
    connectionIp: (c) => getConnInfo(c).remote.address,
    staticAssets: staticDir === false ? undefined : spaAssets(staticDir),
  });
  const root = new Hono();
  if (options.mount) {
    const mount = options.mount;
    root.all('/__thumbtack/*', async (c, next) => (await mount(c.req.raw)) ?? next());
  }
  root.route('/', app);
  const server = serve({ fetch: root.fetch, port: config.port, hostname: options.hostname ?? '0.0.0.0' });
  const close = async () => {
    await new Promise<void>((done) => {
      server.close(() => done());
      // Idle keep-alive sockets would hold close() open.
      (server as ServerType & { closeAllConnections?: () => void }).closeAllConnections?.();
    });
    if (redis) await closeRedisClient(redis);
  };
  return { server, close, url: config.publicOrigin };
}

function spaAssets(root: string): MiddlewareHandler<AppEnv> {
  const files = serveStatic<AppEnv>({
    root,
    onFound: (path, c) => {
      // Hashed build assets never change; the HTML that names them must always be fresh.
      c.header(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // The SPA's shell, read once: every page address that is not a file gets it, so deep links work.
  const shell = readFileSync(resolve(root, 'index.html'), 'utf8');
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/api/') || path.startsWith('/auth/') || path.startsWith('/__thumbtack/'))
      return next();
    const served = await files(c, async () => {});
    if (served) return served;
    // A missing file with an extension is a 404, not the SPA: a stale asset link should fail loudly.
    if (/\.[a-z0-9]+$/i.test(path)) throw new AppError('not_found', 404, 'There is nothing here.');
    c.header('Cache-Control', 'no-cache');
    return c.html(shell);
  };
}

/** `npm run serve`: staging or production. Mocked-network mode is composed by `npm start` instead. */
async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (config.env === 'mock') {
    console.error('THUMBTACK_ENV is mock (or unset): run `npm start`, which mounts the fake Thumbtack.');
    process.exit(1);
  }
  const { close } = startNodeServer(config);
  console.error(`Thumbtack partner console (${config.env}) listening on ${config.publicOrigin}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().then(() => process.exit(0)));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
