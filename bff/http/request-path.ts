import type { Context } from 'hono';

/** Paths made only of these need no normalizing: no dot-segments, no escapes, nothing to re-encode. */
const PLAIN_PATH = /^\/[A-Za-z0-9_/-]*$/;

/**
 * The request's path as the WHATWG URL parser gives it (dot-segments resolved, escapes kept as sent),
 * which is what the route table and the logs must see. Parsing a whole URL costs on every proxied
 * call, so a plain path (the usual case) is read straight from the URL string; anything else is parsed.
 */
export function requestPath(c: Context): string {
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return new URL(url).pathname;
  const query = url.indexOf('?', start);
  const path = query === -1 ? url.slice(start) : url.slice(start, query);
  return PLAIN_PATH.test(path) ? path : new URL(url).pathname;
}

/** The raw query string without its `?`, or '' when there is none (no URL parse when there is none). */
export function requestQuery(c: Context): string {
  const url = c.req.url;
  const query = url.indexOf('?');
  if (query === -1) return '';
  const hash = url.indexOf('#', query);
  return hash === -1 ? url.slice(query + 1) : url.slice(query + 1, hash);
}
