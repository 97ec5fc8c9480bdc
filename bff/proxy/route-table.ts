import type { Side } from '../thumbtack/scopes.ts';

/**
 * The proxy's whole surface, reviewed like code: a request that matches no row never leaves the BFF.
 * Paths mirror Thumbtack's `/api/v4/...`; `:name` segments are Thumbtack IDs (numeric strings of 1 to
 * 19 digits, an int64), checked before anything is sent. The upstream URL is built from the
 * configured API base, the row's pattern and the checked values, never from the request's own URL.
 * Scopes: any one of them suffices (docs/thumbtack/scopes.md#scope-catalogue, docs/thumbtack/api.md#endpoints). `token: 'app'` rows use the
 * partner's client-credentials token and need no signed-in person.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryRule = RegExp;

export interface ProxyRoute {
  readonly id: string;
  readonly side: Side;
  readonly method: Method;
  readonly path: string;
  readonly token: 'user' | 'app';
  readonly scopes: readonly string[];
  readonly query: Readonly<Record<string, QueryRule>>;
  /** Largest JSON body accepted, in bytes; 0 means the route takes no body. */
  readonly bodyLimit: number;
  readonly timeoutMs: number;
  /**
   * Where the partner's `utm_source` goes, set by the BFF from config whatever the browser sent:
   * the `utmData[utm_source]` query key, or `utmData.utm_source` in the JSON body.
   */
  readonly utm?: 'query' | 'body';
}

const KB = 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

const Q = {
  limit: /^\d{1,3}$/,
  offset: /^\d{1,7}$/,
  dateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
  zipCode: /^\d{5}$/,
  searchQuery: /^[^\u0000-\u001f\u007f]{1,200}$/,
  recommendationType: /^[A-Za-z]{1,32}$/,
  propertyType: /^[A-Za-z_-]{1,32}$/,
} as const;

const PHONE_READ = [
  'supply::businesses/associate-phone-numbers.read',
  'supply::associate-phone-numbers.read',
];
const PHONE_WRITE = [
  'supply::businesses/associate-phone-numbers.write',
  'supply::associate-phone-numbers.write',
];

type Row = Omit<ProxyRoute, 'query' | 'bodyLimit' | 'timeoutMs'> &
  Partial<Pick<ProxyRoute, 'query' | 'bodyLimit' | 'timeoutMs'>>;

const row = (r: Row): ProxyRoute => ({
  query: {},
  bodyLimit: r.method === 'POST' || r.method === 'PUT' ? 16 * KB : 0,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  ...r,
});

