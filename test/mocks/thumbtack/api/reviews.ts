import { z } from 'zod';
import { toRfc3339 } from '../time.ts';
import { ApiProblem } from './access.ts';
import { nextLink } from './businesses.ts';
import { intParam, ownBusiness, param, readJson } from './input.ts';
import type { ApiCall, ApiRoute } from './router.ts';

// Reviews of a business: the pro reads and answers their own; a marketplace app reads anyone's
// (docs/thumbtack/api.md#reviews; the supply scopes are a decision, see docs/decisions).

const ResponseSchema = z.object({ responseText: z.string().trim().min(1).max(5000) });

function reviewedBusiness(call: ApiCall): string {
  const businessID = param(call, 'businessID');
  if (call.user) return ownBusiness(call, businessID).businessID;
  if (!call.ctx.state.world.businesses.has(businessID)) throw new ApiProblem(404, 'business not found');
  return businessID;
}

export const reviewRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/businesses/:businessID/reviews',
    access: [
      { kind: 'user', scopes: ['supply::businesses.list'] },
      { kind: 'app', scopes: ['demand::businesses/reviews.read'] },
    ],
    handle(call) {
      const businessID = reviewedBusiness(call);
      const limit = intParam(call.url, 'limit', { min: 1, max: 50, fallback: 10 });
      const offset = intParam(call.url, 'offset', { min: 0, max: 100_000, fallback: 0 });
      const all = call.ctx.state.world.reviews.get(businessID) ?? [];
      const next = nextLink(call.ctx.apiBase, `/businesses/${businessID}/reviews`, limit, offset, all.length);
      return Response.json({
        data: all.slice(offset, offset + limit),
        pagination: { limit, offset, ...(next ? { next } : {}) },
      });
    },
  },
  {
    method: 'POST',
    path: '/businesses/:businessID/reviews/:reviewID/response',
    access: [{ kind: 'user', scopes: ['supply::businesses.list'] }],
    async handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      const review = (call.ctx.state.world.reviews.get(business.businessID) ?? []).find(
        (r) => r.reviewID === param(call, 'reviewID'),
      );
      if (!review) throw new ApiProblem(404, 'review not found');
      const body = await readJson(call.request, ResponseSchema);
      review.responseText = body.responseText;
      review.responseTime = toRfc3339(call.ctx.clock.now());
      return Response.json(review);
    },
  },
];
