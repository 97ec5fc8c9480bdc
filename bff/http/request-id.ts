import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

const WELL_FORMED = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Gives every request an id that appears in its log line, its error body, its X-Request-Id response
 * header (security-headers.ts adds it) and its upstream call, so a person's "requestId" leads straight
 * to what happened. An incoming X-Request-Id is kept only when a trusted proxy in front of us wrote it
 * (`trustIncoming`, set with TRUSTED_PROXY_HEADER) and it is well formed; otherwise a client could
 * choose the id that our logs and Thumbtack's see, and forge or collide with another person's trail.
 */
export function requestId(trustIncoming: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = trustIncoming ? c.req.header('x-request-id') : undefined;
    c.set('requestId', incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID());
    await next();
  };
}
