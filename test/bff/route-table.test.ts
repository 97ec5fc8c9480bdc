import { describe, expect, it } from 'vitest';
import { buildPath, matchRoute, ROUTES, routesFor } from '../../bff/proxy/route-table.ts';

const supply = routesFor('supply');
const demand = routesFor('demand');

describe('the proxy route table', () => {
  it('has unique ids and one row per side, method and path', () => {
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    const keys = ROUTES.map((r) => `${r.side} ${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names at least one scope, a timeout and a sane body limit on every row', () => {
    for (const route of ROUTES) {
      expect(route.scopes.length, route.id).toBeGreaterThan(0);
      expect(route.timeoutMs, route.id).toBeGreaterThan(0);
      expect(route.bodyLimit === 0, route.id).toBe(route.method === 'GET' || route.method === 'DELETE');
      for (const scope of route.scopes) expect(scope.startsWith(`${route.side}::`), route.id).toBe(true);
    }
  });

  it('matches a path and extracts its IDs', () => {
    const m = matchRoute(supply, 'GET', '/v4/negotiations/519153480500518912/messages');
    expect(m).toMatchObject({
      kind: 'match',
      route: { id: 'supply.messages.list' },
      params: { negotiationID: '519153480500518912' },
    });
  });

  it('prefers the literal test-negotiation row over a webhook id', () => {
    expect(matchRoute(supply, 'POST', '/v4/businesses/1/webhooks/test-negotiation')).toMatchObject({
      kind: 'match',
      route: { id: 'supply.webhooks.test' },
    });
  });

  it('answers "method" for a known path with another method', () => {
    expect(matchRoute(supply, 'DELETE', '/v4/businesses')).toEqual({ kind: 'method', allowed: ['GET'] });
  });

  it('answers "bad-param" for a route shape with a non-numeric ID', () => {
    expect(matchRoute(supply, 'GET', '/v4/negotiations/abc')).toMatchObject({
      kind: 'bad-param',
      param: 'negotiationID',
    });
    expect(matchRoute(supply, 'GET', `/v4/negotiations/${'1'.repeat(20)}`)).toMatchObject({
      kind: 'bad-param',
    });
  });

  it.each([
    '/v4/unknown',
    '/v4/businesses/',
    '/v4//businesses',
    '/v4/businesses/1/negotiations/extra',
    '/v4/businesses%2F1%2Fnegotiations',
    '/v4/keywords/search',
  ])('does not match %s on the supply side', (path) => {
    expect(matchRoute(supply, 'GET', path).kind).toMatch(/none|bad-param/);
  });

  it('keeps sides apart: demand rows are not reachable from a supply console', () => {
    expect(matchRoute(supply, 'POST', '/v4/requests')).toEqual({ kind: 'none' });
    expect(matchRoute(demand, 'GET', '/v4/businesses')).toEqual({ kind: 'none' });
  });

  it('builds the upstream path from the pattern and checked values only', () => {
    const route = ROUTES.find((r) => r.id === 'supply.webhooks.read');
    if (!route) throw new Error('row missing');
    expect(buildPath(route, { businessID: '12', webhookID: '34' })).toBe('/v4/businesses/12/webhooks/34');
    expect(() => buildPath(route, { businessID: '../x', webhookID: '34' })).toThrow();
  });
});
