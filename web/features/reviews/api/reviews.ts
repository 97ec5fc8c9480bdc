import { api } from '../../../lib/api-client';

// Review objects of GET /api/v4/businesses/{id}/reviews (docs/thumbtack/api.md#reviews). Written by hand;
// test/contract/spa-fake-types.ts keeps these types honest against the fake's ReviewV4, its page of reviews
// and ReviewResponseBodyV4.
export type Review = {
  reviewID: string;
  reviewText?: string;
  rating: number;
  createTime?: string;
  reviewerName?: string;
  responseText?: string;
  responseTime?: string;
  images?: { imageID: string; imageURL: string; caption?: string }[];
};

export type ReviewPage = { data: Review[]; pagination?: { limit?: number; offset?: number; next?: string } };

export type ReviewResponse = { responseText: string };

export const REVIEW_PAGE_SIZE = 10;

// The same route serves a pro's own reviews (their session) and a marketplace's view of any pro
// (the partner's app token); the BFF picks the token.
export function getReviews(
  businessId: string,
  page: { limit?: number; offset?: number } = {},
  signal?: AbortSignal,
): Promise<ReviewPage> {
  return api.get<ReviewPage>(`/api/v4/businesses/${encodeURIComponent(businessId)}/reviews`, {
    query: { limit: page.limit ?? REVIEW_PAGE_SIZE, offset: page.offset ?? 0 },
    ...(signal ? { signal } : {}),
  });
}

// POST /api/v4/businesses/{id}/reviews/{reviewID}/response: the business's public reply.
export function respondToReview(
  businessId: string,
  reviewId: string,
  responseText: string,
): Promise<unknown> {
  const body: ReviewResponse = { responseText };
  return api.post(
    `/api/v4/businesses/${encodeURIComponent(businessId)}/reviews/${encodeURIComponent(reviewId)}/response`,
    body,
  );
}
