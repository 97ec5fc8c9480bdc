// A stand-in for the BFF while the SPA's route tests run: msw answers the same-origin endpoints
// the SPA calls (/auth/*, /api/v4/*) with the shapes thumbtack-api.md §3 shows, passed through
// as the BFF's proxy would, and with the BFF's own rules the SPA depends on (X-CSRF on every call,
// the BFF error shape). Everything about the stand-in lives in this file, so it can later be
// swapped for the real BFF in-process (createApp + the fake Thumbtack) without touching the tests.
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';

export const ORIGIN = 'http://localhost';
const api = (path: string) => `${ORIGIN}/api/v4${path}`;

type Side = 'supply' | 'demand';

export const SUPPLY_SCOPES = [
  'supply::businesses.list',
  'supply::negotiations.read',
  'supply::negotiations.write',
  'supply::messages.read',
  'supply::messages.write',
  'supply::webhooks.read',
  'supply::webhooks.write',
  'supply::users.read',
  'supply::users.disconnect',
  'supply::businesses/associate-phone-numbers.read',
  'supply::businesses/associate-phone-numbers.write',
  'offline_access',
  'openid',
  'profile',
  'email',
];

export const DEMAND_SCOPES = [
  'demand::requests.write',
  'demand::users.read',
  'demand::negotiations.read',
  'demand::messages.read',
  'demand::messages.write',
  'demand::users.disconnect',
  'offline_access',
  'openid',
  'profile',
  'email',
];

export function signedIn(side: Side = 'supply', scopes = side === 'supply' ? SUPPLY_SCOPES : DEMAND_SCOPES) {
  return {
    authenticated: true as const,
    user:
      side === 'supply'
        ? { id: '590297085345700001', name: 'Robert Griffis', email: 'robert@example.com' }
        : { id: '498954473003245570', name: 'Dana Reyes', email: 'dana@example.com' },
    side,
    scopes,
    accessTokenExpiresAt: '2026-11-30T11:00:00Z',
    sessionExpiresAt: '2026-12-07T10:00:00Z',
  };
}

// ---------- Data, shaped as Thumbtack returns it ----------

export const BUSINESS_ID = '590297085345701895';
export const QUIET_BUSINESS_ID = '468046965846925323';

export const businesses = [
  {
    businessID: BUSINESS_ID,
    name: 'Griffis Property Group',
    imageURL:
      'https://production-next-images-cdn.thumbtack.com/i/323302111019294847/desktop/standard/fullscreen',
  },
  { businessID: QUIET_BUSINESS_ID, name: "Robert's Aerial Photography", imageURL: '' },
];

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

function negotiation(
  id: string,
  status: string,
  createdAt: string,
  customer: { firstName: string; lastName: string },
  category: string,
  city: string,
) {
  return {
    negotiationID: id,
    status,
    chargeState: 'Charged',
    createdAt,
    leadPrice: '$25.00',
    leadPriceBreakdown: { salesTax: '$1.85', subtotal: '$23.15' },
    business: { businessID: BUSINESS_ID, name: 'Griffis Property Group' },
    customer: { customerID: `${id}1`, ...customer, phone: '5615550142' },
    estimate: {
      total: '$150.00',
      pricePerUnit: '150.00',
      type: 'Fixed',
      unitName: 'service',
      unitQuantity: 1,
    },
    request: {
      requestID: `${id}2`,
      category: { categoryID: '240123621172183344', name: category },
      description: `Need help with ${category.toLowerCase()}`,
      location: { address1: '123 Main St', address2: 'Apt 4B', city, state: 'FL', zipCode: '33460' },
      details: [{ question: 'Frequency of services', answer: 'One time only' }],
      proposedTimes: [{ start: '2026-12-16T10:00:00Z', end: '2026-12-16T11:00:00Z' }],
      attachments: [],
      travelPreferences: ['ProviderTravelToCustomer'],
    },
  };
}

export const LEAD_ID = '590299344770662410';

