import { z } from 'zod';
import { CATEGORIES, type Category, findCategory, KEYWORDS } from '../catalogue.ts';
import { type BusinessRecord, createRequest, WEBSITE } from '../demo-data.ts';
import { dollars } from '../money.ts';
import { MINUTE } from '../time.ts';
import { fire } from '../webhook-delivery.ts';
import { ApiProblem } from './access.ts';
import { intParam, readJson, requireUser } from './input.ts';
import type { ApiCall, ApiRoute } from './router.ts';

// The demand side's catalogue (client-credentials token) and request submission (user token),
// docs/thumbtack/api.md#marketplace.

/** A search context lives this long; a request naming an older searchID is refused. */
export const SEARCH_LIFETIME_MS = 30 * MINUTE;

const ZipSchema = z.string().regex(/^\d{5}$/, 'must be a 5-digit US ZIP code');
const UtmSourceSchema = z.string().regex(/^cma-[a-zA-Z0-9-_]{1,44}$/, "must be the partner's cma- source");
const IdSchema = z.string().regex(/^\d{1,19}$/, 'must be a numeric string');

const SearchSchema = z
  .object({
    searchQuery: z.string().trim().min(1).max(200).optional(),
    categoryID: IdSchema.optional(),
    zipCode: ZipSchema,
    utmData: z.object({ utm_source: UtmSourceSchema }),
    limit: z.number().int().min(1).max(30).optional(),
    requestFormDetails: z
      .array(z.object({ questionID: IdSchema, answers: z.array(z.string().min(1)).min(1) }))
      .optional(),
  })
  .refine(
    (b) => b.searchQuery !== undefined || b.categoryID !== undefined,
    'searchQuery or categoryID is required',
  );

const FilteredSearchSchema = z.object({
  userQuery: z.string().trim().min(1).max(2000),
  zipCode: ZipSchema,
  utmData: z.object({ utm_source: UtmSourceSchema, utm_medium: z.string().optional() }),
  limit: z.number().int().min(1).max(30).optional(),
});

const RequestSchema = z.object({
  searchID: IdSchema,
  businessIDs: z.array(IdSchema).min(1).max(5),
  categoryID: IdSchema,
  utmData: z.object({ utm_source: UtmSourceSchema }),
});

const APP = (scope: string) => [{ kind: 'app' as const, scopes: [scope] }];

function matchCategories(query: string): Category[] {
  const q = query.toLowerCase();
  return CATEGORIES.filter(
    (c) =>
      c.name.toLowerCase().includes(q) ||
      q.includes(c.name.toLowerCase()) ||
      c.keywords.some((k) => k.toLowerCase().includes(q) || q.includes(k.toLowerCase())),
  );
}

function rating(
  call: ApiCall,
  business: BusinessRecord,
): { rating: number; count: number; featured: string } {
  const reviews = call.ctx.state.world.reviews.get(business.businessID) ?? [];
  const sum = reviews.reduce((a, r) => a + r.rating, 0);
  const best = reviews.find((r) => r.rating === 5) ?? reviews[0];
  return {
    rating: reviews.length ? Math.round((sum / reviews.length) * 10) / 10 : 0,
    count: reviews.length,
    featured: best?.reviewText ?? '',
  };
}

function searchResult(
  call: ApiCall,
  business: BusinessRecord,
  category: Category,
  zipCode: string,
  utmSource: string,
) {
  const stats = rating(call, business);
  const query = `category_pk=${category.categoryID}&service_pk=${business.businessID}&zip_code=${zipCode}&utm_medium=partnership&utm_source=${encodeURIComponent(utmSource)}`;
  const servicePageURL = `${WEBSITE}/embed/service-page?${query}`;
  return {
    businessID: business.businessID,
    businessName: business.name,
    businessIntroduction: business.introduction,
    businessLocation: `${business.location.city}, ${business.location.state}`,
    businessImageURL: business.imageURL,
    rating: stats.rating,
    numberOfReviews: stats.count,
    featuredReview: stats.featured,
    yearsInBusiness: business.yearsInBusiness,
    numberOfHires: business.numberOfHires,
    responseTimeHours: business.responseTimeHours,
    isTopPro: business.isTopPro,
    isBackgroundChecked: business.isBackgroundChecked,
    quote: { startingCost: dollars(business.startingCostCents), costUnit: business.costUnit },
    servicePageURL,
    pills: [business.isTopPro ? 'Top Pro' : null, stats.count >= 10 ? 'Great value' : null].filter(
      (p): p is string => p !== null,
    ),
    widgets: { requestFlowURL: `${WEBSITE}/embed/request-flow?${query}`, servicePageURL },
  };
}

