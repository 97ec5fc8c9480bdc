import { http } from 'msw';
import type { ProxyRoute } from '../../../bff/proxy/route-table.ts';
import { CATEGORIES } from '../../mocks/thumbtack/catalogue.ts';
import { buildWorld } from '../../mocks/thumbtack/demo-data.ts';
import { DEMO_ACCOUNTS } from '../../mocks/thumbtack/index.ts';
import { createHarness, type Harness, signIn } from '../../support/console-harness.ts';
import type { HarnessScope } from '../../support/harness-lifecycle.ts';
import type { TestBrowser } from '../../support/test-browser.ts';

// Shared by the proxy suites: signing in on a side, the demo IDs each route needs, a valid request
// for every row of the route table, and recorders for what actually left the BFF.

export type Side = 'supply' | 'demand';

/**
 * A harness on one side, with a signed-in browser (unless `signedIn: false`). Closed when the test
 * that made it finishes, unless `scope: 'suite'` (then the suite closes it in afterAll).
 */
export async function onSide(
  side: Side,
  env: Record<string, string> = {},
  {
    signedIn = true,
    accessTokenTtlSeconds,
    scope,
  }: { signedIn?: boolean; accessTokenTtlSeconds?: number; scope?: HarnessScope } = {},
): Promise<{ h: Harness; browser: TestBrowser }> {
  const h = createHarness({ env: { MOCK_SIDE: side, ...env }, accessTokenTtlSeconds, scope });
  const browser = h.browser();
  if (signedIn) {
    const callback = await signIn(h, browser);
    if (callback.status !== 302 || callback.headers.get('location') !== '/') {
      h.close();
      throw new Error(`sign-in on the ${side} side ended with ${callback.status}`);
    }
  }
  return { h, browser };
}

export const apiCalls = (h: Harness) => h.fake.control.stats().api;

/** The `error` object of an answer in the error shape of architecture.md. */
export async function errorOf(res: Response): Promise<{ code: string; message: string; requestId: string }> {
  const body = (await res.clone().json()) as { error: { code: string; message: string; requestId: string } };
  return body.error;
}

// ---- demo IDs (IDs of the seeded world do not depend on its anchor day) ----

const WORLD = buildWorld(0);
const PRO = DEMO_ACCOUNTS.pro;
const CUSTOMER = DEMO_ACCOUNTS.customer;
const [ORTIZ_ID] = PRO.businessIDs;

function first<T>(list: readonly T[] | undefined, what: string): T {
  const value = list?.[0];
  if (value === undefined) throw new Error(`demo data has no ${what}`);
  return value;
}

export const IDS = {
  businessID: ORTIZ_ID,
  reviewedBusinessID: PRO.reviewedBusinessID,
  proNegotiationID: PRO.longThreadNegotiationID,
  customerNegotiationID: first(CUSTOMER.negotiationIDs, "customer's negotiation"),
  reviewID: first(WORLD.reviews.get(PRO.reviewedBusinessID), 'review').reviewID,
  phoneNumberID: first(WORLD.phoneNumbers.get(ORTIZ_ID), 'phone number').phoneNumberID,
  proWebhookID: first(
    [...WORLD.webhooks.values()].filter(
      (w) => w.owner.kind === 'business' && w.owner.businessID === ORTIZ_ID,
    ),
    'business webhook',
  ).webhookID,
  categoryID: first(CATEGORIES, 'category').categoryID,
  tvMountingCategoryID: first(
    CATEGORIES.filter((c) => c.name === 'TV Mounting'),
    'TV Mounting',
  ).categoryID,
} as const;

/** What the BFF adds to marketplace calls in mock mode (THUMBTACK_UTM_SOURCE's demo default). */
export const DEMO_UTM_SOURCE = 'cma-partner-console-demo';

// ---- one valid request per route ----

export interface RouteFixture {
  /** Path parameters beyond the defaults for the side, or made by calling the proxy first. */
  setup?: (browser: TestBrowser) => Promise<Record<string, string>>;
  query?: Record<string, string>;
  body?: (vars: Record<string, string>) => unknown;
  /** What the fake answers on success. */
  status: number;
  /** Scopes the setup itself needs, granted next to the row's own in the narrow-grant test. */
  setupScopes?: readonly string[];
}