function initialLeads() {
  return [
    negotiation(
      LEAD_ID,
      'Open',
      daysAgo(2),
      { firstName: 'Dana', lastName: 'Reyes' },
      'Junk Removal',
      'Lake Worth',
    ),
    negotiation(
      '590299344770662411',
      'Picked',
      daysAgo(10),
      { firstName: 'Sam', lastName: 'Ortiz' },
      'House Cleaning',
      'Boca Raton',
    ),
    negotiation(
      '590299344770662412',
      'Canceled',
      daysAgo(20),
      { firstName: 'Lee', lastName: 'Chan' },
      'Junk Removal',
      'Delray Beach',
    ),
  ];
}

function message(id: string, from: 'Customer' | 'Business', text: string, sentAt: string) {
  return {
    messageID: id,
    negotiationID: LEAD_ID,
    from,
    ...(from === 'Customer'
      ? { customer: { customerID: '1', displayName: 'Dana R.' } }
      : { business: { businessID: BUSINESS_ID, displayName: 'Griffis Property Group' } }),
    text,
    attachments: [],
    sentAt,
  };
}

function initialMessages() {
  return [
    message('519153481515696128', 'Customer', 'Are you available on my date?', '2026-11-20T17:18:01Z'),
    message('519153481515696129', 'Business', 'Yes, Tuesday works.', '2026-11-20T17:30:00Z'),
  ];
}

function initialReviews() {
  return [
    {
      reviewID: '5343987659230309812',
      reviewText: 'The crew did an amazing job.',
      rating: 5,
      createTime: '2026-10-02T01:43:49Z',
      reviewerName: 'EB',
      responseText: 'Thank you so much for the kind words!',
      responseTime: '2026-10-03T10:00:00Z',
    },
    {
      reviewID: '5343987659230309813',
      reviewText: 'On time, fair price.',
      rating: 4,
      createTime: '2026-09-12T08:00:00Z',
      reviewerName: 'Kim P.',
    },
  ];
}

function initialWebhooks() {
  return [
    {
      webhookID: '590298304139583503',
      webhookURL: 'https://partner.example.com/thumbtack',
      enabled: true,
      authType: 'Basic',
      businessID: BUSINESS_ID,
      eventTypes: ['NegotiationCreatedV4', 'MessageCreatedV4'],
    },
  ];
}

function initialPhoneNumbers() {
  return [
    {
      phoneNumberID: '5343987659230309900',
      businessID: BUSINESS_ID,
      phoneNumber: '+15615550100',
      createdTime: '2026-11-03T15:28:05Z',
      updatedTime: '2026-11-03T15:28:05Z',
      lastActivityTime: '2026-11-20T15:28:05Z',
      isDeleted: false,
      name: "Alex's mobile",
    },
  ];
}

export const keywords = [
  { keywordID: '102906936603224901', name: 'Carpet Cleaning' },
  { keywordID: '102906936603224902', name: 'Car Detailing' },
  { keywordID: '102906936603224903', name: 'House Cleaning' },
];

export const CATEGORY_ID = '219264413294461288';
export const SEARCH_ID = '545691258236567552';

export const pros = [
  {
    businessID: '468046965846925400',
    businessName: 'Sparkle Home Services',
    businessImageURL: 'https://example.com/sparkle.jpg',
    businessIntroduction: 'Family-run cleaning since 2009.',
    rating: 4.9,
    numberOfReviews: 128,
    isTopPro: true,
    isBackgroundChecked: true,
    quote: { startingCost: 120, costUnit: 'per visit' },
    widgets: {
      requestFlowURL: `https://www.thumbtack.com/embed/request-flow?category_pk=${CATEGORY_ID}&service_pk=1&zip_code=94117`,
    },
  },
  {
    businessID: '468046965846925401',
    businessName: 'Bay Tidy Co.',
    rating: 4.5,
    numberOfReviews: 12,
    isTopPro: false,
    quote: { startingCost: 90, costUnit: 'per visit' },
  },
];

export const categories = [
  { categoryID: CATEGORY_ID, name: 'House Cleaning', activeServices: 57 },
  { categoryID: '109125193401647362', name: 'Handyman', activeServices: 31 },
];

