import { abortableDelay } from '../abortable-delay.ts';
import type { ClientRecord } from '../clients.ts';
import type { FakeContext } from '../context.ts';
import type { UserRecord } from '../demo-data.ts';
import { type AccessTokenRecord, takeFault } from '../state.ts';
import { ApiProblem, bearerToken, findActiveToken, problem } from './access.ts';

// A small route table for the partner API: method + path pattern + who may call it (token kind and
// scopes, any one of them). One catch-all MSW handler feeds it, so every request is counted, faults
// and the CDN cookie apply uniformly, and unknown paths get Thumbtack's 404 instead of MSW's
// "unhandled request".

export type TokenKind = 'user' | 'app';

export interface Access {
  kind: TokenKind;
  /** Any one of these is enough. */
  scopes: readonly string[];
}

export interface ApiCall {
  ctx: FakeContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  token: AccessTokenRecord;
  client: ClientRecord;
  /** The signed-in person for user tokens; null for client-credentials tokens. */
  user: UserRecord | null;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /v4, e.g. '/businesses/:businessID/reviews'. */
  path: string;
  access: readonly Access[];
  handle(call: ApiCall): Response | Promise<Response>;
}

/** Thumbtack IDs are int64 rendered as numeric strings. */
const ID_PATTERN = /^\d{1,19}$/;

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = got[index] ?? '';
    if (part.startsWith(':')) {
      if (actual.length === 0) return null;
      params[part.slice(1)] = actual;
    } else if (part !== actual) {
      return null;
    }
  }
  return params;
}

/**
 * Like the CDN in front of the real API, every response carries a bot-management cookie of its own.
 * A BFF must never hand it to the browser.
 */
function withCdnCookie(response: Response, ctx: FakeContext): Response {
  const headers = new Headers(response.headers);
  const value = `${crypto.randomUUID().replace(/-/g, '')}-${Math.floor(ctx.clock.now() / 1000)}-1.0.1.1`;
  headers.append('Set-Cookie', `__cf_bm=${value}; Path=/; HttpOnly`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function createApiDispatcher(ctx: FakeContext, routes: readonly ApiRoute[]) {
  const basePath = new URL(ctx.apiBase).pathname.replace(/\/$/, '');

  async function dispatch(request: Request): Promise<Response> {
    ctx.state.stats.api += 1;
    const fault = takeFault(ctx.state, 'api');
    // Ends early if the client gives up meanwhile; the handler then answers nobody (index.ts).
    if (fault?.latencyMs) await abortableDelay(fault.latencyMs, request.signal);
    if (fault?.status) {
      return problem(
        fault.status,
        'injected fault',
        fault.status === 429 ? { 'Retry-After': '1' } : undefined,
      );
    }
    const url = new URL(request.url);
    const rest = url.pathname.slice(basePath.length);
    // Paths are served under /api/v4 and, as some docs and clients write them, /v4 (docs/thumbtack/environments.md#api-path-prefix).
    const path = rest.startsWith('/api/v4/')
      ? rest.slice('/api/v4'.length)
      : rest.startsWith('/v4/')
        ? rest.slice('/v4'.length)
        : null;
    if (path === null) return problem(404, 'route not found');
    const candidates = routes
      .map((route) => ({ route, params: matchPath(route.path, path) }))
      .filter((c): c is { route: ApiRoute; params: Record<string, string> } => c.params !== null);
    if (candidates.length === 0) return problem(404, 'route not found');
    const found = candidates.find((c) => c.route.method === request.method);
    if (!found) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return problem(405, `method ${request.method} not allowed`, { Allow: allow });
    }
    const { route, params } = found;
    const token = findActiveToken(ctx, request);
    if (!token) {
      return problem(401, bearerToken(request) ? 'token is not active' : 'no access token provided', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const kind: TokenKind = token.userID ? 'user' : 'app';
    const allowed = route.access.some(
      (a) => a.kind === kind && a.scopes.some((s) => token.scopes.includes(s)),
    );
    if (!allowed) {
      const required = [...new Set(route.access.flatMap((a) => a.scopes))];
      return problem(401, `required scope(s) [${required.join(' ')}] not found`);
    }
    for (const [name, value] of Object.entries(params)) {
      if (name.endsWith('ID') && !ID_PATTERN.test(value))
        return problem(400, `${name} must be a numeric string`);
    }
    const client = ctx.state.clients.get(token.clientID);
    if (!client) return problem(401, 'token is not active');
    const user = token.userID ? (ctx.state.world.users.get(token.userID) ?? null) : null;
    try {
      return await route.handle({ ctx, request, url, params, token, client, user });
    } catch (error) {
      if (error instanceof ApiProblem) return problem(error.status, error.message);
      throw error;
    }
  }

  return async (request: Request): Promise<Response> => withCdnCookie(await dispatch(request), ctx);
}
