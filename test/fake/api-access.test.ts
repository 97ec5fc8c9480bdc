import { describe, expect, it } from 'vitest';
import { DEMAND_APP_SCOPES, DEMAND_USER_SCOPES, SUPPLY_SCOPES } from '../mocks/thumbtack/clients.ts';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { API, api, appToken, login, type Problem, startFake } from './fake-harness.ts';

// Who may call what: every route's scope rule (refused without it, accepted with only it), token kinds
// (client-credentials tokens only on catalogue routes), and the gateway's common behaviour.

const fake = startFake();

const [B1] = DEMO_ACCOUNTS.pro.businessIDs;
const LEAD = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
const CATEGORY = '109125193401647362';

interface RouteCase {
  method: string;
  path: string;
  scopes: string[];
  kind: 'supply' | 'demand' | 'app';
  json?: unknown;
}

const ROUTES: RouteCase[] = [
  {
    kind: 'supply',
    method: 'GET',
    path: '/users/self',
    scopes: ['supply::users.read', 'demand::users.read'],
  },
  {
    kind: 'demand',
    method: 'GET',
    path: '/users/self',
    scopes: ['supply::users.read', 'demand::users.read'],
  },
  {
    kind: 'supply',
    method: 'POST',
    path: '/users/disconnect',
    scopes: ['supply::users.disconnect', 'demand::users.disconnect'],
  },
  {
    kind: 'demand',
    method: 'POST',
    path: '/users/disconnect',
    scopes: ['supply::users.disconnect', 'demand::users.disconnect'],
  },
  { kind: 'demand', method: 'POST', path: '/users/webhooks', scopes: ['demand::webhooks.write'], json: {} },
  { kind: 'demand', method: 'GET', path: '/users/webhooks', scopes: ['demand::webhooks.read'] },
  { kind: 'demand', method: 'GET', path: '/users/webhooks/1', scopes: ['demand::webhooks.read'] },
  { kind: 'demand', method: 'PUT', path: '/users/webhooks/1', scopes: ['demand::webhooks.write'], json: {} },
  { kind: 'demand', method: 'DELETE', path: '/users/webhooks/1', scopes: ['demand::webhooks.write'] },
  { kind: 'supply', method: 'GET', path: '/businesses', scopes: ['supply::businesses.list'] },
  { kind: 'supply', method: 'GET', path: `/businesses/${B1}`, scopes: ['supply::businesses.list'] },
  {
    kind: 'supply',
    method: 'POST',
    path: `/businesses/${B1}/webhooks`,
    scopes: ['supply::webhooks.write'],
    json: {},
  },
  { kind: 'supply', method: 'GET', path: `/businesses/${B1}/webhooks`, scopes: ['supply::webhooks.read'] },
  { kind: 'supply', method: 'GET', path: `/businesses/${B1}/webhooks/1`, scopes: ['supply::webhooks.read'] },
  {
    kind: 'supply',
    method: 'PUT',
    path: `/businesses/${B1}/webhooks/1`,
    scopes: ['supply::webhooks.write'],
    json: {},
  },
  {
    kind: 'supply',
    method: 'DELETE',
    path: `/businesses/${B1}/webhooks/1`,
    scopes: ['supply::webhooks.write'],
  },
  {
    kind: 'supply',
    method: 'POST',
    path: `/businesses/${B1}/webhooks/test-negotiation`,
    scopes: ['supply::webhooks.write'],
  },
  {
    kind: 'supply',
    method: 'GET',
    path: `/negotiations/${LEAD}`,
    scopes: ['supply::negotiations.read', 'demand::negotiations.read'],
  },
  {
    kind: 'supply',
    method: 'GET',
    path: `/businesses/${B1}/negotiations`,
    scopes: ['supply::negotiations.read'],
  },
  {
    kind: 'supply',
    method: 'POST',
    path: `/negotiations/${LEAD}/job-status`,
    scopes: ['supply::negotiations.write'],
    json: {},
  },
  {
    kind: 'supply',
    method: 'GET',
    path: `/negotiations/${LEAD}/messages`,
    scopes: ['supply::messages.read', 'demand::messages.read'],
  },
  {
    kind: 'supply',
    method: 'POST',
    path: `/negotiations/${LEAD}/messages`,
    scopes: ['supply::messages.write', 'demand::messages.write'],
    json: {},
  },
  {
    kind: 'supply',
    method: 'GET',
    path: `/businesses/${B1}/reviews`,
    scopes: ['supply::businesses.list', 'demand::businesses/reviews.read'],
  },
  {
    kind: 'app',
    method: 'GET',
    path: `/businesses/${B1}/reviews`,
    scopes: ['supply::businesses.list', 'demand::businesses/reviews.read'],
  },
  {
    kind: 'supply',
    method: 'POST',
    path: `/businesses/${B1}/reviews/1/response`,
    scopes: ['supply::businesses.list'],
    json: {},
  },
  ...(['GET', 'POST'] as const).map(
    (method): RouteCase => ({
      kind: 'supply',
      method,
      path: `/businesses/${B1}/associate-phone-numbers`,
      scopes:
        method === 'GET'
          ? ['supply::businesses/associate-phone-numbers.read', 'supply::associate-phone-numbers.read']
          : ['supply::businesses/associate-phone-numbers.write', 'supply::associate-phone-numbers.write'],
      ...(method === 'POST' ? { json: {} } : {}),
    }),
  ),
  ...(['PUT', 'DELETE'] as const).map(
    (method): RouteCase => ({
      kind: 'supply',
      method,
      path: `/businesses/${B1}/associate-phone-numbers/1`,
      scopes: ['supply::businesses/associate-phone-numbers.write', 'supply::associate-phone-numbers.write'],
      ...(method === 'PUT' ? { json: {} } : {}),
    }),
  ),
  {
    kind: 'supply',
    method: 'POST',
    path: `/businesses/${B1}/associate-phone-numbers-bulk-create`,
    scopes: ['supply::businesses/associate-phone-numbers.write', 'supply::associate-phone-numbers.write'],
    json: {},
  },
  {
    kind: 'app',
    method: 'POST',
    path: '/businesses/search',
    scopes: ['demand::businesses/search.read'],
    json: {},
  },
  {
    kind: 'app',
    method: 'POST',
    path: '/businesses/search-filtered',
    scopes: ['demand::businesses/search.read'],
    json: {},
  },
  { kind: 'app', method: 'GET', path: '/keywords/search?searchQuery=tv', scopes: ['demand::keywords.read'] },
  { kind: 'app', method: 'GET', path: '/categories/recommendations', scopes: ['demand::categories.read'] },
  { kind: 'app', method: 'GET', path: '/categories/homecare', scopes: ['demand::categories.read'] },
  {
    kind: 'app',
    method: 'GET',
    path: `/categories/${CATEGORY}/request-form`,
    scopes: ['demand::categories/request-form.read'],
  },
  { kind: 'demand', method: 'POST', path: '/requests', scopes: ['demand::requests.write'], json: {} },
];