export const requestForm = {
  requestFormID: '360027128293056514',
  questions: [
    {
      questionID: '326918438863339640',
      inputType: 'default',
      prompt: 'What kind of cleaning do you need?',
      questionType: 'checkboxOption',
      answers: [
        { answerID: '316487650924830878', value: 'Standard cleaning', type: 'selectionOption' },
        { answerID: '316487650924830879', value: 'Deep cleaning', type: 'selectionOption' },
        { answerID: '316487650924830880', value: 'Move-out cleaning', type: 'selectionOption' },
      ],
      validationConstraints: {
        minimumAnswersSelected: 1,
        maximumAnswersSelected: 2,
        minimumAnswerLength: 0,
        maximumAnswerLength: 16384,
      },
    },
    {
      questionID: '326918438863339641',
      inputType: 'default',
      prompt: 'Anything else the pro should know?',
      questionType: 'text',
      validationConstraints: { minimumAnswerLength: 0, maximumAnswerLength: 500 },
    },
  ],
};

export const DEMAND_NEGOTIATION_ID = '590299344770669999';

// ---------- State, reset between tests ----------

type Session = ReturnType<typeof signedIn> | { authenticated: false };

const state = {
  session: { authenticated: false } as Session,
  leads: initialLeads(),
  messages: initialMessages(),
  reviews: initialReviews(),
  webhooks: initialWebhooks(),
  phoneNumbers: initialPhoneNumbers(),
  nextId: 700000000000000000n,
};

function newId(): string {
  state.nextId += 1n;
  return String(state.nextId);
}

/** Every request the SPA made, in order: tests check what was sent (headers, bodies). */
export const requests: Request[] = [];

function json(body: JsonBodyType, status = 200) {
  return HttpResponse.json(body, { status });
}

/** A BFF error response in the BFF's shape. */
export function bffError(status: number, code: string, message = 'Something failed.', headers?: HeadersInit) {
  return HttpResponse.json(
    { error: { code, message, requestId: 'req-test-1' } },
    { status, ...(headers ? { headers } : {}) },
  );
}

const noContent = () => new HttpResponse(null, { status: 204 });

