import type { BusinessRecord } from '../demo-data.ts';
import { intParam, ownBusiness, param, requireUser } from './input.ts';
import type { ApiRoute } from './router.ts';

// Businesses (pro profiles) and their leads (docs/thumbtack/api.md#businesses, docs/thumbtack/api.md#negotiations).

export function businessSummary(business: BusinessRecord) {
  return { businessID: business.businessID, name: business.name, imageURL: business.imageURL };
}

/** `next` is an absolute URL in the form the docs print for reviews: `{api}/v4/...` (docs/thumbtack/api.md#pagination). */
export function nextLink(
  apiBase: string,
  path: string,
  limit: number,
  offset: number,
  total: number,
): string | undefined {
  return offset + limit < total ? `${apiBase}/v4${path}?limit=${limit}&offset=${offset + limit}` : undefined;
}

export const businessRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/businesses',
    access: [{ kind: 'user', scopes: ['supply::businesses.list'] }],
    handle(call) {
      const user = requireUser(call);
      const data = [...call.ctx.state.world.businesses.values()]
        .filter((b) => b.ownerUserID === user.userID)
        .map(businessSummary);
      return Response.json({ data, pagination: { limit: 20 } });
    },
  },
  {
    method: 'GET',
    path: '/businesses/:businessID',
    access: [{ kind: 'user', scopes: ['supply::businesses.list'] }],
    handle(call) {
      return Response.json(businessSummary(ownBusiness(call, param(call, 'businessID'))));
    },
  },
  {
    method: 'GET',
    path: '/businesses/:businessID/negotiations',
    access: [{ kind: 'user', scopes: ['supply::negotiations.read'] }],
    handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      const limit = intParam(call.url, 'limit', { min: 1, max: 50, fallback: 20 });
      const offset = intParam(call.url, 'offset', { min: 0, max: 100_000, fallback: 0 });
      // Newest first, ties broken by ID so pages never overlap.
      const all = [...call.ctx.state.world.negotiations.values()]
        .filter((n) => n.negotiation.business.businessID === business.businessID)
        .map((n) => n.negotiation)
        .sort(
          (a, b) => b.createdAt.localeCompare(a.createdAt) || b.negotiationID.localeCompare(a.negotiationID),
        );
      const next = nextLink(
        call.ctx.apiBase,
        `/businesses/${business.businessID}/negotiations`,
        limit,
        offset,
        all.length,
      );
      return Response.json({
        data: all.slice(offset, offset + limit),
        pagination: { limit, offset, ...(next ? { next } : {}) },
      });
    },
  },
];
