import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../bff/proxy/route-table.ts';
import {
  DEMAND_APP_SCOPES,
  DEMAND_USER_SCOPES,
  STANDARD_SCOPES,
  SUPPLY_SCOPES,
} from '../../../bff/thumbtack/scopes.ts';
import type { Harness } from '../../support/console-harness.ts';
import {
  apiCalls,
  callRoute,
  defaultParams,
  errorOf,
  FIXTURES,
  fixtureFor,
  onSide,
  recordOutbound,
  toApi,
  trapOtherHosts,
} from './proxy-support.ts';

// Every row of the route table, generated from ROUTES: allowed with the side's scopes, allowed with
// each one of its scopes alone, refused (403, no upstream call) without any of them.

let h: Harness | undefined;

const without = (all: readonly string[], drop: readonly string[]) => all.filter((s) => !drop.includes(s));
type Route = (typeof ROUTES)[number];
/** Every scope a client of the row's side and token kind can hold. */
const catalogue = (route: Route): readonly string[] =>
  route.token === 'app' ? DEMAND_APP_SCOPES : route.side === 'supply' ? SUPPLY_SCOPES : DEMAND_USER_SCOPES;
/** Config granting exactly these side scopes (plus the standard ones a sign-in needs, for users). */
const scopeEnv = (route: Route, scopes: readonly string[]): Record<string, string> =>
  route.token === 'app'
    ? { THUMBTACK_APP_SCOPES: scopes.join(' ') }
    : { THUMBTACK_SCOPES: [...scopes, ...STANDARD_SCOPES].join(' ') };

describe('the route table fixtures', () => {
  it('has a fixture for every row, and none for rows that no longer exist', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });
});

describe.each(ROUTES.map((route) => [route.id, route] as const))('%s', (_, route) => {
  const fixture = fixtureFor(route);

  it(`${route.method} ${route.path} answers the fake's ${fixture.status} to a signed-in ${route.side} session`, async () => {
    const ctx = await onSide(route.side);
    h = ctx.h;
    const strays = trapOtherHosts(h);
    const outbound = recordOutbound(h);
    const res = await callRoute(ctx.browser, route, fixture);
    expect(res.status, await res.clone().text()).toBe(fixture.status);
    if (res.status !== 204) {
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toBeTypeOf('object');
    }
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The fake's CDN cookie is on every API answer; none reaches the browser.
    expect(res.headers.getSetCookie().filter((c) => !c.startsWith('__Host-tt-session'))).toEqual([]);
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    const calls = toApi(h, outbound);
    const last = calls.at(-1);
    expect(last?.method).toBe(route.method);
    expect(new URL(last?.url ?? 'x:').pathname.startsWith('/__thumbtack/api/api/v4/')).toBe(true);
    expect(strays).toEqual([]);
  });

  for (const scope of route.scopes) {
    it(`is allowed by ${scope} alone (any one of the row's scopes suffices)`, async () => {
      // App rows keep a signed-in person on the side too, so only the app scopes vary.
      const ctx = await onSide(route.side, scopeEnv(route, [scope, ...(fixture.setupScopes ?? [])]));
      h = ctx.h;
      const res = await callRoute(ctx.browser, route, fixture);
      expect(res.status, await res.clone().text()).toBe(fixture.status);
    });
  }

  it(`is refused with 403 insufficient_scope and no upstream call when the ${route.token} scopes lack ${route.scopes.join(' | ')}`, async () => {
    const remaining = without(catalogue(route), route.scopes);
    expect(remaining.length).toBeGreaterThan(0);
    const ctx = await onSide(route.side, scopeEnv(route, remaining));
    h = ctx.h;
    const session = await (await ctx.browser.request('/auth/session')).json();
    expect(session.authenticated).toBe(true);
    if (route.token === 'user') {
      for (const scope of route.scopes) expect(session.scopes).not.toContain(scope);
    }
    const outbound = recordOutbound(h);
    const before = h.fake.control.stats();
    const res = await callRoute(ctx.browser, route, fixture, { skipSetup: true });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe('insufficient_scope');
    for (const scope of route.scopes) expect(error.message).toContain(scope);
    expect(h.fake.control.stats()).toEqual(before);
    expect(toApi(h, outbound)).toEqual([]);
    expect(apiCalls(h)).toBe(before.api);
  });
});

describe('rows are bound to their side', () => {
  const otherSideOnly = ROUTES.filter(
    (r) => !ROUTES.some((o) => o.side !== r.side && o.method === r.method && o.path === r.path),
  );
  it.each(otherSideOnly.map((r) => [r.id, r] as const))(
    'a session of the other side cannot reach %s',
    async (_, route) => {
      const ctx = await onSide(route.side === 'supply' ? 'demand' : 'supply');
      h = ctx.h;
      const res = await callRoute(ctx.browser, route, fixtureFor(route), { skipSetup: true });
      expect([404, 405]).toContain(res.status);
      expect(apiCalls(h)).toBe(0);
    },
  );

  it('the default params cover every :name of every row', () => {
    for (const route of ROUTES) {
      const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
      for (const name of names)
        expect(defaultParams(route.side), `${route.id} :${name}`).toHaveProperty(name);
    }
  });
});
