import { api } from '../../../lib/api-client';
import type { Negotiation, Page } from './types';

// GET /api/v4/businesses/{id}/negotiations?limit&offset: one business's leads, newest first.
export function getBusinessNegotiations(
  businessId: string,
  page: { limit: number; offset?: number },
  signal?: AbortSignal,
): Promise<Page<Negotiation>> {
  return api.get<Page<Negotiation>>(`/api/v4/businesses/${encodeURIComponent(businessId)}/negotiations`, {
    query: { limit: page.limit, offset: page.offset ?? 0 },
    ...(signal ? { signal } : {}),
  });
}

// GET /api/v4/negotiations/{id}: one lead (pro side) or one conversation with a pro (customer side).
export function getNegotiation(negotiationId: string, signal?: AbortSignal): Promise<Negotiation> {
  return api.get<Negotiation>(
    `/api/v4/negotiations/${encodeURIComponent(negotiationId)}`,
    signal ? { signal } : {},
  );
}
