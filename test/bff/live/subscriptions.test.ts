import { describe, expect, it } from 'vitest';
import { createHarness, signIn } from '../../support/console-harness.ts';
import { readEvents } from '../../support/sse.ts';
import { EVERGREEN, ORTIZ, OTHER_BUSINESS } from './live-support.ts';

// /live/subscriptions (docs/live-updates.md, "Turning it on"): one business webhook per business,
// created or re-enabled idempotently, pointing at this console with credentials derived per business;
// and then the fake Thumbtack's own deliveries reach the pro's stream.

const WEBHOOK_URL = 'http://localhost/webhooks/thumbtack';

async function signedIn(env: Record<string, string> = {}) {
  const h = createHarness({ env });
  const browser = h.browser();
  await signIn(h, browser);
  return { h, browser };
}

interface WebhookView {
  webhookURL: string;
  enabled: boolean;
  eventTypes: string[];
  authType: string;
}

/** The business's webhooks that point at this console, as Thumbtack lists them (through the proxy). */
async function consoleWebhooks(browser: Awaited<ReturnType<typeof signedIn>>['browser'], businessID: string) {
  const res = await browser.request(`/api/v4/businesses/${businessID}/webhooks`);
  const { data } = (await res.json()) as { data: WebhookView[] };
  return data.filter((w) => w.webhookURL === WEBHOOK_URL);
}

describe('live update subscriptions', () => {
  it('lists each business of the pro as off at first', async () => {
    const { browser } = await signedIn();
    const res = await browser.request('/live/subscriptions');
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toEqual([
      { businessID: ORTIZ, name: expect.any(String), live: false },
      { businessID: EVERGREEN, name: expect.any(String), live: false },
    ]);
  });

  it('turns a business on with one webhook for the three events and derived Basic credentials; again is a no-op', async () => {
    const { browser } = await signedIn();
    const on = () =>
      browser.request('/live/subscriptions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ businessID: ORTIZ }),
      });
    const first = await on();
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ businessID: ORTIZ, live: true });
    const again = await on();
    expect(again.status).toBe(200);
    const hooks = await consoleWebhooks(browser, ORTIZ);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      enabled: true,
      eventTypes: expect.arrayContaining(['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4']),
      authType: 'Basic',
    });
    const list = await (await browser.request('/live/subscriptions')).json();
    expect(list.data.find((b: { businessID: string }) => b.businessID === ORTIZ).live).toBe(true);
  });

  it('turns it off by disabling the webhook, and on again by re-enabling the same one', async () => {
    const { browser } = await signedIn();
    const post = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ businessID: ORTIZ }),
    };
    await browser.request('/live/subscriptions', post);
    const off = await browser.request(`/live/subscriptions/${ORTIZ}`, { method: 'DELETE' });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ businessID: ORTIZ, live: false });
    expect((await consoleWebhooks(browser, ORTIZ)).map((w) => w.enabled)).toEqual([false]);
    await browser.request('/live/subscriptions', post);
    expect((await consoleWebhooks(browser, ORTIZ)).map((w) => w.enabled)).toEqual([true]);
  });

  it("refuses another pro's business: 404, and nothing is created there", async () => {
    const { h, browser } = await signedIn();
    const calls = () => h.fake.control.stats().api;
    const res = await browser.request('/live/subscriptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ businessID: OTHER_BUSINESS }),
    });
    expect(res.status).toBe(404);
    // Only the ownership check reached Thumbtack: no webhook was asked for on the other business.
    const before = calls();
    expect(
      (await browser.request(`/live/subscriptions/${OTHER_BUSINESS}`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(calls() - before).toBe(1);
    expect(
      (await browser.request(`/live/subscriptions/${OTHER_BUSINESS}`, { method: 'DELETE' })).status,
    ).toBe(404);
  });

  it.each([
    ['no body', undefined],
    ['an ID that is not one', JSON.stringify({ businessID: '../1' })],
    ['extra fields', JSON.stringify({ businessID: ORTIZ, webhookURL: 'https://evil.example' })],
  ])('refuses %s with 400', async (_, body) => {
    const { browser } = await signedIn();
    const res = await browser.request('/live/subscriptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
  });

  it('needs the webhook scopes: 403 without them, before Thumbtack is asked', async () => {
    const { h, browser } = await signedIn({
      THUMBTACK_SCOPES: 'supply::businesses.list supply::users.read offline_access openid profile',
    });
    const calls = h.fake.control.stats().api;
    const res = await browser.request('/live/subscriptions');
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('insufficient_scope');
    expect(h.fake.control.stats().api).toBe(calls);
  });

  it('once on, the fake’s own deliveries (a lead, a message first, a review, duplicates) reach the stream once each', async () => {
    const { h, browser } = await signedIn();
    await browser.request('/live/subscriptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ businessID: ORTIZ }),
    });
    const stream = readEvents(await browser.request('/live/events'));
    await h.fake.control.simulate({
      event: 'negotiation',
      businessID: ORTIZ,
      messageFirst: true,
      duplicate: true,
    });
    const [message, lead] = await stream.next(2);
    expect(message?.event).toBe('message');
    expect(lead?.event).toBe('lead');
    expect(JSON.parse(message?.data ?? '{}').negotiationID).toBe(
      JSON.parse(lead?.data ?? '{}').negotiationID,
    );
    await h.fake.control.simulate({ event: 'review', businessID: ORTIZ, alsoSelfServe: true });
    const [review] = await stream.next();
    expect(review?.event).toBe('review');
    expect(await stream.quiet(200)).toEqual([]);
    await stream.close();
  });
});