export const ROUTES: readonly ProxyRoute[] = [
  // ---- supply side: a pro's businesses, leads, messages, reviews, webhooks, phone numbers ----
  row({
    id: 'supply.users.self',
    side: 'supply',
    method: 'GET',
    path: '/v4/users/self',
    token: 'user',
    scopes: ['supply::users.read'],
  }),
  row({
    id: 'supply.businesses.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses',
    token: 'user',
    scopes: ['supply::businesses.list'],
  }),
  row({
    id: 'supply.negotiations.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses/:businessID/negotiations',
    token: 'user',
    scopes: ['supply::negotiations.read'],
    query: { limit: Q.limit, offset: Q.offset },
  }),
  row({
    id: 'supply.negotiations.read',
    side: 'supply',
    method: 'GET',
    path: '/v4/negotiations/:negotiationID',
    token: 'user',
    scopes: ['supply::negotiations.read'],
  }),
  row({
    id: 'supply.negotiations.job-status',
    side: 'supply',
    method: 'POST',
    path: '/v4/negotiations/:negotiationID/job-status',
    token: 'user',
    scopes: ['supply::negotiations.write'],
    bodyLimit: 4 * KB,
  }),
  row({
    id: 'supply.messages.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/negotiations/:negotiationID/messages',
    token: 'user',
    scopes: ['supply::messages.read'],
    query: { limit: Q.limit, sentBefore: Q.dateTime, sentAfter: Q.dateTime },
  }),
  // Message text may be 16384 characters of up to 4 UTF-8 bytes each, plus JSON framing.
  row({
    id: 'supply.messages.send',
    side: 'supply',
    method: 'POST',
    path: '/v4/negotiations/:negotiationID/messages',
    token: 'user',
    scopes: ['supply::messages.write'],
    bodyLimit: 72 * KB,
  }),
  row({
    id: 'supply.reviews.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses/:businessID/reviews',
    token: 'user',
    scopes: ['supply::businesses.list'],
    query: { limit: Q.limit, offset: Q.offset },
  }),
  row({
    id: 'supply.reviews.respond',
    side: 'supply',
    method: 'POST',
    path: '/v4/businesses/:businessID/reviews/:reviewID/response',
    token: 'user',
    scopes: ['supply::businesses.list'],
    bodyLimit: 24 * KB,
  }),
  row({
    id: 'supply.webhooks.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses/:businessID/webhooks',
    token: 'user',
    scopes: ['supply::webhooks.read'],
  }),
  row({
    id: 'supply.webhooks.create',
    side: 'supply',
    method: 'POST',
    path: '/v4/businesses/:businessID/webhooks',
    token: 'user',
    scopes: ['supply::webhooks.write'],
  }),
  row({
    id: 'supply.webhooks.test',
    side: 'supply',
    method: 'POST',
    path: '/v4/businesses/:businessID/webhooks/test-negotiation',
    token: 'user',
    scopes: ['supply::webhooks.write'],
    bodyLimit: 4 * KB,
  }),
  row({
    id: 'supply.webhooks.read',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses/:businessID/webhooks/:webhookID',
    token: 'user',
    scopes: ['supply::webhooks.read'],
  }),
  row({
    id: 'supply.webhooks.update',
    side: 'supply',
    method: 'PUT',
    path: '/v4/businesses/:businessID/webhooks/:webhookID',
    token: 'user',
    scopes: ['supply::webhooks.write'],
  }),
  row({
    id: 'supply.webhooks.delete',
    side: 'supply',
    method: 'DELETE',
    path: '/v4/businesses/:businessID/webhooks/:webhookID',
    token: 'user',
    scopes: ['supply::webhooks.write'],
  }),
  row({
    id: 'supply.phone-numbers.list',
    side: 'supply',
    method: 'GET',
    path: '/v4/businesses/:businessID/associate-phone-numbers',
    token: 'user',
    scopes: PHONE_READ,
  }),
  row({
    id: 'supply.phone-numbers.create',
    side: 'supply',
    method: 'POST',
    path: '/v4/businesses/:businessID/associate-phone-numbers',
    token: 'user',
    scopes: PHONE_WRITE,
  }),
  row({
    id: 'supply.phone-numbers.bulk-create',
    side: 'supply',
    method: 'POST',
    path: '/v4/businesses/:businessID/associate-phone-numbers-bulk-create',
    token: 'user',
    scopes: PHONE_WRITE,
    bodyLimit: 64 * KB,
  }),
  row({
    id: 'supply.phone-numbers.update',
    side: 'supply',
    method: 'PUT',
    path: '/v4/businesses/:businessID/associate-phone-numbers/:phoneNumberID',
    token: 'user',
    scopes: PHONE_WRITE,
  }),
  row({
    id: 'supply.phone-numbers.delete',
    side: 'supply',
    method: 'DELETE',
    path: '/v4/businesses/:businessID/associate-phone-numbers/:phoneNumberID',
    token: 'user',
    scopes: PHONE_WRITE,
  }),

  // ---- demand side: marketplace browsing with the app token, a customer's own requests and threads ----
  row({
    id: 'demand.users.self',
    side: 'demand',
    method: 'GET',
    path: '/v4/users/self',
    token: 'user',
    scopes: ['demand::users.read'],
  }),
  row({
    id: 'demand.keywords.search',
    side: 'demand',
    method: 'GET',
    path: '/v4/keywords/search',
    token: 'app',
    scopes: ['demand::keywords.read'],
    query: { searchQuery: Q.searchQuery, limit: Q.limit },
  }),
  row({
    id: 'demand.categories.recommendations',
    side: 'demand',
    method: 'GET',
    path: '/v4/categories/recommendations',
    token: 'app',
    scopes: ['demand::categories.read'],
    query: {
      zipCode: Q.zipCode,
      recommendationType: Q.recommendationType,
      limit: Q.limit,
    },
    utm: 'query',
  }),
  row({
    id: 'demand.categories.homecare',
    side: 'demand',
    method: 'GET',
    path: '/v4/categories/homecare',
    token: 'app',
    scopes: ['demand::categories.read'],
    query: { zipCode: Q.zipCode, propertyType: Q.propertyType },
    utm: 'query',
  }),
  row({
    id: 'demand.categories.request-form',
    side: 'demand',
    method: 'GET',
    path: '/v4/categories/:categoryID/request-form',
    token: 'app',
    scopes: ['demand::categories/request-form.read'],
  }),
  row({
    id: 'demand.businesses.search',
    side: 'demand',
    method: 'POST',
    path: '/v4/businesses/search',
    token: 'app',
    scopes: ['demand::businesses/search.read'],
    timeoutMs: 15_000,
    utm: 'body',
  }),
  row({
    id: 'demand.reviews.list',
    side: 'demand',
    method: 'GET',
    path: '/v4/businesses/:businessID/reviews',
    token: 'app',
    scopes: ['demand::businesses/reviews.read'],
    query: { limit: Q.limit, offset: Q.offset },
  }),
  row({
    id: 'demand.requests.create',
    side: 'demand',
    method: 'POST',
    path: '/v4/requests',
    token: 'user',
    scopes: ['demand::requests.write'],
    bodyLimit: 64 * KB,
    timeoutMs: 15_000,
    utm: 'body',
  }),
  row({
    id: 'demand.negotiations.read',
    side: 'demand',
    method: 'GET',
    path: '/v4/negotiations/:negotiationID',
    token: 'user',
    scopes: ['demand::negotiations.read'],
  }),
  row({
    id: 'demand.messages.list',
    side: 'demand',
    method: 'GET',
    path: '/v4/negotiations/:negotiationID/messages',
    token: 'user',
    scopes: ['demand::messages.read'],
    query: { limit: Q.limit, sentBefore: Q.dateTime, sentAfter: Q.dateTime },
  }),
  row({
    id: 'demand.messages.send',
    side: 'demand',
    method: 'POST',
    path: '/v4/negotiations/:negotiationID/messages',
    token: 'user',
    scopes: ['demand::messages.write'],
    bodyLimit: 72 * KB,
  }),
  row({
    id: 'demand.webhooks.list',
    side: 'demand',
    method: 'GET',
    path: '/v4/users/webhooks',
    token: 'user',
    scopes: ['demand::webhooks.read'],
  }),
  row({
    id: 'demand.webhooks.create',
    side: 'demand',
    method: 'POST',
    path: '/v4/users/webhooks',
    token: 'user',
    scopes: ['demand::webhooks.write'],
  }),
  row({
    id: 'demand.webhooks.read',
    side: 'demand',
    method: 'GET',
    path: '/v4/users/webhooks/:webhookID',
    token: 'user',
    scopes: ['demand::webhooks.read'],
  }),
  row({
    id: 'demand.webhooks.update',
    side: 'demand',
    method: 'PUT',
    path: '/v4/users/webhooks/:webhookID',
    token: 'user',
    scopes: ['demand::webhooks.write'],
  }),
  row({
    id: 'demand.webhooks.delete',
    side: 'demand',
    method: 'DELETE',
    path: '/v4/users/webhooks/:webhookID',
    token: 'user',
    scopes: ['demand::webhooks.write'],
  }),
];

