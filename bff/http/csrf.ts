import type { MiddlewareHandler } from 'hono';
import { csrfRejected } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Our CSRF rule for /auth/session, /auth/logout, /auth/disconnect and /api/*:
 * - `X-CSRF: 1` on every call, GET included: a cross-site page cannot add a custom header without a
 *   CORS preflight, and we answer no preflight (no CORS headers at all).
 * - Unsafe methods also need `Origin` equal to our public origin, and `Sec-Fetch-Site: cross-site`
 *   is refused outright. (hono/csrf is not enough: it lets JSON bodies through unchecked.)
 */
export function requireCsrf(publicOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.header('x-csrf') !== '1') throw csrfRejected('missing X-CSRF header');
    if (c.req.header('sec-fetch-site') === 'cross-site') throw csrfRejected('cross-site request');
    if (!SAFE_METHODS.has(c.req.method) && c.req.header('origin') !== publicOrigin) {
      throw csrfRejected('origin not allowed');
    }
    await next();
  };
}
