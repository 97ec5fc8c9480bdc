import type { MiddlewareHandler } from 'hono';
import { invalidRequest } from '../errors.ts';

const BODILESS = new Set(['GET', 'HEAD']);

/**
 * GET and HEAD take no body anywhere here. A body sent anyway is refused whether it is announced by
 * Content-Length or streamed chunked: the Node adapter hands the app no body for these methods, so a
 * chunked one would otherwise pass unseen while a Content-Length one was refused. Two framings that
 * are treated differently are how request smuggling starts; one rule for both closes that class.
 */
export function refuseBodyOnGet(): MiddlewareHandler {
  return async (c, next) => {
    if (BODILESS.has(c.req.method)) {
      const length = c.req.header('content-length');
      if (c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0')) {
        throw invalidRequest(`A ${c.req.method} request takes no body.`);
      }
    }
    await next();
  };
}