/** Thumbtack IDs are int64 rendered as strings. */
const ID = /^\d{1,19}$/;

export type RouteMatch =
  | { kind: 'match'; route: ProxyRoute; params: Record<string, string> }
  /** A route's shape, but a value in an ID position is not a Thumbtack ID: 400. */
  | { kind: 'bad-param'; route: ProxyRoute; param: string }
  /** The path is known but not for this method: 405. */
  | { kind: 'method'; allowed: Method[] }
  | { kind: 'none' };

/**
 * Matches a request path (after `/api`) against the rows of one side. Segments are compared raw:
 * an encoded slash or a dot segment is just a segment that equals no literal and is no ID.
 */
export function matchRoute(routes: readonly ProxyRoute[], method: string, path: string): RouteMatch {
  const segments = path.split('/');
  const allowed: Method[] = [];
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments, true);
    if (!params) continue;
    if (route.method === method) return { kind: 'match', route, params };
    allowed.push(route.method);
  }
  if (allowed.length > 0) return { kind: 'method', allowed };
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path.split('/'), segments, false);
    if (!params) continue;
    const param = Object.entries(params).find(([, value]) => !ID.test(value))?.[0];
    if (param) return { kind: 'bad-param', route, param };
  }
  return { kind: 'none' };
}

function matchPath(pattern: string[], segments: string[], strictIds: boolean) {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(':')) {
      if (strictIds ? !ID.test(s) : s.length === 0) return undefined;
      params[p.slice(1)] = s;
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

/** The upstream path: the row's pattern with checked IDs put back in. */
export function buildPath(route: ProxyRoute, params: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || !ID.test(value)) throw new Error(`missing path parameter ${name}`);
    return value;
  });
}

/** The rows of one side, with timeouts capped where the operator asked for shorter ones. */
export function routesFor(side: Side, timeoutCapMs?: number): readonly ProxyRoute[] {
  return ROUTES.filter((r) => r.side === side).map((r) =>
    timeoutCapMs === undefined ? r : { ...r, timeoutMs: Math.min(r.timeoutMs, timeoutCapMs) },
  );
}
