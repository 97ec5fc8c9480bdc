import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { api, appToken, login, startFake } from './fake-harness.ts';

// The marketplace side: catalogue routes with a client-credentials token, and a customer's requests,
// leads and messages with a user token.

const fake = startFake();
const HANDYMAN = '109125193401647362';
const UTM = 'utmData[utm_source]=cma-demo-partner';
const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe('catalogue (client credentials)', () => {
  it('autocompletes keywords with {data}', async () => {
    const token = await appToken();
    const body = await json<{ data: { keywordID: string; name: string }[] }>(
      await api(token, '/keywords/search?searchQuery=tv&limit=5'),
    );
    expect(body.data.map((k) => k.name)).toContain('TV Mounting');
    expect(body.data[0]?.keywordID).toMatch(/^\d{18}$/);
    expect((await api(token, '/keywords/search')).status).toBe(400);
    expect((await api(token, '/keywords/search?searchQuery=tv&limit=0')).status).toBe(400);
  });

  it('recommends categories with nearMeURL carrying the utm source', async () => {
    const token = await appToken();
    const body = await json<{ data: Record<string, unknown>[] }>(
      await api(token, `/categories/recommendations?zipCode=78704&recommendationType=popular&${UTM}&limit=3`),
    );
    expect(body.data).toHaveLength(3);
    expect(body.data[0]).toMatchObject({
      categoryID: expect.stringMatching(/^\d{18}$/),
      name: expect.any(String),
      nearMeURL: expect.stringContaining('utm_source=cma-demo-partner'),
      activeServices: expect.any(Number),
    });
    expect((await api(token, `/categories/recommendations?zipCode=7870&${UTM}`)).status).toBe(400);
    expect(
      (await api(token, '/categories/recommendations?zipCode=78704&utmData[utm_source]=demo')).status,
    ).toBe(400);
  });

  it('lists homecare tasks and validates propertyType', async () => {
    const token = await appToken();
    const body = await json<{ data: { taskID: string; taskDetails: { title: string } }[] }>(
      await api(token, `/categories/homecare?zipCode=90210&propertyType=townhouse&${UTM}`),
    );
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data[0]?.taskDetails.title).toBeTruthy();
    expect((await api(token, `/categories/homecare?zipCode=90210&propertyType=castle&${UTM}`)).status).toBe(
      400,
    );
  });

  it('returns the request form as a bare object', async () => {
    const token = await appToken();
    const form = await json<Record<string, unknown>>(
      await api(token, `/categories/${HANDYMAN}/request-form`),
    );
    expect(form.data).toBeUndefined();
    expect(form).toMatchObject({
      requestFormID: expect.stringMatching(/^\d{18}$/),
      questions: expect.arrayContaining([
        expect.objectContaining({
          prompt: 'What kind of work would you like done?',
          questionType: 'checkboxOption',
          validationConstraints: expect.objectContaining({ minimumAnswersSelected: 1 }),
        }),
      ]),
    });
    expect((await api(token, '/categories/123456789012345678/request-form')).status).toBe(404);
  });

  it('searches businesses, creating a search context', async () => {
    const token = await appToken();
    const response = await api(token, '/businesses/search', {
      method: 'POST',
      json: {
        searchQuery: 'handyman',
        zipCode: '78704',
        utmData: { utm_source: 'cma-demo-partner' },
        limit: 5,
      },
    });
    expect(response.status).toBe(200);
    const body = await json<{ searchID: string; data: Record<string, unknown>[] }>(response);
    expect(body.searchID).toMatch(/^\d{18}$/);
    expect(body.data.map((b) => b.businessName)).toContain('Ortiz Handyman & Repair');
    expect(body.data[0]).toMatchObject({
      businessID: expect.any(String),
      quote: { startingCost: expect.stringMatching(/^\$/), costUnit: expect.any(String) },
      widgets: {
        requestFlowURL: expect.stringContaining('/embed/request-flow?'),
        servicePageURL: expect.any(String),
      },
    });
  });

  it.each([
    [{ zipCode: '78704', utmData: { utm_source: 'cma-x' } }],
    [{ searchQuery: 'x', zipCode: 'abcde', utmData: { utm_source: 'cma-x' } }],
    [{ searchQuery: 'x', zipCode: '78704', utmData: { utm_source: 'partner' } }],
    [{ searchQuery: 'x', zipCode: '78704', utmData: { utm_source: 'cma-x' }, limit: 31 }],
  ])('refuses search body %j with 400', async (body) => {
    expect((await api(await appToken(), '/businesses/search', { method: 'POST', json: body })).status).toBe(
      400,
    );
  });

  it('runs a free-text filtered search', async () => {
    const token = await appToken();
    const body = await json<{ data: unknown[]; metadata: { categoryName: string } }>(
      await api(token, '/businesses/search-filtered', {
        method: 'POST',
        json: {
          userQuery: 'I need a plumber for a leaking water heater',
          zipCode: '78757',
          utmData: { utm_source: 'cma-demo' },
        },
      }),
    );
    expect(body.metadata.categoryName).toBe('Plumbing');
    expect(body.data.length).toBeGreaterThan(0);
  });

  it('reads any business reviews with the cc scope', async () => {
    const token = await appToken('demand::businesses/reviews.read');
    const body = await json<{ data: unknown[]; pagination: { next?: string } }>(
      await api(token, `/businesses/${ORTIZ}/reviews?limit=5`),
    );
    expect(body.data).toHaveLength(5);
    expect(body.pagination.next).toContain('offset=5');
    expect((await api(token, '/businesses/123456789012345678/reviews')).status).toBe(404);
  });
});