const newWebhook = (eventType: string) => ({
  webhookURL: 'https://partner.example.com/thumbtack/hook',
  eventTypes: [eventType],
  enabled: false,
});

async function proxyJson(browser: TestBrowser, path: string, init: RequestInit = {}) {
  const res = await browser.request(path, {
    ...init,
    headers: init.body ? { 'Content-Type': 'application/json' } : {},
  });
  if (!res.ok) throw new Error(`setup call ${init.method ?? 'GET'} ${path} answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

async function demandWebhook(browser: TestBrowser) {
  const created = await proxyJson(browser, '/api/v4/users/webhooks', {
    method: 'POST',
    body: JSON.stringify(newWebhook('MessageCreatedV4')),
  });
  return { webhookID: String(created.webhookID) };
}

// No utm_source in queries or bodies: the BFF adds the partner's own (config), whatever the browser sends.
const SEARCH_BODY = { categoryID: IDS.tvMountingCategoryID, zipCode: '78704' };

/**
 * A request the fake accepts, per route id. A row added to the table without a fixture here still
 * gets its tests generated (IDs by name, no query, an empty JSON object as body) and they fail
 * until it gets one: no row goes untested.
 */
export const FIXTURES: Record<string, RouteFixture> = {
  'supply.users.self': { status: 200 },
  'supply.businesses.list': { status: 200 },
  'supply.negotiations.list': { query: { limit: '5', offset: '0' }, status: 200 },
  'supply.negotiations.read': { status: 200 },
  'supply.negotiations.job-status': { body: () => ({ status: 'job_complete' }), status: 200 },
  'supply.messages.list': { query: { limit: '5' }, status: 200 },
  'supply.messages.send': { body: () => ({ text: 'On my way.' }), status: 201 },
  'supply.reviews.list': { query: { limit: '10', offset: '10' }, status: 200 },
  'supply.reviews.respond': { body: () => ({ responseText: 'Thank you!' }), status: 200 },
  'supply.webhooks.list': { status: 200 },
  'supply.webhooks.create': { body: () => newWebhook('NegotiationCreatedV4'), status: 201 },
  'supply.webhooks.test': { body: () => ({}), status: 201 },
  'supply.webhooks.read': { status: 200 },
  'supply.webhooks.update': { body: () => ({ enabled: false }), status: 200 },
  'supply.webhooks.delete': { status: 204 },
  'supply.phone-numbers.list': { status: 200 },
  'supply.phone-numbers.create': {
    body: () => ({ phoneNumber: '+15125550100', name: 'Front desk' }),
    status: 201,
  },
  'supply.phone-numbers.bulk-create': {
    body: () => ({ phoneNumbers: [{ phoneNumber: '+15125550101', name: 'Crew A' }] }),
    status: 201,
  },
  'supply.phone-numbers.update': { body: () => ({ name: 'Renamed' }), status: 200 },
  'supply.phone-numbers.delete': { status: 204 },
  'demand.users.self': { status: 200 },
  'demand.keywords.search': { query: { searchQuery: 'tv', limit: '5' }, status: 200 },
  'demand.categories.recommendations': {
    query: { zipCode: '78704', recommendationType: 'popular', limit: '5' },
    status: 200,
  },
  'demand.categories.homecare': {
    query: { zipCode: '78704', propertyType: 'house' },
    status: 200,
  },
  'demand.categories.request-form': { status: 200 },
  'demand.businesses.search': { body: () => SEARCH_BODY, status: 200 },
  'demand.reviews.list': { query: { limit: '5' }, status: 200 },
  'demand.requests.create': {
    async setup(browser) {
      const search = await proxyJson(browser, '/api/v4/businesses/search', {
        method: 'POST',
        body: JSON.stringify(SEARCH_BODY),
      });
      const found = (search.data as { businessID: string }[])[0];
      if (!found) throw new Error('the search found no business');
      return { searchID: String(search.searchID), searchBusinessID: found.businessID };
    },
    body: (v) => ({
      searchID: v.searchID ?? '1',
      businessIDs: [v.searchBusinessID ?? '1'],
      categoryID: IDS.tvMountingCategoryID,
    }),
    status: 201,
  },
  'demand.negotiations.read': { status: 200 },
  'demand.messages.list': { query: { limit: '3' }, status: 200 },
  'demand.messages.send': { body: () => ({ text: 'Is Saturday fine?' }), status: 201 },
  'demand.webhooks.list': { status: 200 },
  'demand.webhooks.create': { body: () => newWebhook('MessageCreatedV4'), status: 201 },
  'demand.webhooks.read': {
    setup: demandWebhook,
    setupScopes: ['demand::webhooks.write'],
    status: 200,
  },
  'demand.webhooks.update': {
    setup: demandWebhook,
    body: () => ({ enabled: false }),
    status: 200,
  },
  'demand.webhooks.delete': { setup: demandWebhook, status: 204 },
};

export function fixtureFor(route: ProxyRoute): RouteFixture {
  return (
    FIXTURES[route.id] ?? {
      status: route.method === 'DELETE' ? 204 : 200,
      ...(route.bodyLimit > 0 ? { body: () => ({}) } : {}),
    }
  );
}

/** Default path parameters of a side, by name. */
export function defaultParams(side: Side): Record<string, string> {
  return {
    businessID: IDS.businessID,
    negotiationID: side === 'supply' ? IDS.proNegotiationID : IDS.customerNegotiationID,
    reviewID: IDS.reviewID,
    webhookID: IDS.proWebhookID,
    phoneNumberID: IDS.phoneNumberID,
    categoryID: IDS.categoryID,
  };
}

/** The browser-facing URL of a row: `/api` + its pattern with IDs filled in, plus the fixture's query. */
export function urlFor(route: ProxyRoute, vars: Record<string, string>, query?: Record<string, string>) {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`${route.id}: no value for :${name}; add it to the fixture`);
    return value;
  });
  const search = query ? new URLSearchParams(query).toString() : '';
  return `/api${path}${search ? `?${search}` : ''}`;
}

/** Sends the fixture's request for a row (after its setup) and returns the response. */
export async function callRoute(
  browser: TestBrowser,
  route: ProxyRoute,
  fixture: RouteFixture = fixtureFor(route),
  { skipSetup = false }: { skipSetup?: boolean } = {},
): Promise<Response> {
  const vars = {
    ...defaultParams(route.side),
    ...(fixture.setup && !skipSetup ? await fixture.setup(browser) : {}),
  };
  const body = fixture.body ? JSON.stringify(fixture.body(vars)) : undefined;
  return browser.request(urlFor(route, vars, fixture.query), {
    method: route.method,
    ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}),
  });
}

// ---- what left the BFF ----

export interface Outbound {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Records every request the BFF makes to any host (the fake's API, its auth server, anything else),
 * from msw's own event stream, so nothing that goes out is missed.
 */
export function recordOutbound(h: Harness): Outbound[] {
  const seen: Outbound[] = [];
  h.server.events.on('request:start', ({ request }) => {
    const entry: Outbound = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: '',
    };
    seen.push(entry);
    request
      .clone()
      .text()
      .then((text) => {
        entry.body = text;
      })
      .catch(() => {});
  });
  return seen;
}

/** Requests to the fake's partner API (the configured API base). */
export const toApi = (h: Harness, outbound: Outbound[]) =>
  outbound.filter((o) => o.url.startsWith(`${h.config.thumbtack.apiBase}/`));

/**
 * A catch-all placed in front of the fake: any request to a host or path outside the fake's three
 * bases is recorded and answered (so it would look like success), and the test then fails on the
 * record. Requests to the fake fall through to it.
 */
export function trapOtherHosts(h: Harness): string[] {
  const strays: string[] = [];
  const fakeBases = ['/__thumbtack/auth/', '/__thumbtack/api/', '/__thumbtack/control/'].map(
    (p) => `http://localhost${p}`,
  );
  h.server.use(
    http.all('*', ({ request }) => {
      if (fakeBases.some((b) => request.url.startsWith(b))) return undefined;
      strays.push(`${request.method} ${request.url}`);
      return Response.json({ reached: request.url });
    }),
  );
  return strays;
}
