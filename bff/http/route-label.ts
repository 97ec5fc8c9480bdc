import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Names the route for logs, metrics and traces before anything else runs on it (so a request refused
 * by CSRF or a rate limit is counted under its route too).
 */
export function label(route: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('route', route);
    await next();
  };
}