function allScopes(kind: RouteCase['kind']): readonly string[] {
  if (kind === 'supply') return SUPPLY_SCOPES;
  if (kind === 'demand') return DEMAND_USER_SCOPES;
  return DEMAND_APP_SCOPES;
}

async function tokenWith(kind: RouteCase['kind'], scopes: string[]): Promise<string> {
  if (kind === 'app') return appToken(scopes.join(' '));
  return (await login({ scope: scopes.join(' ') }, kind)).access_token;
}

function call(route: RouteCase, token: string) {
  return api(token, route.path, {
    method: route.method,
    ...(route.json !== undefined ? { json: route.json } : {}),
  });
}

describe('per-route scopes', () => {
  it.each(ROUTES.map((r) => [`${r.kind} ${r.method} ${r.path}`, r] as const))(
    '%s: 401 without its scope, accepted with only its scope',
    async (_label, route) => {
      const own = allScopes(route.kind).filter((s) => route.scopes.includes(s));
      const others = allScopes(route.kind).filter((s) => !route.scopes.includes(s));
      const refused = await call(route, await tokenWith(route.kind, others));
      expect(refused.status).toBe(401);
      const problem = (await refused.json()) as Problem;
      expect(problem).toMatchObject({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: `required scope(s) [${route.scopes.join(' ')}] not found`,
      });
      expect(problem.traceID).toMatch(/^[0-9a-f]{32}$/);
      const accepted = await call(route, await tokenWith(route.kind, own.slice(0, 1)));
      expect(accepted.status).not.toBe(401);
    },
  );

  it('the phone-number routes accept the older scope spelling too', async () => {
    const token = await tokenWith('supply', ['supply::associate-phone-numbers.read']);
    expect((await api(token, `/businesses/${B1}/associate-phone-numbers`)).status).toBe(200);
  });
});

