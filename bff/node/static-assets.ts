import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';

/** Paths the BFF (or the mocked-network mount) answers; never the SPA's. */
const SERVER_PATHS = ['/api/', '/auth/', '/live/', '/webhooks/', '/__thumbtack/'];

/** Files of the build that are the edge platform's instructions, not the SPA's: never served. */
const PLATFORM_FILES = new Set(['/_headers', '/_redirects']);

/**
 * Serves the built SPA: known files from the build; any other GET for a page gets the SPA's shell
 * (read once), so deep links work. Hashed assets are immutable; the shell is never cached.
 */
export function spaAssets(root: string): MiddlewareHandler<AppEnv> {
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
  const shell = readFileSync(resolve(root, 'index.html'), 'utf8');
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (SERVER_PATHS.some((prefix) => path.startsWith(prefix))) return next();
    if (PLATFORM_FILES.has(path)) throw new AppError('not_found', 404, 'There is nothing here.');
    const served = await files(c, async () => {});
    if (served) return served;
    // A missing file with an extension is a 404, not the SPA: a stale asset link should fail loudly.
    if (/\.[a-z0-9]+$/i.test(path)) throw new AppError('not_found', 404, 'There is nothing here.');
    c.header('Cache-Control', 'no-cache');
    return c.html(shell);
  };
}
