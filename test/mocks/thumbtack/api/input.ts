import type { z } from 'zod';
import type { BusinessRecord, NegotiationRecord } from '../demo-data.ts';
import { ApiProblem } from './access.ts';
import type { ApiCall } from './router.ts';

// Input checks shared by the API areas: JSON bodies parsed with zod, bounded integer query parameters,
// and ownership lookups that answer 404 (not 403) so nobody learns what exists in another account.

const MAX_BODY_BYTES = 64 * 1024;

export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!contentType.startsWith('application/json'))
    throw new ApiProblem(400, 'request body must be application/json');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiProblem(413, 'request body too large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiProblem(400, 'request body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ApiProblem(400, `invalid request body: ${where}${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function intParam(
  url: URL,
  name: string,
  bounds: { min: number; max: number; fallback: number },
): number {
  const values = url.searchParams.getAll(name);
  if (values.length === 0) return bounds.fallback;
  const value = values[0] ?? '';
  if (values.length > 1 || !/^\d+$/.test(value)) throw new ApiProblem(400, `${name} must be an integer`);
  const number = Number(value);
  if (number < bounds.min || number > bounds.max) {
    throw new ApiProblem(400, `${name} must be between ${bounds.min} and ${bounds.max}`);
  }
  return number;
}

export function requireUser(call: ApiCall) {
  if (!call.user) throw new ApiProblem(401, 'a user access token is required');
  return call.user;
}

/** A business the signed-in pro owns; anything else is "not found". */
export function ownBusiness(call: ApiCall, businessID: string): BusinessRecord {
  const user = requireUser(call);
  const business = call.ctx.state.world.businesses.get(businessID);
  if (!business || business.ownerUserID !== user.userID) throw new ApiProblem(404, 'business not found');
  return business;
}

/** A negotiation the caller is party to: the pro owning its business, or the customer who asked. */
export function readableNegotiation(call: ApiCall, negotiationID: string): NegotiationRecord {
  const user = requireUser(call);
  const record = call.ctx.state.world.negotiations.get(negotiationID);
  if (!record) throw new ApiProblem(404, 'negotiation not found');
  const business = call.ctx.state.world.businesses.get(record.negotiation.business.businessID);
  const isPro = call.client.side === 'supply' && business?.ownerUserID === user.userID;
  const isCustomer = call.client.side === 'demand' && record.customerUserID === user.userID;
  if (!isPro && !isCustomer) throw new ApiProblem(404, 'negotiation not found');
  return record;
}

export function param(call: ApiCall, name: string): string {
  const value = call.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}