describe('customer (authorization code)', () => {
  it('sees their own identity and leads, and messages as the customer', async () => {
    const token = (await login({}, 'demand')).access_token;
    expect(await json(await api(token, '/users/self'))).toEqual({
      userID: DEMO_ACCOUNTS.customer.userID,
      email: 'priya.shah@example.com',
      firstName: 'Priya',
      lastName: 'Shah',
      phoneNumber: '+15125550163',
    });
    for (const id of DEMO_ACCOUNTS.customer.negotiationIDs) {
      expect((await api(token, `/negotiations/${id}`)).status).toBe(200);
    }
    const id = DEMO_ACCOUNTS.customer.negotiationIDs[0] ?? '';
    const sent = await api(token, `/negotiations/${id}/messages`, {
      method: 'POST',
      json: { text: 'Is Tuesday OK?' },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({
      from: 'Customer',
      customer: { customerID: DEMO_ACCOUNTS.customer.userID },
    });
  });

  it('cannot read the pro leads that are not theirs', async () => {
    const token = (await login({}, 'demand')).access_token;
    expect((await api(token, `/negotiations/${DEMO_ACCOUNTS.pro.longThreadNegotiationID}`)).status).toBe(404);
  });

  it('submits a request from a search, creating leads the pro can read', async () => {
    const app = await appToken();
    const search = await json<{ searchID: string; data: { businessID: string }[] }>(
      await api(app, '/businesses/search', {
        method: 'POST',
        json: { categoryID: HANDYMAN, zipCode: '78704', utmData: { utm_source: 'cma-demo' } },
      }),
    );
    const token = (await login({}, 'demand')).access_token;
    const response = await api(token, '/requests', {
      method: 'POST',
      json: {
        searchID: search.searchID,
        businessIDs: [ORTIZ],
        categoryID: HANDYMAN,
        utmData: { utm_source: 'cma-demo' },
      },
    });
    expect(response.status).toBe(201);
    const body = await json<{
      request: { requestID: string; customerID: string; location: { zipCode: string } };
      contactErrors: unknown[];
    }>(response);
    expect(body.contactErrors).toEqual([]);
    expect(body.request).toMatchObject({
      customerID: DEMO_ACCOUNTS.customer.userID,
      travelPreferences: ['Professional must travel to my address.'],
    });
    expect(body.request.location.zipCode).toBe('78704');
    const proToken = (await login()).access_token;
    const leads = await json<{ data: { request: { requestID: string } }[] }>(
      await api(proToken, `/businesses/${ORTIZ}/negotiations?limit=1`),
    );
    expect(leads.data[0]?.request.requestID).toBe(body.request.requestID);
    // The echo names the negotiation opened with each business, and the customer can open it.
    const { contactedBusinesses } = body.request as unknown as {
      contactedBusinesses: { businessID: string; negotiationID: string }[];
    };
    expect(contactedBusinesses.map((c) => c.businessID)).toEqual([ORTIZ]);
    const thread = await api(token, `/negotiations/${contactedBusinesses[0]?.negotiationID}/messages`);
    expect(thread.status).toBe(200);
  });

  it('refuses unknown or expired searches and businesses outside the search', async () => {
    const app = await appToken();
    const search = await json<{ searchID: string }>(
      await api(app, '/businesses/search', {
        method: 'POST',
        json: { categoryID: HANDYMAN, zipCode: '78704', utmData: { utm_source: 'cma-demo' } },
      }),
    );
    const token = (await login({}, 'demand')).access_token;
    const submit = (body: Record<string, unknown>) =>
      api(token, '/requests', {
        method: 'POST',
        json: {
          searchID: search.searchID,
          businessIDs: [ORTIZ],
          categoryID: HANDYMAN,
          utmData: { utm_source: 'cma-demo' },
          ...body,
        },
      });
    expect((await submit({ searchID: '123456789012345678' })).status).toBe(400);
    expect((await submit({ businessIDs: [DEMO_ACCOUNTS.pro.businessIDs[1]] })).status).toBe(400);
    expect((await submit({ categoryID: '219264413294461288' })).status).toBe(400);
    expect((await submit({ businessIDs: [] })).status).toBe(400);
    fake.control.advance(31 * 60_000);
    expect((await submit({})).status).toBe(400);
  });
});
