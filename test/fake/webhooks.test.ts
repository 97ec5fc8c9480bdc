import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, type WebhookDelivery } from '../mocks/thumbtack/index.ts';
import { api, login, startFake } from './fake-harness.ts';

// Webhook registration (business and user) and outbound delivery: envelope, authentication, which
// webhooks receive what, and the delivery log.

const received: { url: string; init: RequestInit }[] = [];
let receiverStatus = 200;
const fake = startFake({
  deliver: async (url, init) => {
    received.push({ url, init });
    if (url.includes('unreachable')) throw new TypeError('fetch failed');
    return new Response(null, { status: receiverStatus });
  },
});

const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;
const LONG = DEMO_ACCOUNTS.pro.longThreadNegotiationID;

async function pro() {
  received.length = 0;
  receiverStatus = 200;
  return (await login()).access_token;
}

async function createHook(token: string, body: Record<string, unknown>, businessID: string = ORTIZ) {
  return api(token, `/businesses/${businessID}/webhooks`, { method: 'POST', json: body });
}

function headersOf(init: RequestInit): Headers {
  return new Headers(init.headers);
}

describe('business webhooks: CRUD', () => {
  it('creates (201) without echoing the secret, then reads, lists, updates (200) and deletes (204)', async () => {
    const token = await pro();
    const created = await createHook(token, {
      webhookURL: 'https://partner.example/hooks/tt',
      eventTypes: ['MessageCreatedV4', 'NegotiationCreatedV4'],
      enabled: false,
      auth: { username: 'hello', password: 'world' },
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as Record<string, unknown>;
    expect(hook).toEqual({
      webhookID: expect.stringMatching(/^\d{18}$/),
      webhookURL: 'https://partner.example/hooks/tt',
      enabled: false,
      authType: 'Basic',
      businessID: ORTIZ,
      eventTypes: ['MessageCreatedV4', 'NegotiationCreatedV4'],
    });
    expect(JSON.stringify(hook)).not.toContain('world');
    const path = `/businesses/${ORTIZ}/webhooks/${hook.webhookID}`;
    expect(await (await api(token, path)).json()).toEqual(hook);
    const list = (await (await api(token, `/businesses/${ORTIZ}/webhooks`)).json()) as {
      data: { webhookID: string }[];
    };
    expect(list.data.map((w) => w.webhookID)).toContain(hook.webhookID);
    expect(list.data).toHaveLength(2);
    const updated = await api(token, path, {
      method: 'PUT',
      json: { enabled: true, auth: { header: 'X-Secret', value: 's3cr3t' } },
    });
    expect(updated.status).toBe(200);
    const after = (await updated.json()) as Record<string, unknown>;
    expect(after).toMatchObject({
      enabled: true,
      authType: 'CustomHeader',
      webhookURL: 'https://partner.example/hooks/tt',
    });
    expect(JSON.stringify(after)).not.toContain('s3cr3t');
    expect((await api(token, path, { method: 'DELETE' })).status).toBe(204);
    expect((await api(token, path)).status).toBe(404);
  });

  it.each([
    [
      'an http URL',
      { webhookURL: 'http://partner.example/hook', eventTypes: ['MessageCreatedV4'], enabled: true },
    ],
    // Accepted only with allowLocalhostWebhooks (mocked-network mode): webhooks-localhost.test.ts.
    [
      'an http localhost URL',
      {
        webhookURL: 'http://localhost:3000/webhooks/thumbtack',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
      },
    ],
    [
      'an http 127.0.0.1 URL',
      {
        webhookURL: 'http://127.0.0.1:3000/webhooks/thumbtack',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
      },
    ],
    [
      'an http [::1] URL',
      { webhookURL: 'http://[::1]:3000/webhooks/thumbtack', eventTypes: ['MessageCreatedV4'], enabled: true },
    ],
    ['not a URL', { webhookURL: 'https://', eventTypes: ['MessageCreatedV4'], enabled: true }],
    ['no event types', { webhookURL: 'https://partner.example/hook', eventTypes: [], enabled: true }],
    [
      'an unknown event type',
      { webhookURL: 'https://partner.example/hook', eventTypes: ['NegotationCreatedV4'], enabled: true },
    ],
    ['no enabled flag', { webhookURL: 'https://partner.example/hook', eventTypes: ['MessageCreatedV4'] }],
    [
      'half an auth',
      {
        webhookURL: 'https://partner.example/hook',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
        auth: { username: 'a' },
      },
    ],
    [
      'a bad header name',
      {
        webhookURL: 'https://partner.example/hook',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
        auth: { header: 'X Bad', value: 'v' },
      },
    ],
  ])('refuses %s with 400', async (_label, body) => {
    expect((await createHook(await pro(), body)).status).toBe(400);
  });

  it('refuses an empty update and an http URL (localhost too) on update', async () => {
    const token = await pro();
    const hook = (await (
      await createHook(token, {
        webhookURL: 'https://a.example/h',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
      })
    ).json()) as { webhookID: string };
    const path = `/businesses/${ORTIZ}/webhooks/${hook.webhookID}`;
    expect((await api(token, path, { method: 'PUT', json: {} })).status).toBe(400);
    expect(
      (await api(token, path, { method: 'PUT', json: { webhookURL: 'http://a.example/h' } })).status,
    ).toBe(400);
    expect(
      (await api(token, path, { method: 'PUT', json: { webhookURL: 'http://localhost:3000/h' } })).status,
    ).toBe(400);
  });

  it('404s a webhook through the other business path', async () => {
    const token = await pro();
    const hook = (await (
      await createHook(token, {
        webhookURL: 'https://a.example/h',
        eventTypes: ['MessageCreatedV4'],
        enabled: true,
      })
    ).json()) as { webhookID: string };
    expect((await api(token, `/businesses/${EVERGREEN}/webhooks/${hook.webhookID}`)).status).toBe(404);
  });
});

describe('user webhooks (demand)', () => {
  it('creates, lists, reads, updates and deletes for the signed-in customer', async () => {
    const token = (await login({}, 'demand')).access_token;
    const created = await api(token, '/users/webhooks', {
      method: 'POST',
      json: {
        webhookURL: 'https://market.example/hook',
        eventTypes: ['MessageCreatedV4'],
        enabled: false,
        auth: { username: 'u', password: 'p' },
      },
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as Record<string, unknown>;
    expect(hook).toMatchObject({ authType: 'Basic', userID: DEMO_ACCOUNTS.customer.userID, enabled: false });
    expect(hook.businessID).toBeUndefined();
    const path = `/users/webhooks/${hook.webhookID}`;
    expect(((await (await api(token, '/users/webhooks')).json()) as { data: unknown[] }).data).toHaveLength(
      1,
    );
    expect(await (await api(token, path)).json()).toEqual(hook);
    expect((await api(token, path, { method: 'PUT', json: { enabled: true } })).status).toBe(200);
    expect((await api(token, path, { method: 'DELETE' })).status).toBe(204);
    expect((await api(token, path)).status).toBe(404);
  });

  it('refuses an http localhost URL on user webhooks by default', async () => {
    const token = (await login({}, 'demand')).access_token;
    const response = await api(token, '/users/webhooks', {
      method: 'POST',
      json: { webhookURL: 'http://localhost:3000/hook', eventTypes: ['MessageCreatedV4'], enabled: true },
    });
    expect(response.status).toBe(400);
  });

  it('refuses business-only event types on user webhooks', async () => {
    const token = (await login({}, 'demand')).access_token;
    const response = await api(token, '/users/webhooks', {
      method: 'POST',
      json: { webhookURL: 'https://market.example/hook', eventTypes: ['ReviewCreatedV4'], enabled: true },
    });
    expect(response.status).toBe(400);
  });
});

describe('delivery', () => {
  async function enabledHook(
    token: string,
    auth?: Record<string, string>,
    events = ['MessageCreatedV4', 'NegotiationCreatedV4'],
  ) {
    const response = await createHook(token, {
      webhookURL: 'https://partner.example/receiver',
      eventTypes: events,
      enabled: true,
      ...(auth ? { auth } : {}),
    });
    return ((await response.json()) as { webhookID: string }).webhookID;
  }

  it('delivers MessageCreatedV4 when the pro sends a message, with the documented envelope and Basic auth', async () => {
    const token = await pro();
    const webhookID = await enabledHook(token, { username: 'hello', password: 'world' });
    const sent = (await (
      await api(token, `/negotiations/${LONG}/messages`, { method: 'POST', json: { text: 'On my way' } })
    ).json()) as { messageID: string };
    await fake.control.settled();
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.url).toBe('https://partner.example/receiver');
    expect(call?.init.method).toBe('POST');
    const headers = headersOf(call?.init ?? {});
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('authorization')).toBe(`Basic ${btoa('hello:world')}`);
    const body = JSON.parse(String(call?.init.body));
    expect(body).toEqual({
      event: {
        eventType: 'MessageCreatedV4',
        description: '',
        webhookID,
        triggeredAt: '2026-06-15T12:00:00Z',
      },
      data: expect.objectContaining({
        messageID: sent.messageID,
        negotiationID: LONG,
        from: 'Business',
        text: 'On my way',
      }),
    });
  });

  it('sends a custom header, or nothing, and never a signature', async () => {
    const token = await pro();
    await enabledHook(token, { header: 'X-Partner-Secret', value: 'abc123' });
    await fake.control.simulate({ event: 'message', businessID: ORTIZ });
    expect(headersOf(received[0]?.init ?? {}).get('x-partner-secret')).toBe('abc123');
    expect(headersOf(received[0]?.init ?? {}).get('authorization')).toBeNull();
    received.length = 0;
    const other = await login();
    const none = await createHook(
      other.access_token,
      { webhookURL: 'https://partner.example/plain', eventTypes: ['MessageCreatedV4'], enabled: true },
      EVERGREEN,
    );
    expect(none.status).toBe(201);
    await fake.control.simulate({ event: 'message', businessID: EVERGREEN });
    const headers = headersOf(received[0]?.init ?? {});
    expect(headers.get('authorization')).toBeNull();
    expect([...headers.keys()].filter((k) => /signature|hmac/i.test(k))).toEqual([]);
  });

  it('skips disabled webhooks and webhooks not subscribed to the event', async () => {
    const token = await pro();
    await createHook(token, {
      webhookURL: 'https://partner.example/off',
      eventTypes: ['MessageCreatedV4'],
      enabled: false,
    });
    await enabledHook(token, undefined, ['ReviewCreatedV4']);
    await fake.control.simulate({ event: 'message', businessID: ORTIZ });
    expect(received).toEqual([]);
  });

  it('records deliveries, redacting secrets, and marks failures', async () => {
    const token = await pro();
    await enabledHook(token, { username: 'hello', password: 'world' });
    receiverStatus = 500;
    const result = (await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ })) as {
      negotiation: { negotiationID: string };
      deliveries: WebhookDelivery[];
    };
    expect(result.deliveries).toHaveLength(1);
    const [delivery] = fake.control.deliveries();
    expect(delivery).toMatchObject({
      eventType: 'NegotiationCreatedV4',
      status: 500,
      ok: false,
      authType: 'Basic',
    });
    expect(delivery?.headers.Authorization).toBe('Basic [redacted]');
    expect(JSON.stringify(fake.control.deliveries())).not.toContain(btoa('hello:world'));
    expect((delivery?.body.data as { negotiationID?: string } | undefined)?.negotiationID).toBe(
      result.negotiation.negotiationID,
    );
  });

  it('records a network failure without throwing', async () => {
    const token = await pro();
    await createHook(token, {
      webhookURL: 'https://unreachable.example/h',
      eventTypes: ['NegotiationCreatedV4'],
      enabled: true,
    });
    await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ });
    expect(fake.control.deliveries()[0]).toMatchObject({ status: null, ok: false, error: 'fetch failed' });
  });

  it('test-negotiation creates a readable lead and fires NegotiationCreatedV4', async () => {
    const token = await pro();
    await enabledHook(token);
    const response = await api(token, `/businesses/${ORTIZ}/webhooks/test-negotiation`, { method: 'POST' });
    expect(response.status).toBe(201);
    const lead = (await response.json()) as {
      negotiationID: string;
      customer: { firstName: string; lastName: string };
    };
    expect(lead.customer).toMatchObject({ firstName: 'Test', lastName: 'Customer' });
    await fake.control.settled();
    expect(received).toHaveLength(1);
    expect(JSON.parse(String(received[0]?.init.body)).event.eventType).toBe('NegotiationCreatedV4');
    expect((await api(token, `/negotiations/${lead.negotiationID}`)).status).toBe(200);
  });

  it('delivers a pro message to the customer user webhook too', async () => {
    const customer = (await login({}, 'demand')).access_token;
    await api(customer, '/users/webhooks', {
      method: 'POST',
      json: { webhookURL: 'https://market.example/hook', eventTypes: ['MessageCreatedV4'], enabled: true },
    });
    const token = await pro();
    const shared = DEMO_ACCOUNTS.customer.negotiationIDs.find((id) =>
      DEMO_ACCOUNTS.pro.negotiationIDs.includes(id),
    );
    await api(token, `/negotiations/${shared}/messages`, { method: 'POST', json: { text: 'Hi Priya' } });
    await fake.control.settled();
    expect(received.map((r) => r.url)).toEqual(['https://market.example/hook']);
  });

  it('does not deliver to webhooks of another business', async () => {
    const token = await pro();
    await enabledHook(token);
    await fake.control.simulate({ event: 'message', businessID: EVERGREEN });
    expect(received).toEqual([]);
  });
});