const handlers = [
  // The BFF rejects any call without the CSRF header, GET included.
  http.all(`${ORIGIN}/*`, ({ request }) => {
    if (request.headers.get('x-csrf') !== '1')
      return bffError(403, 'csrf_rejected', 'Missing X-CSRF header.');
    return undefined;
  }),
  // User-token routes need a session.
  http.all(`${ORIGIN}/api/v4/*`, ({ request }) => {
    const path = new URL(request.url).pathname;
    const appTokenRoute =
      path.startsWith('/api/v4/keywords/') ||
      path.startsWith('/api/v4/categories/') ||
      path === '/api/v4/businesses/search' ||
      (request.method === 'GET' &&
        /^\/api\/v4\/businesses\/\d+\/reviews$/.test(path) &&
        !state.session.authenticated);
    if (!appTokenRoute && !state.session.authenticated)
      return bffError(401, 'not_authenticated', 'Sign in first.');
    return undefined;
  }),

  http.get(`${ORIGIN}/auth/session`, () => json(state.session)),
  http.post(`${ORIGIN}/auth/logout`, () => {
    state.session = { authenticated: false };
    return noContent();
  }),
  http.post(`${ORIGIN}/auth/disconnect`, () => {
    state.session = { authenticated: false };
    return noContent();
  }),

  http.get(api('/businesses'), () => json({ data: businesses, pagination: { limit: 20 } })),

  http.get(api('/businesses/:businessId/negotiations'), ({ params, request }) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const all = params.businessId === BUSINESS_ID ? state.leads : [];
    const data = all.slice(offset, offset + limit);
    return json({ data, pagination: { limit, offset } });
  }),
  http.get(api('/negotiations/:id'), ({ params }) => {
    if (params.id === DEMAND_NEGOTIATION_ID) {
      return json({
        ...state.leads[0],
        negotiationID: DEMAND_NEGOTIATION_ID,
        business: { businessID: pros[0]?.businessID, name: 'Sparkle Home Services' },
      } as JsonBodyType);
    }
    const lead = state.leads.find((item) => item.negotiationID === params.id);
    return lead ? json(lead as JsonBodyType) : bffError(404, 'thumbtack_error', 'Negotiation not found.');
  }),
  http.get(api('/negotiations/:id/messages'), ({ request }) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const before = url.searchParams.get('sentBefore');
    const list = state.messages
      .filter((item) => !before || item.sentAt < before)
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
      .slice(0, limit);
    return json({ data: list, pagination: { limit } });
  }),
  http.post(api('/negotiations/:id/messages'), async ({ request, params }) => {
    const body = (await request.json()) as { text: string };
    const created = {
      messageID: newId(),
      negotiationID: String(params.id),
      from: state.session.authenticated && state.session.side === 'demand' ? 'Customer' : 'Business',
      text: body.text,
      attachments: [],
      sentAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    state.messages.push(created as ReturnType<typeof message>);
    return json(created, 201);
  }),
  http.post(api('/negotiations/:id/job-status'), () => json({})),

  http.get(api('/businesses/:businessId/reviews'), ({ params, request }) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const all = params.businessId === QUIET_BUSINESS_ID ? [] : state.reviews;
    const next =
      offset + limit < all.length
        ? `https://api.thumbtack.com/v4/businesses/${params.businessId}/reviews?limit=${limit}&offset=${offset + limit}`
        : undefined;
    return json({
      data: all.slice(offset, offset + limit),
      pagination: { limit, offset, ...(next ? { next } : {}) },
    });
  }),
  http.post(api('/businesses/:businessId/reviews/:reviewId/response'), () => json({})),

  http.get(api('/businesses/:businessId/webhooks'), ({ params }) =>
    json({ data: params.businessId === BUSINESS_ID ? state.webhooks : [] }),
  ),
  http.post(api('/businesses/:businessId/webhooks/test-negotiation'), () => json({ negotiationID: newId() })),
  http.post(api('/businesses/:businessId/webhooks'), async ({ request, params }) => {
    const body = (await request.json()) as {
      webhookURL: string;
      eventTypes: string[];
      enabled: boolean;
      auth?: Record<string, string>;
    };
    if (!body.webhookURL.startsWith('https://'))
      return bffError(400, 'thumbtack_error', 'webhookURL must be https.');
    const authType = body.auth ? ('username' in body.auth ? 'Basic' : 'CustomHeader') : 'None';
    const created = {
      webhookID: newId(),
      webhookURL: body.webhookURL,
      enabled: body.enabled,
      authType,
      businessID: String(params.businessId),
      eventTypes: body.eventTypes,
    };
    state.webhooks.push(created);
    return json(created, 201);
  }),
  http.put(api('/businesses/:businessId/webhooks/:webhookId'), async ({ request, params }) => {
    const change = (await request.json()) as Partial<{ enabled: boolean }>;
    const webhook = state.webhooks.find((item) => item.webhookID === params.webhookId);
    if (!webhook) return bffError(404, 'thumbtack_error', 'Not found.');
    Object.assign(webhook, change);
    return json(webhook);
  }),
  http.delete(api('/businesses/:businessId/webhooks/:webhookId'), ({ params }) => {
    state.webhooks = state.webhooks.filter((item) => item.webhookID !== params.webhookId);
    return noContent();
  }),

  http.get(api('/businesses/:businessId/associate-phone-numbers'), ({ params }) =>
    json({ phoneNumbers: params.businessId === BUSINESS_ID ? state.phoneNumbers : [] }),
  ),
  http.post(api('/businesses/:businessId/associate-phone-numbers'), async ({ request, params }) => {
    const body = (await request.json()) as { phoneNumber: string; name: string };
    if (!/^\+1\d{1,14}$/.test(body.phoneNumber))
      return bffError(400, 'thumbtack_error', 'Invalid phone number.');
    const created = {
      phoneNumberID: newId(),
      businessID: String(params.businessId),
      phoneNumber: body.phoneNumber,
      name: body.name,
      createdTime: '2026-11-30T10:00:00Z',
      updatedTime: '2026-11-30T10:00:00Z',
      lastActivityTime: '2026-11-30T10:00:00Z',
      isDeleted: false,
    };
    state.phoneNumbers.push(created);
    return json({ phoneNumbers: [created] }, 201);
  }),
  http.put(api('/businesses/:businessId/associate-phone-numbers/:id'), async ({ request, params }) => {
    const body = (await request.json()) as { name?: string };
    const number = state.phoneNumbers.find((item) => item.phoneNumberID === params.id);
    if (!number) return bffError(404, 'thumbtack_error', 'Not found.');
    if (body.name) number.name = body.name;
    return json(number);
  }),
  http.delete(api('/businesses/:businessId/associate-phone-numbers/:id'), ({ params }) => {
    state.phoneNumbers = state.phoneNumbers.filter((item) => item.phoneNumberID !== params.id);
    return noContent();
  }),

  http.get(api('/keywords/search'), ({ request }) => {
    const query = (new URL(request.url).searchParams.get('searchQuery') ?? '').toLowerCase();
    return json({ data: keywords.filter((keyword) => keyword.name.toLowerCase().includes(query)) });
  }),
  http.post(api('/businesses/search'), async ({ request }) => {
    const body = (await request.json()) as { searchQuery?: string; categoryID?: string; zipCode: string };
    const found = body.searchQuery?.toLowerCase().includes('clean') || body.categoryID === CATEGORY_ID;
    return json({ searchID: SEARCH_ID, data: found ? pros : [] });
  }),
  http.get(api('/categories/recommendations'), () => json({ data: categories })),
  http.get(api('/categories/:categoryId/request-form'), () => json(requestForm)),
  http.post(api('/requests'), async ({ request }) => {
    const body = (await request.json()) as { businessIDs: string[]; categoryID: string };
    return json({
      request: {
        requestID: '548955282027569156',
        customerID: '498954473003245570',
        description: '',
        category: { categoryID: body.categoryID, name: 'House Cleaning' },
        proposedTimes: [],
        location: { address1: '', address2: '', city: 'San Francisco', state: 'CA', zipCode: '94117' },
        details: [{ question: 'What kind of cleaning do you need?', answer: 'Deep cleaning' }],
        attachments: [],
        contactedBusinesses: body.businessIDs.map((businessID, index) => ({
          businessID,
          name: pros.find((pro) => pro.businessID === businessID)?.businessName,
          negotiationID: index === 0 ? DEMAND_NEGOTIATION_ID : newId(),
        })),
      },
      contactErrors: [],
    });
  }),
];

