import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, type SimulateInput, type WebhookEnvelope } from '../mocks/thumbtack/index.ts';
import { api, CONTROL, login, startFake } from './fake-harness.ts';

// Webhooks as messy as Thumbtack's (docs/thumbtack/webhooks.md#early-messages-and-double-deliveries):
// simulated reviews, a "Lead Description" message before its lead, every event twice, and one event
// through an API webhook and a self-serve one. All of it deterministic: IDs from the seeded generator,
// times from the frozen clock.

const received: { url: string; body: string; headers: Headers }[] = [];
const fake = startFake({
  deliver: async (url, init) => {
    received.push({ url, body: String(init.body), headers: new Headers(init.headers) });
    return new Response(null, { status: 204 });
  },
});

const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;
const RECEIVER = 'https://console.example/webhooks/thumbtack';
const ALL_EVENTS = ['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4'];
const AUTH = { username: `business-${ORTIZ}`, password: 'derived-secret' };

/** Signs the pro in and registers one enabled receiver on Ortiz, as the console's BFF would. */
async function receiver(events: string[] = ALL_EVENTS, url = RECEIVER) {
  const token = (await login()).access_token;
  const response = await api(token, `/businesses/${ORTIZ}/webhooks`, {
    method: 'POST',
    json: { webhookURL: url, eventTypes: events, enabled: true, auth: AUTH },
  });
  expect(response.status).toBe(201);
  const { webhookID } = (await response.json()) as { webhookID: string };
  received.length = 0;
  return { token, webhookID };
}

function envelopes(): WebhookEnvelope[] {
  return received.map((r) => JSON.parse(r.body) as WebhookEnvelope);
}