function businessesIn(
  call: ApiCall,
  categories: Category[],
): { business: BusinessRecord; category: Category }[] {
  const out: { business: BusinessRecord; category: Category }[] = [];
  for (const business of call.ctx.state.world.businesses.values()) {
    const category = categories.find((c) => business.categoryIDs.includes(c.categoryID));
    if (category) out.push({ business, category });
  }
  return out.sort(
    (a, b) =>
      rating(call, b.business).rating - rating(call, a.business).rating ||
      a.business.businessID.localeCompare(b.business.businessID),
  );
}

export const marketplaceRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/businesses/search',
    access: APP('demand::businesses/search.read'),
    async handle(call) {
      const body = await readJson(call.request, SearchSchema);
      let categories: Category[];
      if (body.categoryID !== undefined) {
        const category = findCategory(body.categoryID);
        if (!category) throw new ApiProblem(404, 'category not found');
        categories = [category];
      } else {
        categories = matchCategories(body.searchQuery ?? '');
      }
      const found = businessesIn(call, categories).slice(0, body.limit ?? 10);
      const searchID = call.ctx.state.world.prng.id();
      call.ctx.state.world.searches.set(searchID, {
        searchID,
        createdAt: call.ctx.clock.now(),
        categoryID: categories.length === 1 ? (categories[0]?.categoryID ?? null) : null,
        zipCode: body.zipCode,
        businessIDs: found.map((f) => f.business.businessID),
      });
      return Response.json({
        searchID,
        data: found.map((f) =>
          searchResult(call, f.business, f.category, body.zipCode, body.utmData.utm_source),
        ),
      });
    },
  },
  {
    method: 'POST',
    path: '/businesses/search-filtered',
    access: APP('demand::businesses/search.read'),
    async handle(call) {
      const body = await readJson(call.request, FilteredSearchSchema);
      // Stands in for Thumbtack's language model: the first category whose name or keyword appears.
      const words = body.userQuery.toLowerCase();
      const category = CATEGORIES.find(
        (c) =>
          words.includes(c.name.toLowerCase()) || c.keywords.some((k) => words.includes(k.toLowerCase())),
      );
      const found = category ? businessesIn(call, [category]).slice(0, body.limit ?? 10) : [];
      return Response.json({
        data: found.map((f) =>
          searchResult(call, f.business, f.category, body.zipCode, body.utmData.utm_source),
        ),
        metadata: { categoryName: category?.name ?? null, requestLocation: { zipCode: body.zipCode } },
      });
    },
  },
  {
    method: 'GET',
    path: '/keywords/search',
    access: APP('demand::keywords.read'),
    handle(call) {
      const query = call.url.searchParams.get('searchQuery')?.trim() ?? '';
      if (query.length === 0) throw new ApiProblem(400, 'searchQuery is required');
      const limit = intParam(call.url, 'limit', { min: 1, max: 50, fallback: 10 });
      const q = query.toLowerCase();
      const data = KEYWORDS.filter((k) => k.name.toLowerCase().includes(q))
        .sort(
          (a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)),
        )
        .slice(0, limit)
        .map((k) => ({ keywordID: k.keywordID, name: k.name }));
      return Response.json({ data });
    },
  },
  {
    method: 'GET',
    path: '/categories/recommendations',
    access: APP('demand::categories.read'),
    handle(call) {
      const { zipCode, utmSource } = catalogueQuery(call);
      const type = call.url.searchParams.get('recommendationType') ?? 'popular';
      if (type !== 'popular' && type !== 'seasonal')
        throw new ApiProblem(400, 'recommendationType must be popular or seasonal');
      const limit = intParam(call.url, 'limit', { min: 1, max: 50, fallback: 10 });
      const ordered = [...CATEGORIES].sort((a, b) =>
        type === 'popular' ? b.activeServices - a.activeServices : a.name.localeCompare(b.name),
      );
      const data = ordered.slice(0, limit).map((c) => ({
        categoryID: c.categoryID,
        name: c.name,
        nearMeURL: `${WEBSITE}/k/${c.slug}/near-me?utm_medium=partnership&utm_source=${encodeURIComponent(utmSource)}&zip_code=${zipCode}`,
        imageURL: c.imageURL,
        activeServices: c.activeServices,
      }));
      return Response.json({ data });
    },
  },
  {
    method: 'GET',
    path: '/categories/homecare',
    access: APP('demand::categories.read'),
    handle(call) {
      const { zipCode, utmSource } = catalogueQuery(call);
      const propertyType = call.url.searchParams.get('propertyType');
      if (propertyType === null || !['house', 'townhouse', 'apartment', 'condo'].includes(propertyType)) {
        throw new ApiProblem(400, 'propertyType must be one of house, townhouse, apartment, condo');
      }
      const data = CATEGORIES.filter((c) => c.homecare).map((c) => ({
        categoryID: c.categoryID,
        name: c.name,
        nearMeURL: `${WEBSITE}/k/${c.slug}/near-me?utm_medium=partnership&utm_source=${encodeURIComponent(utmSource)}&zip_code=${zipCode}`,
        imageURL: c.imageURL,
        taskID: c.homecare?.taskID ?? '',
        taskDetails: {
          title: c.homecare?.title ?? '',
          description: c.homecare?.description ?? '',
          tagline: c.homecare?.tagline ?? '',
        },
      }));
      return Response.json({ data });
    },
  },
  {
    method: 'GET',
    path: '/categories/:categoryID/request-form',
    access: APP('demand::categories/request-form.read'),
    handle(call) {
      const category = findCategory(call.params.categoryID ?? '');
      if (!category) throw new ApiProblem(404, 'category not found');
      // The one documented exception to {data, pagination}: a bare object.
      return Response.json({
        requestFormID: category.requestFormID,
        questions: category.questions.map((q) => ({
          questionID: q.questionID,
          inputType: 'default',
          prompt: q.prompt,
          questionType: q.questionType,
          answers: q.answers.map((a) => ({ answerID: a.answerID, value: a.value, type: 'selectionOption' })),
          validationConstraints: {
            minimumAnswersSelected: 1,
            maximumAnswersSelected: q.questionType === 'checkboxOption' ? q.answers.length : 1,
            minimumAnswerLength: 0,
            maximumAnswerLength: 16384,
          },
        })),
      });
    },
  },
  {
    method: 'POST',
    path: '/requests',
    access: [{ kind: 'user', scopes: ['demand::requests.write'] }],
    async handle(call) {
      const user = requireUser(call);
      const body = await readJson(call.request, RequestSchema);
      const { world } = call.ctx.state;
      const search = world.searches.get(body.searchID);
      if (!search || call.ctx.clock.now() - search.createdAt > SEARCH_LIFETIME_MS) {
        throw new ApiProblem(400, 'searchID is unknown or expired');
      }
      const category = findCategory(body.categoryID);
      if (!category || (search.categoryID !== null && search.categoryID !== category.categoryID)) {
        throw new ApiProblem(400, 'categoryID does not match the search');
      }
      const unknown = body.businessIDs.find((id) => !search.businessIDs.includes(id));
      if (unknown) throw new ApiProblem(400, `business ${unknown} is not part of search ${search.searchID}`);
      const businesses = [...new Set(body.businessIDs)]
        .map((id) => world.businesses.get(id))
        .filter((b) => b !== undefined);
      const records = createRequest(world, world.prng, {
        customer: user,
        category,
        businesses,
        createdAt: call.ctx.clock.now(),
        description: 'Nothing',
        zipCode: search.zipCode,
      });
      for (const record of records) {
        fire(call.ctx, {
          eventType: 'NegotiationCreatedV4',
          data: record.negotiation,
          businessID: record.negotiation.business.businessID,
        });
      }
      const first = records[0]?.negotiation.request;
      if (!first) throw new ApiProblem(400, 'no business could be contacted');
      // The request echo uses human-readable travel text, unlike NegotiationV4's enum (docs/thumbtack/api.md#submitting-a-request).
      return Response.json(
        {
          request: {
            requestID: first.requestID,
            customerID: user.userID,
            description: first.description,
            category: first.category,
            // The RequestV4 schema (docs/thumbtack/api.md#the-request-object) names the businesses contacted and the
            // negotiation opened with each: how a customer's console finds its new conversations.
            contactedBusinesses: first.contactedBusinesses,
            proposedTimes: [],
            location: {
              address1: '',
              address2: '',
              city: first.location.city,
              state: first.location.state,
              zipCode: search.zipCode,
            },
            travelPreferences: ['Professional must travel to my address.'],
            details: [{ question: 'Category', answer: category.name }],
            attachments: [],
          },
          contactErrors: [],
        },
        { status: 201 },
      );
    },
  },
];

function catalogueQuery(call: ApiCall): { zipCode: string; utmSource: string } {
  const zipCode = call.url.searchParams.get('zipCode') ?? '';
  if (!ZipSchema.safeParse(zipCode).success)
    throw new ApiProblem(400, 'zipCode must be a 5-digit US ZIP code');
  const utmSource = call.url.searchParams.get('utmData[utm_source]') ?? '';
  if (!UtmSourceSchema.safeParse(utmSource).success)
    throw new ApiProblem(400, "utmData[utm_source] must be the partner's cma- source");
  return { zipCode, utmSource };
}
