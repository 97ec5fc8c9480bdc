import { describe, expect, it } from 'vitest';
import { createHarness, signIn } from '../../support/console-harness.ts';
import { readEvents } from '../../support/sse.ts';
import {
  basicFor,
  deliver,
  EVERGREEN,
  leadEnvelope,
  messageEnvelope,
  ORTIZ,
  OTHER_BUSINESS,
  reviewEnvelope,
} from './live-support.ts';

// POST /webhooks/thumbtack (docs/live-updates.md, "Receiving"): HTTP Basic credentials derived per
// business, the documented envelope, a size limit, deduplication, and no session or X-CSRF.

async function streamOf(h: ReturnType<typeof createHarness>) {
  const browser = h.browser();
  await signIn(h, browser);
  const res = await browser.request('/live/events');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return readEvents(res);
}

describe('the webhook receiver', () => {
  it('accepts a delivery with the business’s own credentials: 204, and the pro’s stream gets it', async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const body = leadEnvelope(ORTIZ);
    const res = await deliver(h, body, await basicFor(h, ORTIZ));
    expect(res.status).toBe(204);
    const [event] = await stream.next();
    expect(event?.event).toBe('lead');
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({
      businessID: ORTIZ,
      negotiationID: body.data.negotiationID,
      negotiation: { customer: { firstName: 'Dana' } },
    });
    await stream.close();
  });

  it.each([
    ['no credentials', async () => undefined],
    ['a wrong password', async () => `Basic ${btoa(`business-${ORTIZ}:not-the-password`)}`],
    ['a user name that is not a business', async () => `Basic ${btoa('admin:admin')}`],
    ['a Bearer token', async () => 'Bearer something'],
  ])('refuses %s with 401, and pushes nothing', async (_, header) => {
    const h = createHarness();
    const stream = await streamOf(h);
    const res = await deliver(h, leadEnvelope(ORTIZ), await header());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await res.json()).error.code).toBe('invalid_credentials');
    expect(await stream.quiet()).toEqual([]);
    await stream.close();
  });

  it("refuses another business's credentials: 401 for a lead of Ortiz sent with Evergreen's", async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const evergreenPassword = (await basicFor(h, EVERGREEN)).slice('Basic '.length);
    const [, password] = atob(evergreenPassword).split(':');
    // Evergreen's password under Ortiz's name does not verify …
    expect(
      (await deliver(h, leadEnvelope(ORTIZ), `Basic ${btoa(`business-${ORTIZ}:${password}`)}`)).status,
    ).toBe(401);
    // … and Evergreen's own credentials do not carry an Ortiz lead.
    expect((await deliver(h, leadEnvelope(ORTIZ), await basicFor(h, EVERGREEN))).status).toBe(401);
    expect(await stream.quiet()).toEqual([]);
    await stream.close();
  });

  it.each([
    ['not JSON', '{"event":'],
    ['no event', { data: {} }],
    ['no data', { event: leadEnvelope(ORTIZ).event }],
    [
      'a webhookID that is not an ID',
      { ...leadEnvelope(ORTIZ), event: { ...leadEnvelope(ORTIZ).event, webhookID: 'x' } },
    ],
    [
      'a lead without its negotiationID',
      { ...leadEnvelope(ORTIZ), data: { business: { businessID: ORTIZ } } },
    ],
    ['an array', []],
  ])('refuses a body that is not the documented envelope (%s) with 400', async (_, body) => {
    const h = createHarness();
    const res = await deliver(h, body, await basicFor(h, ORTIZ));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_request');
  });

  it('acknowledges an event type it does not show, without pushing it', async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const body = {
      ...leadEnvelope(ORTIZ),
      event: { ...leadEnvelope(ORTIZ).event, eventType: 'PresetJobMatchedV4' },
    };
    expect((await deliver(h, body, await basicFor(h, ORTIZ))).status).toBe(204);
    expect(await stream.quiet()).toEqual([]);
    await stream.close();
  });

  it('refuses a body over 64 KB with 413, declared or not', async () => {
    const h = createHarness();
    const big = {
      ...leadEnvelope(ORTIZ),
      data: { ...leadEnvelope(ORTIZ).data, padding: 'x'.repeat(70_000) },
    };
    const declared = await deliver(h, big, await basicFor(h, ORTIZ));
    expect(declared.status).toBe(413);
    const text = JSON.stringify(big);
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const res = await deliver(h, undefined, await basicFor(h, ORTIZ), {
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('pushes a duplicate delivery once (at least once, and two webhooks for one event)', async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const body = leadEnvelope(ORTIZ);
    const auth = await basicFor(h, ORTIZ);
    expect((await deliver(h, body, auth)).status).toBe(204);
    expect((await deliver(h, body, auth)).status).toBe(204);
    // The same lead through a second (self-serve) webhook: another webhookID, the same lead.
    const other = { ...body, event: { ...body.event, webhookID: '590298304139583999' } };
    expect((await deliver(h, other, auth)).status).toBe(204);
    expect(await stream.next()).toHaveLength(1);
    expect(await stream.quiet()).toEqual([]);
    expect(h.logs.filter((l) => l.includes('webhook duplicate'))).toHaveLength(2);
    await stream.close();
  });

  it('passes a message that comes before its lead, then the lead: both reach the stream, in order', async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const lead = leadEnvelope(ORTIZ);
    const auth = await basicFor(h, ORTIZ);
    await deliver(h, messageEnvelope(ORTIZ, lead.data.negotiationID), auth);
    await deliver(h, lead, auth);
    const [message, arrived] = await stream.next(2);
    expect(message?.event).toBe('message');
    expect(JSON.parse(message?.data ?? '{}').negotiationID).toBe(lead.data.negotiationID);
    expect(arrived?.event).toBe('lead');
    await stream.close();
  });

  it('passes reviews, which name no business: the credentials say whose', async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    const review = reviewEnvelope();
    expect((await deliver(h, review, await basicFor(h, EVERGREEN))).status).toBe(204);
    const [event] = await stream.next();
    expect(event?.event).toBe('review');
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({
      businessID: EVERGREEN,
      reviewID: review.data.reviewID,
    });
    await stream.close();
  });

  it("never shows a pro another pro's events", async () => {
    const h = createHarness();
    const stream = await streamOf(h);
    expect((await deliver(h, leadEnvelope(OTHER_BUSINESS), await basicFor(h, OTHER_BUSINESS))).status).toBe(
      204,
    );
    expect(await stream.quiet(300)).toEqual([]);
    await stream.close();
  });

  it('is rate-limited per client IP like the other server-to-server doors', async () => {
    const h = createHarness({ env: { WEBHOOK_RATE_LIMIT: '2' } });
    const auth = await basicFor(h, ORTIZ);
    expect((await deliver(h, leadEnvelope(ORTIZ), auth)).status).toBe(204);
    expect((await deliver(h, leadEnvelope(ORTIZ), auth)).status).toBe(204);
    const limited = await deliver(h, leadEnvelope(ORTIZ), auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('needs neither a session nor X-CSRF, and sets no cookie', async () => {
    const h = createHarness();
    const res = await deliver(h, leadEnvelope(ORTIZ), await basicFor(h, ORTIZ));
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