function control(path: string, body: unknown) {
  return fetch(`${CONTROL}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('simulate review', () => {
  it('adds a review as the newest of the business and delivers ReviewCreatedV4 with it', async () => {
    const { token, webhookID } = await receiver();
    const before = (await (await api(token, `/businesses/${ORTIZ}/reviews?limit=50`)).json()) as {
      data: unknown[];
    };
    const result = await fake.control.simulate({ event: 'review', businessID: ORTIZ });
    expect(result.review).toEqual({
      reviewID: expect.stringMatching(/^\d{18}$/),
      reviewText: expect.stringMatching(/\S/),
      rating: expect.any(Number),
      createTime: '2026-06-15T12:00:00Z',
      reviewerName: expect.stringMatching(/^[A-Z][a-z]+ [A-Z]\.$/),
      negotiationID: expect.stringMatching(/^\d{18}$/),
      categoryID: expect.stringMatching(/^\d+$/),
      images: [],
    });
    expect([1, 2, 3, 4, 5]).toContain(result.review.rating);
    const after = (await (await api(token, `/businesses/${ORTIZ}/reviews?limit=50`)).json()) as {
      data: unknown[];
    };
    expect(after.data).toHaveLength(before.data.length + 1);
    expect(after.data[0]).toEqual(result.review);
    expect(envelopes()).toEqual([
      {
        event: {
          eventType: 'ReviewCreatedV4',
          description: '',
          webhookID,
          triggeredAt: '2026-06-15T12:00:00Z',
        },
        data: result.review,
      },
    ]);
    expect(result.deliveries).toMatchObject([
      { eventType: 'ReviewCreatedV4', webhookID, url: RECEIVER, status: 204, ok: true },
    ]);
  });

  it('reaches only webhooks subscribed to ReviewCreatedV4, and only business webhooks', async () => {
    await receiver(['NegotiationCreatedV4', 'MessageCreatedV4']);
    const result = await fake.control.simulate({ event: 'review', businessID: ORTIZ });
    expect(result.deliveries).toEqual([]);
    expect(received).toEqual([]);
  });

  it('logs the review as it was sent, not as it is after the pro answers it', async () => {
    const { token } = await receiver();
    const { review } = await fake.control.simulate({ event: 'review', businessID: ORTIZ });
    const answered = await api(token, `/businesses/${ORTIZ}/reviews/${review.reviewID}/response`, {
      method: 'POST',
      json: { responseText: 'Thank you!' },
    });
    expect(answered.status).toBe(200);
    const [delivery] = fake.control.deliveries();
    expect(delivery?.body.data).toEqual(review);
    expect(delivery?.body.data).not.toHaveProperty('responseText');
  });

  it('is on the JSON control surface too', async () => {
    await receiver();
    const response = await control('/simulate', { event: 'review', businessID: EVERGREEN });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { event: string; review: { reviewID: string }; deliveries: [] };
    expect(body).toMatchObject({ event: 'review', review: { reviewID: expect.any(String) }, deliveries: [] });
    expect((await control('/simulate', { event: 'review', businessID: '1' })).status).toBe(404);
  });
});

describe('simulate negotiation with messageFirst', () => {
  it('delivers a "Lead Description" message before its lead, and keeps it in the thread', async () => {
    const { token, webhookID } = await receiver();
    const result = await fake.control.simulate({
      event: 'negotiation',
      businessID: ORTIZ,
      messageFirst: true,
    });
    const { negotiation, message } = result;
    expect(message).toMatchObject({
      messageID: expect.stringMatching(/^\d{18}$/),
      negotiationID: negotiation.negotiationID,
      from: 'Customer',
      text: negotiation.request.description,
      sentAt: negotiation.createdAt,
    });
    expect(envelopes().map((e) => [e.event.eventType, e.event.webhookID])).toEqual([
      ['MessageCreatedV4', webhookID],
      ['NegotiationCreatedV4', webhookID],
    ]);
    expect(envelopes()[0]?.data).toEqual(message);
    expect(envelopes()[1]?.data).toEqual(negotiation);
    expect(result.deliveries.map((d) => d.eventType)).toEqual(['MessageCreatedV4', 'NegotiationCreatedV4']);
    const thread = (await (
      await api(token, `/negotiations/${negotiation.negotiationID}/messages`)
    ).json()) as {
      data: { messageID: string; text: string }[];
    };
    expect(thread.data).toEqual([message]);
  });

  it('without it, delivers the lead alone and leaves the thread empty (as before)', async () => {
    const { token } = await receiver();
    const result = await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ });
    expect(result.message).toBeUndefined();
    expect(envelopes().map((e) => e.event.eventType)).toEqual(['NegotiationCreatedV4']);
    const thread = (await (
      await api(token, `/negotiations/${result.negotiation.negotiationID}/messages`)
    ).json()) as { data: unknown[] };
    expect(thread.data).toEqual([]);
  });
});

describe('simulate with duplicate', () => {
  it('delivers each event twice to each webhook, byte for byte the same body', async () => {
    const { webhookID } = await receiver();
    const result = await fake.control.simulate({ event: 'message', businessID: ORTIZ, duplicate: true });
    expect(received).toHaveLength(2);
    expect(received[0]?.url).toBe(RECEIVER);
    expect(received[1]?.body).toBe(received[0]?.body);
    expect(envelopes()[0]?.data).toEqual(result.message);
    expect(result.deliveries).toHaveLength(2);
    const [first, second] = result.deliveries;
    expect(first).toMatchObject({ webhookID, eventType: 'MessageCreatedV4', status: 204 });
    expect(second).toMatchObject({ webhookID, eventType: 'MessageCreatedV4', status: 204 });
    expect(second?.deliveryID).not.toBe(first?.deliveryID);
    expect(fake.control.deliveries()).toHaveLength(2);
  });

  it('with messageFirst: the message twice, then the lead twice', async () => {
    await receiver();
    await fake.control.simulate({
      event: 'negotiation',
      businessID: ORTIZ,
      messageFirst: true,
      duplicate: true,
    });
    expect(envelopes().map((e) => e.event.eventType)).toEqual([
      'MessageCreatedV4',
      'MessageCreatedV4',
      'NegotiationCreatedV4',
      'NegotiationCreatedV4',
    ]);
  });
});

describe('delivery through two webhooks at once', () => {
  it('gives each of two enabled webhooks its own delivery, with its own webhookID', async () => {
    const first = await receiver();
    const second = await receiver(ALL_EVENTS, 'https://console.example/webhooks/other');
    const result = await fake.control.simulate({ event: 'review', businessID: ORTIZ });
    expect(envelopes().map((e) => e.event.webhookID)).toEqual([first.webhookID, second.webhookID]);
    expect(result.deliveries.map((d) => [d.webhookID, d.url])).toEqual([
      [first.webhookID, RECEIVER],
      [second.webhookID, 'https://console.example/webhooks/other'],
    ]);
  });

  it('alsoSelfServe adds a self-serve twin (same URL and auth, own webhookID) and delivers through both', async () => {
    const { token, webhookID } = await receiver();
    const result = await fake.control.simulate({
      event: 'negotiation',
      businessID: ORTIZ,
      alsoSelfServe: true,
    });
    expect(result.selfServeWebhookIDs).toEqual([expect.stringMatching(/^\d{18}$/)]);
    const twinID = result.selfServeWebhookIDs?.[0];
    expect(twinID).not.toBe(webhookID);
    expect(received.map((r) => r.url)).toEqual([RECEIVER, RECEIVER]);
    expect(envelopes().map((e) => e.event.webhookID)).toEqual([webhookID, twinID]);
    const basic = `Basic ${btoa(`${AUTH.username}:${AUTH.password}`)}`;
    expect(received.map((r) => r.headers.get('authorization'))).toEqual([basic, basic]);
    expect(envelopes()[1]?.data).toEqual(envelopes()[0]?.data);
    expect(result.deliveries.map((d) => [d.webhookID, d.authType, d.status])).toEqual([
      [webhookID, 'Basic', 204],
      [twinID, 'Basic', 204],
    ]);
    // The twin is the pro's, made in Thumbtack's own screen: the partner API neither lists nor reads it.
    const listed = (await (await api(token, `/businesses/${ORTIZ}/webhooks`)).json()) as {
      data: { webhookID: string }[];
    };
    expect(listed.data.map((w) => w.webhookID)).not.toContain(twinID);
    expect((await api(token, `/businesses/${ORTIZ}/webhooks/${twinID}`)).status).toBe(404);
  });

  it('keeps the twin: later events (API-triggered ones too) go through both; asking again reuses it', async () => {
    const { token, webhookID } = await receiver();
    const first = await fake.control.simulate({ event: 'review', businessID: ORTIZ, alsoSelfServe: true });
    received.length = 0;
    const lead = await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ });
    expect(lead.deliveries.map((d) => d.webhookID)).toEqual([webhookID, first.selfServeWebhookIDs?.[0]]);
    received.length = 0;
    await api(token, `/negotiations/${lead.negotiation.negotiationID}/messages`, {
      method: 'POST',
      json: { text: 'Hi! When suits you?' },
    });
    await fake.control.settled();
    expect(envelopes().map((e) => e.event.webhookID)).toEqual([webhookID, first.selfServeWebhookIDs?.[0]]);
    const again = await fake.control.simulate({ event: 'message', businessID: ORTIZ, alsoSelfServe: true });
    expect(again.selfServeWebhookIDs).toEqual(first.selfServeWebhookIDs);
    expect(again.deliveries).toHaveLength(2);
  });

  it('with duplicate: both webhooks, twice (each round to every webhook before the next)', async () => {
    const { webhookID } = await receiver();
    const result = await fake.control.simulate({
      event: 'message',
      businessID: ORTIZ,
      alsoSelfServe: true,
      duplicate: true,
    });
    const twinID = result.selfServeWebhookIDs?.[0];
    expect(result.deliveries.map((d) => d.webhookID)).toEqual([webhookID, twinID, webhookID, twinID]);
    expect(new Set(received.map((r) => r.body)).size).toBe(2);
  });

  it('refuses alsoSelfServe (409) when the business has no enabled webhook to copy, changing nothing', async () => {
    const token = (await login()).access_token;
    const leads = async () =>
      ((await (await api(token, `/businesses/${ORTIZ}/negotiations?limit=50`)).json()) as { data: unknown[] })
        .data.length;
    const count = await leads();
    const response = await control('/simulate', {
      event: 'negotiation',
      businessID: ORTIZ,
      alsoSelfServe: true,
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'simulation_failed' });
    expect(await leads()).toBe(count);
    await expect(
      fake.control.simulate({ event: 'review', businessID: ORTIZ, alsoSelfServe: true }),
    ).rejects.toThrow(/no enabled webhook/);
  });
});

describe('the simulate input', () => {
  it('takes every option as JSON and lists the deliveries made, with their status', async () => {
    const { webhookID } = await receiver();
    const response = await control('/simulate', {
      event: 'negotiation',
      businessID: ORTIZ,
      messageFirst: true,
      duplicate: true,
      alsoSelfServe: true,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      selfServeWebhookIDs: string[];
      deliveries: { webhookID: string; eventType: string; status: number; ok: boolean }[];
    };
    const twinID = body.selfServeWebhookIDs[0];
    expect(body.deliveries.map((d) => [d.eventType, d.webhookID, d.status, d.ok])).toEqual([
      ['MessageCreatedV4', webhookID, 204, true],
      ['MessageCreatedV4', twinID, 204, true],
      ['MessageCreatedV4', webhookID, 204, true],
      ['MessageCreatedV4', twinID, 204, true],
      ['NegotiationCreatedV4', webhookID, 204, true],
      ['NegotiationCreatedV4', twinID, 204, true],
      ['NegotiationCreatedV4', webhookID, 204, true],
      ['NegotiationCreatedV4', twinID, 204, true],
    ]);
  });

  it.each([
    ['an unknown event', { event: 'preset', businessID: ORTIZ }],
    ['a misspelt option', { event: 'negotiation', businessID: ORTIZ, duplicates: true }],
    ['messageFirst on a message', { event: 'message', businessID: ORTIZ, messageFirst: true }],
    ['messageFirst on a review', { event: 'review', businessID: ORTIZ, messageFirst: true }],
    ['a non-boolean option', { event: 'review', businessID: ORTIZ, duplicate: 'yes' }],
  ])('refuses %s with 400, and programmatically', async (_label, input) => {
    const response = await control('/simulate', input);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    await expect(fake.control.simulate(input as SimulateInput)).rejects.toThrow();
  });

  it('repeats from a reset but for the IDs, which are never handed out twice', async () => {
    const run = async () => {
      await receiver();
      const results = [
        await fake.control.simulate({
          event: 'negotiation',
          businessID: ORTIZ,
          messageFirst: true,
          duplicate: true,
          alsoSelfServe: true,
        }),
        await fake.control.simulate({ event: 'review', businessID: ORTIZ }),
        await fake.control.simulate({ event: 'message', businessID: ORTIZ, duplicate: true }),
      ] as const;
      return { results, sent: [...received] };
    };
    // Every 18-digit ID of a run, and the run with each replaced by its order of first appearance.
    const ids = (value: unknown) => [...new Set(JSON.stringify(value).match(/\b[2-5]\d{17}\b/g) ?? [])];
    const numbered = (value: unknown) => {
      let text = JSON.stringify(value);
      ids(value).forEach((id, i) => {
        text = text.replaceAll(id, `id#${i}`);
      });
      return JSON.parse(text);
    };
    const first = await run();
    fake.control.reset();
    const second = await run();
    expect(numbered(second.results)).toEqual(numbered(first.results));
    expect(numbered(second.sent.map((r) => r.body))).toEqual(numbered(first.sent.map((r) => r.body)));
    expect(first.sent).toHaveLength(8 + 2 + 4);
    // The demo world's own IDs (the business, its leads) repeat; what the runs created does not.
    const created = (run: typeof first) =>
      [
        run.results[0].negotiation.negotiationID,
        run.results[0].message?.messageID,
        run.results[1].review.reviewID,
        run.results[2].message.messageID,
        ...(run.results[0].selfServeWebhookIDs ?? []),
      ].filter((id): id is string => typeof id === 'string');
    expect(created(first)).toHaveLength(5);
    for (const id of created(second)) expect(created(first)).not.toContain(id);
  });
});