describe('token kinds', () => {
  it('refuses a client-credentials token on user routes', async () => {
    const token = await appToken();
    for (const path of ['/users/self', '/businesses', `/negotiations/${LEAD}`]) {
      expect((await api(token, path)).status).toBe(401);
    }
    const request = await api(token, '/requests', { method: 'POST', json: {} });
    expect(request.status).toBe(401);
  });

  it('refuses a user token on client-credentials routes', async () => {
    const token = (await login({}, 'demand')).access_token;
    expect(
      (await api(token, '/categories/recommendations?zipCode=78704&utmData[utm_source]=cma-demo')).status,
    ).toBe(401);
    expect((await api(token, `/businesses/${B1}/reviews`)).status).toBe(401);
  });
});

describe('gateway behaviour', () => {
  it('answers a missing token with 401', async () => {
    const response = await api(null, '/users/self');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers an unknown or malformed token with 401 "token is not active"', async () => {
    for (const token of ['not-a-jwt', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.']) {
      const response = await api(token, '/users/self');
      expect(response.status).toBe(401);
      expect(((await response.json()) as Problem).detail).toBe('token is not active');
    }
  });

  it('does not accept a token signed by anyone but itself, even with the same claims', async () => {
    const token = (await login()).access_token;
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;
    expect((await api(forged, '/users/self')).status).toBe(401);
  });

  it('sets a CDN cookie on every API response, errors included', async () => {
    const token = (await login()).access_token;
    for (const response of [
      await api(token, '/users/self'),
      await api(null, '/users/self'),
      await api(token, '/nope'),
    ]) {
      expect(response.headers.get('set-cookie')).toMatch(/^__cf_bm=[\w.-]+; Path=\/; HttpOnly$/);
    }
  });

  it('serves the /v4 alias without /api', async () => {
    const token = (await login()).access_token;
    const response = await fetch(`${API}/v4/users/self`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it('answers unknown paths with a 404 problem and wrong methods with 405', async () => {
    const token = (await login()).access_token;
    const unknown = await api(token, '/users/someone-else');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Problem).title).toBe('Not Found');
    expect((await fetch(`${API}/api/v5/users/self`)).status).toBe(404);
    const wrong = await api(token, '/users/self', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers a non-numeric ID with 400', async () => {
    const token = (await login()).access_token;
    for (const path of ['/businesses/abc', `/negotiations/${LEAD}x`, '/businesses/12345678901234567890']) {
      const response = await api(token, path);
      expect(response.status).toBe(400);
    }
  });

  it('counts every API request, rejected ones included', async () => {
    const token = (await login()).access_token;
    await api(token, '/users/self');
    await api(null, '/users/self');
    await api(token, '/nope');
    await fetch(`${API}/v4/businesses`, { headers: { Authorization: `Bearer ${token}` } });
    expect(fake.control.stats().api).toBe(4);
  });
});
