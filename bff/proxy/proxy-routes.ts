import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError, invalidRequest, rateLimited, sessionExpired } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { ClientIp, Limiter } from '../http/rate-limit.ts';
import { readBodyText } from '../http/read-body.ts';
import { requestPath, requestQuery } from '../http/request-path.ts';
import { respond } from '../http/security-headers.ts';
import { inSpan, type Telemetry } from '../http/telemetry.ts';
import type { AppTokens } from '../oauth/app-token.ts';
import type { SessionData } from '../session/session-data.ts';
import type { SessionService } from '../session/session-service.ts';
import {
  callPartnerApi,
  type PartnerApiAnswer,
  type PartnerApiTransport,
  safeUpstreamMessage,
} from '../thumbtack/partner-api.ts';
import { buildPath, matchRoute, type ProxyRoute } from './route-table.ts';

export interface ProxyDeps {
  routes: readonly ProxyRoute[];
  apiBase: string;
  appScopes: readonly string[];
  utmSource: string | undefined;
  sessions: SessionService;
  appTokens: AppTokens | undefined;
  appLimiter: Limiter;
  clientIp: ClientIp;
  partnerApi: PartnerApiTransport;
  telemetry: Telemetry;
  /** Security headers for the responses the proxy builds itself (http/security-headers.ts). */
  standardHeaders: Readonly<Record<string, string>>;
}

/** Upstream statuses we relay to the browser as they are (4xx); the rest become 502. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `ANY /api/v4/...`: the allow-listed gateway. Order matters and is the point: route, parameters,
 * query, body, session, scope — every check that can refuse a request runs before Thumbtack is called.
 */
export function proxyRoutes(deps: ProxyDeps) {
  const app = new Hono<AppEnv>();
  app.all('/v4/*', async (c) => {
    const path = requestPath(c).slice('/api'.length);
    const match = matchRoute(deps.routes, c.req.method, path);
    if (match.kind === 'none') {
      throw new AppError('route_not_allowed', 404, 'This console does not offer that Thumbtack call.');
    }
    if (match.kind === 'method') {
      c.header('Allow', match.allowed.join(', '));
      throw new AppError('method_not_allowed', 405, `Use ${match.allowed.join(' or ')} for this call.`);
    }
    if (match.kind === 'bad-param') {
      throw invalidRequest(`${match.param} must be a Thumbtack ID (digits only).`);
    }
    const { route, params } = match;
    c.set('route', route.id);
    const query = withUtmQuery(checkedQuery(c, route), route, deps.utmSource);
    const body = withUtmBody(await checkedBody(c, route), route, deps.utmSource);
    const url = `${deps.apiBase}${buildPath(route, params)}${query}`;
    return route.token === 'app'
      ? callAsApp(c, deps, route, url, body)
      : callAsUser(c, deps, route, url, body);
  });
  return app;
}

async function callAsUser(
  c: Context<AppEnv>,
  deps: ProxyDeps,
  route: ProxyRoute,
  url: string,
  body?: string,
) {
  let session = await deps.sessions.fresh(c);
  requireScope(route, session.scopes);
  let response = await send(c, deps, route, url, session.accessToken, body);
  // Thumbtack says "refresh and retry once" on 401 (docs/thumbtack/errors.md#inactive-or-expired-token).
  if (response.status === 401 && session.refreshToken) {
    session = await deps.sessions.refresh(c, session);
    response = await send(c, deps, route, url, session.accessToken, body);
  }
  return relay(c, deps, response, session);
}

async function callAsApp(c: Context<AppEnv>, deps: ProxyDeps, route: ProxyRoute, url: string, body?: string) {
  const wait = await deps.appLimiter.hit(`app:${deps.clientIp(c)}`);
  if (wait > 0) {
    deps.telemetry.metrics.count('console_rate_limited_total', { bucket: 'app' });
    throw rateLimited(wait);
  }
  requireScope(route, deps.appScopes);
  const appTokens = deps.appTokens;
  if (!appTokens)
    throw new AppError('route_not_allowed', 404, 'This console does not offer that Thumbtack call.');
  let token = await appToken(c, deps, appTokens);
  let response = await send(c, deps, route, url, token, body);
  if (response.status === 401) {
    await appTokens.invalidate(deps.appScopes, token);
    token = await appToken(c, deps, appTokens);
    response = await send(c, deps, route, url, token, body);
  }
  return relay(c, deps, response, undefined);
}

function appToken(c: Context<AppEnv>, deps: ProxyDeps, cache: AppTokens): Promise<string> {
  return inSpan(
    deps.telemetry,
    c.get('span'),
    'oauth app token',
    { 'oauth.grant': 'client_credentials' },
    () => appTokenOrError(cache, deps.appScopes),
  );
}

async function appTokenOrError(cache: AppTokens, scopes: readonly string[]): Promise<string> {
  try {
    return await cache.get(scopes);
  } catch (cause) {
    throw new AppError(
      'thumbtack_unavailable',
      502,
      'Thumbtack did not grant the console access right now.',
      {
        cause,
      },
    );
  }
}

function send(
  c: Context<AppEnv>,
  deps: ProxyDeps,
  route: ProxyRoute,
  url: string,
  token: string,
  body?: string,
) {
  return callPartnerApi(deps.partnerApi, {
    url,
    method: route.method,
    accessToken: token,
    requestId: c.get('requestId') as string,
    timeoutMs: route.timeoutMs,
    body,
    observe: { telemetry: deps.telemetry, parent: c.get('span'), route: route.id },
  });
}

