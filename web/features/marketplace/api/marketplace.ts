import { api } from '../../../lib/api-client';
import type { Negotiation } from '../../leads/api/types';

// Marketplace (demand) calls, docs/thumbtack/api.md#marketplace. Search, keywords, categories and request
// forms run on the partner's app token; submitting a request needs the customer's session. The types are
// written by hand; test/contract/spa-fake-types.ts keeps them honest against the fake's answers and the
// bodies it accepts.

export type Keyword = { keywordID: string; name: string };

export type KeywordList = { data?: Keyword[] };

export type Pro = {
  businessID: string;
  businessName: string;
  businessIntroduction?: string;
  businessLocation?: string;
  businessImageURL?: string;
  rating?: number;
  numberOfReviews?: number;
  yearsInBusiness?: number;
  numberOfHires?: number;
  responseTimeHours?: number;
  isTopPro?: boolean;
  isBackgroundChecked?: boolean;
  quote?: { startingCost?: number | string; costUnit?: string };
  categoryID?: string;
  widgets?: { requestFlowURL?: string; servicePageURL?: string };
};

export type ProSearch = { searchID: string; data: Pro[] };

/** The browser's part of a search; the BFF adds `utmData`. */
export type ProSearchBody = { searchQuery?: string; categoryID?: string; zipCode: string; limit: number };

export type Category = { categoryID: string; name: string; imageURL?: string; activeServices?: number };

export type CategoryList = { data?: Category[] };

export type Answer = { answerID: string; value: string; type?: string };

export type Question = {
  questionID: string;
  prompt: string;
  questionType?: string;
  inputType?: string;
  answers?: Answer[];
  validationConstraints?: {
    minimumAnswersSelected?: number;
    maximumAnswersSelected?: number;
    minimumAnswerLength?: number;
    maximumAnswerLength?: number;
  };
};

export type RequestForm = { requestFormID: string; questions: Question[] };

/** One answered question: the chosen answer ids, or the text written. */
export type RequestFormDetail = { questionID: string; answers: string[] };

export type NewRequest = {
  searchID: string;
  businessIDs: string[];
  categoryID: string;
  zipCode: string;
  requestFormDetails: RequestFormDetail[];
};

export type CreatedRequest = {
  request: NonNullable<Negotiation['request']>;
  contactErrors?: { message?: string }[];
};

export const SEARCH_LIMIT = 10;

export async function searchKeywords(searchQuery: string, signal?: AbortSignal): Promise<Keyword[]> {
  const list = await api.get<KeywordList>('/api/v4/keywords/search', {
    query: { searchQuery, limit: 8 },
    ...(signal ? { signal } : {}),
  });
  return list.data ?? [];
}

export function searchPros(
  query: { searchQuery?: string; categoryID?: string; zipCode: string },
  signal?: AbortSignal,
): Promise<ProSearch> {
  const what = query.categoryID ? { categoryID: query.categoryID } : { searchQuery: query.searchQuery };
  // The partner's utm_source is added by the BFF from its configuration.
  const body: ProSearchBody = { ...what, zipCode: query.zipCode, limit: SEARCH_LIMIT };
  return api.post<ProSearch>('/api/v4/businesses/search', body, signal ? { signal } : {});
}

export async function getCategoryRecommendations(zipCode: string, signal?: AbortSignal): Promise<Category[]> {
  const list = await api.get<CategoryList>('/api/v4/categories/recommendations', {
    query: { zipCode, limit: 8 },
    ...(signal ? { signal } : {}),
  });
  return list.data ?? [];
}

export function getRequestForm(categoryId: string, signal?: AbortSignal): Promise<RequestForm> {
  return api.get<RequestForm>(
    `/api/v4/categories/${encodeURIComponent(categoryId)}/request-form`,
    signal ? { signal } : {},
  );
}

export function createRequest(request: NewRequest): Promise<CreatedRequest> {
  return api.post<CreatedRequest>('/api/v4/requests', request);
}

/**
 * The category a search's results belong to: asked for directly, or named by a result itself
 * (a `categoryID` field, or `category_pk` in its request-flow link).
 */
export function categoryOfResults(pros: Pro[], asked: string | undefined): string | undefined {
  if (asked) return asked;
  for (const pro of pros) {
    if (pro.categoryID) return pro.categoryID;
    const link = pro.widgets?.requestFlowURL;
    if (link) {
      try {
        const category = new URL(link).searchParams.get('category_pk');
        if (category) return category;
      } catch {
        // Not a URL: nothing to learn from it.
      }
    }
  }
  return undefined;
}

export const ZIP_PATTERN = /^\d{5}$/;
