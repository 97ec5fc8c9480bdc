import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * The headers every response carries: security headers (the CSP allows no inline script at all, the
 * SPA is built without any, and no framing; HSTS only on https, where it means something) and the
 * request id. Computed once per app.
 */
export function securityHeaderValues(publicOrigin: string): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const values: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (publicOrigin.startsWith('https://')) {
    values['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  }
  return Object.freeze(values);
}

/**
 * The headers of a response a handler builds itself, in one plain object: the security headers, the
 * request id and the handler's own. Building the Response from a plain object spares the hot path
 * (the proxy) every Headers object; the middleware below then leaves that response alone.
 */
export function finalHeaders(
  c: Context<AppEnv>,
  standard: Readonly<Record<string, string>>,
  own: Record<string, string>,
): Record<string, string> {
  c.set('headersDone', true);
  return { ...standard, 'X-Request-Id': c.get('requestId'), ...own };
}

/**
 * A JSON (or empty) response with every header in one go. The fast way, a Response built from a plain
 * object, when nothing else was set on the context; otherwise through Hono, which merges the headers
 * already set there (a Set-Cookie from a refresh, say).
 */
export function respond(
  c: Context<AppEnv>,
  standard: Readonly<Record<string, string>>,
  body: string | null,
  status: number,
  own: Record<string, string>,
): Response {
  const headers = finalHeaders(c, standard, own);
  if (!c.get('headersPending')) return new Response(body, { status, headers });
  return body === null ? c.body(null, status as 200, headers) : c.body(body, status as 200, headers);
}

/** Adds the standard headers to every other response, keeping a Referrer-Policy a route chose. */
export function securityHeaders(standard: Readonly<Record<string, string>>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.get('headersDone')) return;
    const h = c.res.headers;
    for (const name in standard) {
      if (name === 'Referrer-Policy' && h.has(name)) continue;
      h.set(name, standard[name] as string);
    }
    h.set('X-Request-Id', c.get('requestId'));
  };
}
