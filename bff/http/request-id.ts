import type { MiddlewareHandler } from 'hono';

const WELL_FORMED = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Gives every request an id that appears in its log line, its error body and its upstream call, so
 * a person's "requestId" leads straight to what happened. A well-formed incoming X-Request-Id (from a
 * load balancer) is kept; anything else is replaced.
 */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && WELL_FORMED.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
