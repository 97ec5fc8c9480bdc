import { api } from '../../../lib/api-client';

// GET /api/v4/businesses (docs/thumbtack/api.md#businesses): the businesses of the connected pro. The types
// are written by hand; test/contract/spa-fake-types.ts keeps them honest against the fake's BusinessV4 and
// BusinessListV4.
export type Business = { businessID: string; name: string; imageURL?: string };

export type BusinessList = { data: Business[]; pagination?: { limit?: number } };

export async function getBusinesses(signal?: AbortSignal): Promise<Business[]> {
  const page = await api.get<BusinessList>('/api/v4/businesses', signal ? { signal } : {});
  return page.data ?? [];
}