async function relay(
  c: Context<AppEnv>,
  deps: ProxyDeps,
  response: PartnerApiAnswer,
  session: SessionData | undefined,
) {
  c.set('upstreamStatus', response.status);
  const { text } = response;
  if (response.status >= 200 && response.status < 300) {
    if (response.status === 204 || text.length === 0) {
      return respond(c, deps.standardHeaders, null, 204, { 'Cache-Control': 'no-store' });
    }
    if (!isJson(text)) {
      throw new AppError('thumbtack_error', 502, 'Thumbtack sent an answer the console cannot read.');
    }
    // Only the body and our own headers go back: no upstream Set-Cookie or anything else. Built from
    // one plain object: no Headers object on the proxy's hot path (http/security-headers.ts).
    return respond(c, deps.standardHeaders, text, response.status, {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-store',
    });
  }
  const detail = safeUpstreamMessage(text);
  if (response.status === 401) {
    // Still 401 after a refresh: either a scope Thumbtack will not grant, or a grant that is gone.
    if (detail?.includes('required scope')) {
      throw new AppError(
        'insufficient_scope',
        403,
        `Your Thumbtack connection does not allow this (${detail}).`,
      );
    }
    if (session) {
      await deps.sessions.end(c);
      throw sessionExpired('Thumbtack rejected the access token after a refresh');
    }
    throw new AppError('thumbtack_error', 502, "Thumbtack rejected the console's own credentials.");
  }
  if (response.status >= 400 && response.status < 500) {
    if (response.status === 429) c.header('Retry-After', response.headers.get('retry-after') ?? '30');
    throw new AppError(
      'thumbtack_error',
      response.status as 400,
      detail ?? `Thumbtack answered ${response.status}.`,
    );
  }
  throw new AppError(
    'thumbtack_error',
    502,
    response.status >= 500
      ? 'Thumbtack had a problem answering. Try again shortly.'
      : 'Thumbtack sent an unexpected answer.',
  );
}

function requireScope(route: ProxyRoute, granted: readonly string[]) {
  if (route.scopes.some((s) => granted.includes(s))) return;
  throw new AppError(
    'insufficient_scope',
    403,
    `Your Thumbtack connection does not allow this. It needs one of: ${route.scopes.join(', ')}.`,
  );
}

/** Only the row's query keys, each once and well-formed, re-encoded by us. */
function checkedQuery(c: Context<AppEnv>, route: ProxyRoute): string {
  const raw = requestQuery(c);
  if (raw === '') return '';
  const incoming = new URLSearchParams(raw);
  const out = new URLSearchParams();
  for (const key of new Set(incoming.keys())) {
    const rule = route.query[key];
    if (!rule) throw invalidRequest(`Query parameter "${key}" is not accepted here.`);
    const values = incoming.getAll(key);
    if (values.length !== 1 || !rule.test(values[0] as string)) {
      throw invalidRequest(`Query parameter "${key}" has a value Thumbtack would not accept.`);
    }
    out.set(key, values[0] as string);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** A JSON body within the row's size limit, or nothing for routes that take none. */
async function checkedBody(c: Context<AppEnv>, route: ProxyRoute): Promise<string | undefined> {
  // GET and HEAD carry no body here at all (http/bodiless-requests.ts refuses any framing); not even
  // looking spares the proxy's hottest path from building the request body stream.
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return undefined;
  const declared = Number(c.req.header('content-length') ?? '0');
  if (route.bodyLimit === 0) {
    if (declared > 0) throw invalidRequest('This call takes no request body.');
    // A body sent without Content-Length (chunked) must be refused too, not silently dropped: the
    // rule "this call takes no body" cannot depend on the client declaring one (found by
    // test/bff/proxy/hardening.test.ts, DELETE with a streamed body).
    if ((await readBodyText(c.req.raw, 0, 'request body')) === undefined) {
      throw invalidRequest('This call takes no request body.');
    }
    return undefined;
  }
  if (declared > route.bodyLimit) throw tooLarge(route);
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw invalidRequest('Send the request body as JSON (Content-Type: application/json).');
  }
  const raw = await readBodyText(c.req.raw, route.bodyLimit, 'request body');
  if (raw === undefined) throw tooLarge(route);
  if (!isJson(raw)) throw invalidRequest('The request body is not valid JSON.');
  return raw;
}

function tooLarge(route: ProxyRoute) {
  return new AppError('payload_too_large', 413, `The request body is over ${route.bodyLimit} bytes.`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The partner's utm_source is ours to state (config), never the browser's. */
function withUtmQuery(query: string, route: ProxyRoute, utmSource: string | undefined): string {
  if (route.utm !== 'query' || !utmSource) return query;
  const params = new URLSearchParams(query);
  params.set('utmData[utm_source]', utmSource);
  return `?${params.toString()}`;
}

function withUtmBody(body: string | undefined, route: ProxyRoute, utmSource: string | undefined) {
  if (route.utm !== 'body' || !utmSource || body === undefined) return body;
  const data: unknown = JSON.parse(body);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalidRequest('The request body must be a JSON object.');
  }
  const record = data as Record<string, unknown>;
  const utm = typeof record.utmData === 'object' && record.utmData !== null ? record.utmData : {};
  return JSON.stringify({ ...record, utmData: { ...utm, utm_source: utmSource } });
}