export const bff = setupServer(...handlers);

bff.events.on('request:start', ({ request }) => {
  requests.push(request.clone());
});

export function setSession(session: Session) {
  state.session = session;
}

/** Test-side control of the stand-in's data. */
export const standIn = {
  setLeads(leads: ReturnType<typeof initialLeads>) {
    state.leads = leads;
  },
  setMessages(list: ReturnType<typeof initialMessages>) {
    state.messages = list;
  },
  manyMessages(count: number) {
    state.messages = Array.from({ length: count }, (_, index) =>
      message(
        String(600000000000000000n + BigInt(index)),
        index % 2 ? 'Business' : 'Customer',
        `Message number ${index + 1}`,
        new Date(Date.UTC(2026, 10, 1, 8, index)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ),
    );
  },
  setReviews(list: ReturnType<typeof initialReviews>) {
    state.reviews = list;
  },
  get webhooks() {
    return state.webhooks;
  },
  get phoneNumbers() {
    return state.phoneNumbers;
  },
};

export function resetBff() {
  bff.resetHandlers();
  state.session = { authenticated: false };
  state.leads = initialLeads();
  state.messages = initialMessages();
  state.reviews = initialReviews();
  state.webhooks = initialWebhooks();
  state.phoneNumbers = initialPhoneNumbers();
  requests.length = 0;
}

/** The calls the SPA made to one path, e.g. callsTo('POST', '/auth/logout'). */
export function callsTo(method: string, pathname: string | RegExp): Request[] {
  return requests.filter((request) => {
    const path = new URL(request.url).pathname;
    return (
      request.method === method && (typeof pathname === 'string' ? path === pathname : pathname.test(path))
    );
  });
}

export { HttpResponse, http };
