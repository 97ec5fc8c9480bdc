import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { API, api, login, type Problem, refresh, startFake } from './fake-harness.ts';

// The pro's side of the API: shapes, paging, validation and ownership (404 for other people's data).

const fake = startFake();
const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;
const LONG = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ID = /^\d{18}$/;

async function pro() {
  return (await login()).access_token;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A business and a lead belonging to someone else (the demo customer's cleaning request). */
async function foreign(token: string) {
  const customerLead = DEMO_ACCOUNTS.customer.negotiationIDs.find(
    (id) => !DEMO_ACCOUNTS.pro.negotiationIDs.includes(id),
  );
  const demandToken = (await login({}, 'demand')).access_token;
  const lead = await json<{ business: { businessID: string } }>(
    await api(demandToken, `/negotiations/${customerLead}`),
  );
  void token;
  return { negotiationID: customerLead ?? '', businessID: lead.business.businessID };
}

describe('users/self', () => {
  it('returns the connected pro, with their phone number in E.164', async () => {
    const response = await api(await pro(), '/users/self');
    expect(response.status).toBe(200);
    const body = await json<Record<string, unknown>>(response);
    expect(body).toEqual({
      userID: DEMO_ACCOUNTS.pro.userID,
      email: 'maya.ortiz@example.com',
      firstName: 'Maya',
      lastName: 'Ortiz',
      phoneNumber: '+15125550147',
    });
    expect(body.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/);
  });
});

describe('businesses', () => {
  it('lists the pro businesses with {data, pagination:{limit:20}}', async () => {
    const body = await json<{
      data: { businessID: string; name: string; imageURL: string }[];
      pagination: unknown;
    }>(await api(await pro(), '/businesses'));
    expect(body.pagination).toEqual({ limit: 20 });
    expect(body.data.map((b) => b.businessID)).toEqual([ORTIZ, EVERGREEN]);
    expect(body.data[0]).toEqual({
      businessID: ORTIZ,
      name: 'Ortiz Handyman & Repair',
      imageURL: expect.stringMatching(/^https:\/\/production-next-images-cdn\.thumbtack\.com\/i\/\d{18}\//),
    });
  });

  it('reads one owned business and 404s someone else', async () => {
    const token = await pro();
    expect(await json(await api(token, `/businesses/${EVERGREEN}`))).toMatchObject({
      name: 'Evergreen Yard & Garden Co.',
    });
    const { businessID } = await foreign(token);
    const response = await api(token, `/businesses/${businessID}`);
    expect(response.status).toBe(404);
    expect((await json<Problem>(response)).title).toBe('Not Found');
    expect((await api(token, '/businesses/123456789012345678')).status).toBe(404);
  });
});

describe('leads', () => {
  it('pages a business negotiations with limit/offset/next, newest first', async () => {
    const token = await pro();
    const first = await json<{
      data: { negotiationID: string; createdAt: string }[];
      pagination: Record<string, unknown>;
    }>(await api(token, `/businesses/${ORTIZ}/negotiations?limit=4`));
    expect(first.data).toHaveLength(4);
    expect(first.pagination).toEqual({
      limit: 4,
      offset: 0,
      next: `${API}/v4/businesses/${ORTIZ}/negotiations?limit=4&offset=4`,
    });
    const dates = first.data.map((n) => n.createdAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    const all = await json<{ data: { negotiationID: string }[]; pagination: Record<string, unknown> }>(
      await api(token, `/businesses/${ORTIZ}/negotiations?limit=50`),
    );
    expect(all.data.length).toBeGreaterThanOrEqual(10);
    expect(all.pagination.next).toBeUndefined();
    const last = await json<{ data: unknown[] }>(
      await api(token, `/businesses/${ORTIZ}/negotiations?limit=4&offset=8`),
    );
    expect(last.data.length).toBe(all.data.length - 8);
  });

  it.each(['limit=0', 'limit=51', 'limit=abc', 'offset=-1', 'limit=1&limit=2'])(
    'refuses %s with 400',
    async (query) => {
      const response = await api(await pro(), `/businesses/${ORTIZ}/negotiations?${query}`);
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).status).toBe(400);
    },
  );

  it('returns a lead in the NegotiationV4 shape', async () => {
    const lead = await json<Record<string, unknown>>(await api(await pro(), `/negotiations/${LONG}`));
    expect(lead).toMatchObject({
      negotiationID: LONG,
      status: 'Picked',
      chargeState: 'Charged',
      leadPrice: expect.stringMatching(/^\$\d+\.\d{2}$/),
      leadPriceBreakdown: { subtotal: expect.stringMatching(/^\$/), salesTax: expect.stringMatching(/^\$/) },
      createdAt: expect.stringMatching(RFC3339),
      customer: {
        customerID: expect.stringMatching(ID),
        firstName: 'Dana',
        lastName: 'Reyes',
        phone: expect.stringMatching(/^\d{10}$/),
      },
      business: { businessID: ORTIZ, name: 'Ortiz Handyman & Repair' },
      estimate: { type: 'Hourly', unitName: 'hour', pricePerUnit: expect.stringMatching(/^\d+\.\d{2}$/) },
      request: {
        requestID: expect.stringMatching(ID),
        category: { categoryID: '109125193401647362', name: 'Handyman' },
        location: { city: 'Austin', state: 'TX', zipCode: expect.stringMatching(/^\d{5}$/) },
        travelPreferences: ['ProviderTravelToCustomer'],
      },
    });
    const request = lead.request as { details: unknown[]; proposedTimes: { start: string; end: string }[] };
    expect(request.details.length).toBeGreaterThan(0);
    expect(request.proposedTimes[0]?.start).toMatch(RFC3339);
  });

  it('404s a lead of another business', async () => {
    const token = await pro();
    const { negotiationID } = await foreign(token);
    expect((await api(token, `/negotiations/${negotiationID}`)).status).toBe(404);
    expect((await api(token, `/negotiations/${negotiationID}/messages`)).status).toBe(404);
    expect(
      (await api(token, `/negotiations/${negotiationID}/messages`, { method: 'POST', json: { text: 'hi' } }))
        .status,
    ).toBe(404);
    expect((await api(token, '/negotiations/123456789012345678')).status).toBe(404);
  });

  it('records a job-status signal and validates its body', async () => {
    const token = await pro();
    const ok = await api(token, `/negotiations/${LONG}/job-status`, {
      method: 'POST',
      json: {
        status: 'invoice_paid',
        partnerStatusChangedAt: '2026-06-14T10:00:00Z',
        invoiceAmountInCents: 25500,
      },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    for (const body of [
      {},
      { status: 'done' },
      { status: 'appt_scheduled', partnerStatusChangedAt: 'yesterday' },
      { status: 'appt_scheduled', invoiceAmountInCents: 100 },
      { status: 'invoice_paid', invoiceAmountInCents: 1.5 },
      { status: 'job_complete', partnerStatusChangedAt: '2027-01-01T00:00:00Z' },
    ]) {
      const bad = await api(token, `/negotiations/${LONG}/job-status`, { method: 'POST', json: body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await api(token, `/negotiations/${LONG}/job-status`, {
      method: 'POST',
      body: 'status=job_complete',
    });
    expect(notJson.status).toBe(400);
  });
});

describe('messages', () => {
  type Page = {
    data: { messageID: string; sentAt: string; from: string; text: string }[];
    pagination: { limit: number };
  };

  it('pages a long thread newest first with limit and sentBefore', async () => {
    const token = await pro();
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const query: string = before ? `?sentBefore=${encodeURIComponent(before)}` : '';
      const page: Page = await json<Page>(await api(token, `/negotiations/${LONG}/messages${query}`));
      expect(page.pagination).toEqual({ limit: 10 });
      if (page.data.length === 0) break;
      seen.push(...page.data.map((m) => m.messageID));
      before = page.data.at(-1)?.sentAt ?? null;
    }
    expect(seen.length).toBe(28);
    expect(new Set(seen).size).toBe(28);
  });

  it('filters with sentAfter and caps limit at 20', async () => {
    const token = await pro();
    const latest = await json<Page>(await api(token, `/negotiations/${LONG}/messages?limit=20`));
    expect(latest.data).toHaveLength(20);
    const pivot = latest.data[4]?.sentAt ?? '';
    const after = await json<Page>(await api(token, `/negotiations/${LONG}/messages?sentAfter=${pivot}`));
    expect(after.data).toHaveLength(4);
    expect((await api(token, `/negotiations/${LONG}/messages?limit=21`)).status).toBe(400);
    expect((await api(token, `/negotiations/${LONG}/messages?sentBefore=last-week`)).status).toBe(400);
  });

  it('sends a message from the business, appended to the thread', async () => {
    const token = await pro();
    const response = await api(token, `/negotiations/${LONG}/messages`, {
      method: 'POST',
      json: { text: 'See you at 9!\r\nMaya' },
    });
    expect(response.status).toBe(201);
    const message = await json<Record<string, unknown>>(response);
    expect(message).toMatchObject({
      messageID: expect.stringMatching(ID),
      negotiationID: LONG,
      from: 'Business',
      text: 'See you at 9!\r\nMaya',
      attachments: [],
      sentAt: expect.stringMatching(RFC3339),
      business: { businessID: ORTIZ, displayName: 'Ortiz Handyman & Repair' },
    });
    const latest = await json<Page>(await api(token, `/negotiations/${LONG}/messages?limit=1`));
    expect(latest.data[0]?.messageID).toBe(message.messageID);
  });

  it.each([[{}], [{ text: '' }], [{ text: 'x'.repeat(16385) }], [{ text: 42 }]])(
    'refuses %j with 400',
    async (body) => {
      const response = await api(await pro(), `/negotiations/${LONG}/messages`, {
        method: 'POST',
        json: body,
      });
      expect(response.status).toBe(400);
    },
  );

  it('accepts the maximum text length', async () => {
    const response = await api(await pro(), `/negotiations/${LONG}/messages`, {
      method: 'POST',
      json: { text: 'x'.repeat(16384) },
    });
    expect(response.status).toBe(201);
  });
});

describe('reviews', () => {
  type Reviews = {
    data: { reviewID: string; rating: number; responseText?: string; createTime: string }[];
    pagination: { limit: number; offset: number; next?: string };
  };

  it('pages 18 reviews with limit/offset and an absolute next link', async () => {
    const token = await pro();
    const first = await json<Reviews>(await api(token, `/businesses/${ORTIZ}/reviews`));
    expect(first.data).toHaveLength(10);
    expect(first.pagination).toEqual({
      limit: 10,
      offset: 0,
      next: `${API}/v4/businesses/${ORTIZ}/reviews?limit=10&offset=10`,
    });
    const next = await fetch(first.pagination.next ?? '', { headers: { Authorization: `Bearer ${token}` } });
    const second = await json<Reviews>(next);
    expect(second.data).toHaveLength(8);
    expect(second.pagination.next).toBeUndefined();
    const all = [...first.data, ...second.data];
    expect(all.some((r) => r.responseText)).toBe(true);
    expect(all.some((r) => !r.responseText)).toBe(true);
  });

  it('responds to a review and returns it updated', async () => {
    const token = await pro();
    const reviews = await json<Reviews>(await api(token, `/businesses/${ORTIZ}/reviews?limit=50`));
    const open = reviews.data.find((r) => !r.responseText);
    const response = await api(token, `/businesses/${ORTIZ}/reviews/${open?.reviewID}/response`, {
      method: 'POST',
      json: { responseText: 'Thank you, Hannah!' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      reviewID: open?.reviewID,
      responseText: 'Thank you, Hannah!',
      responseTime: '2026-06-15T12:00:00Z',
    });
    expect(
      (
        await api(token, `/businesses/${ORTIZ}/reviews/${open?.reviewID}/response`, {
          method: 'POST',
          json: { responseText: ' ' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(token, `/businesses/${ORTIZ}/reviews/123456789012345678/response`, {
          method: 'POST',
          json: { responseText: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('404s reviews of a business the pro does not own', async () => {
    const token = await pro();
    const { businessID } = await foreign(token);
    expect((await api(token, `/businesses/${businessID}/reviews`)).status).toBe(404);
  });
});

describe('phone numbers', () => {
  type Phone = {
    phoneNumberID: string;
    phoneNumber: string;
    name: string;
    businessID: string;
    isDeleted: boolean;
  };

  it('lists, creates, updates and deletes with the {phoneNumbers} shape', async () => {
    const token = await pro();
    const path = `/businesses/${ORTIZ}/associate-phone-numbers`;
    const listed = await json<{ phoneNumbers: Phone[] }>(await api(token, path));
    expect(listed.phoneNumbers).toHaveLength(2);
    const created = await api(token, path, {
      method: 'POST',
      json: { phoneNumber: '+15125550199', name: 'New helper' },
    });
    expect(created.status).toBe(201);
    const phone = await json<Phone>(created);
    expect(phone).toMatchObject({
      businessID: ORTIZ,
      phoneNumber: '+15125550199',
      isDeleted: false,
      phoneNumberID: expect.stringMatching(ID),
    });
    const updated = await api(token, `${path}/${phone.phoneNumberID}`, {
      method: 'PUT',
      json: { name: 'Renamed' },
    });
    expect(await json<Phone>(updated)).toMatchObject({ name: 'Renamed', phoneNumber: '+15125550199' });
    expect((await api(token, `${path}/${phone.phoneNumberID}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json<{ phoneNumbers: Phone[] }>(await api(token, path))).phoneNumbers).toHaveLength(2);
    expect((await api(token, `${path}/${phone.phoneNumberID}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('bulk-creates and refuses invalid numbers, duplicates and empty updates', async () => {
    const token = await pro();
    const path = `/businesses/${EVERGREEN}/associate-phone-numbers`;
    const bulk = await api(token, `/businesses/${EVERGREEN}/associate-phone-numbers-bulk-create`, {
      method: 'POST',
      json: {
        phoneNumbers: [
          { phoneNumber: '+15125550101', name: 'A' },
          { phoneNumber: '+15125550102', name: 'B' },
        ],
      },
    });
    expect(bulk.status).toBe(201);
    expect((await json<{ phoneNumbers: Phone[] }>(bulk)).phoneNumbers).toHaveLength(2);
    expect(
      (await api(token, path, { method: 'POST', json: { phoneNumber: '5125550103', name: 'No plus' } }))
        .status,
    ).toBe(400);
    expect(
      (await api(token, path, { method: 'POST', json: { phoneNumber: '+445125550103', name: 'UK' } })).status,
    ).toBe(400);
    expect(
      (await api(token, path, { method: 'POST', json: { phoneNumber: '+15125550101', name: 'Dup' } })).status,
    ).toBe(409);
    const listed = await json<{ phoneNumbers: Phone[] }>(await api(token, path));
    const id = listed.phoneNumbers[0]?.phoneNumberID;
    expect((await api(token, `${path}/${id}`, { method: 'PUT', json: {} })).status).toBe(400);
  });

  it('404s phone numbers of another pro', async () => {
    const token = await pro();
    const { businessID } = await foreign(token);
    expect((await api(token, `/businesses/${businessID}/associate-phone-numbers`)).status).toBe(404);
  });
});

describe('disconnect', () => {
  it('revokes every token of this client and user and deletes the client webhooks (204)', async () => {
    const a = await login();
    const b = await login();
    const hook = await api(a.access_token, `/businesses/${ORTIZ}/webhooks`, {
      method: 'POST',
      json: { webhookURL: 'https://partner.example/hook', eventTypes: ['MessageCreatedV4'], enabled: true },
    });
    expect(hook.status).toBe(201);
    const response = await api(a.access_token, '/users/disconnect', { method: 'POST' });
    expect(response.status).toBe(204);
    expect((await api(a.access_token, '/users/self')).status).toBe(401);
    expect((await api(b.access_token, '/users/self')).status).toBe(401);
    expect((await refresh(b.refresh_token ?? '')).body.error).toBe('invalid_grant');
    const fresh = await login();
    const hooks = await json<{ data: unknown[] }>(
      await api(fresh.access_token, `/businesses/${ORTIZ}/webhooks`),
    );
    expect(hooks.data).toEqual([]);
    // The demand client's grant of another person is untouched.
    const customer = await login({}, 'demand');
    expect((await api(customer.access_token, '/users/self')).status).toBe(200);
  });
});

it('reset() restores the seeded data', async () => {
  const token = await pro();
  await api(token, `/negotiations/${LONG}/messages`, { method: 'POST', json: { text: 'extra' } });
  fake.control.reset();
  const fresh = await pro();
  const page = await json<{ data: { text: string }[] }>(
    await api(fresh, `/negotiations/${LONG}/messages?limit=1`),
  );
  expect(page.data[0]?.text).toBe('Looks seamless, thank you so much. I will leave a review.');
  expect((await api(token, '/users/self')).status).toBe(401);
});
