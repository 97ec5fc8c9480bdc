import { findCategory, requireCategory } from './catalogue.ts';
import type { FakeContext } from './context.ts';
import {
  type BusinessRecord,
  createMessage,
  createRequest,
  makePerson,
  type NegotiationRecord,
  reviewerName,
} from './demo-data.ts';
import { parseRfc3339, SECOND, toRfc3339 } from './time.ts';
import type {
  MessageV4,
  ReviewV4,
  SimulateInput,
  SimulationResult,
  WebhookDelivery,
  WebhookRecord,
} from './types.ts';
import { notify } from './webhook-delivery.ts';

// New customer activity "as it would arrive": a new lead for a business, a customer message on its
// latest open lead, or a new review, each delivered to the subscribed webhooks before the promise
// settles; optionally as messily as Thumbtack delivers (a message before its lead, every event twice,
// through a self-serve webhook as well). docs/decisions/043-fake-webhook-delivery.md

export class SimulationError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const CUSTOMER_FOLLOW_UPS = [
  'Hi, just checking in. Are you still available this week?',
  'Quick question: do you bring your own materials or should I buy them?',
  'Thanks! Could we move it an hour later?',
  'Is there parking info you need? There is a driveway on the left.',
  'Sounds great. See you then!',
];

/** Appends a message to a thread, always after the last one (threads stay in order under a frozen clock). */
export function appendMessage(
  ctx: FakeContext,
  record: NegotiationRecord,
  from: 'Customer' | 'Business',
  text: string,
) {
  const thread = ctx.state.world.messages.get(record.negotiation.negotiationID) ?? [];
  const last = thread.at(-1);
  const lastAt = last ? (parseRfc3339(last.sentAt) ?? 0) : 0;
  const sentAt = Math.max(ctx.clock.now(), lastAt + SECOND);
  return createMessage(ctx.state.world, ctx.state.world.prng, record, from, text, sentAt);
}

/** MessageCreatedV4 goes to the business's webhooks and to the customer's user webhooks. */
export function messageEvent(record: NegotiationRecord, message: MessageV4) {
  return {
    eventType: 'MessageCreatedV4' as const,
    data: message,
    businessID: record.negotiation.business.businessID,
    userIDs: [record.customerUserID],
  };
}

const NEW_REVIEWS = [
  'Showed up on time, fixed everything on the list and cleaned up after. Highly recommend.',
  'Fair price and great communication from the first message to the last.',
  'Did a careful job, though it took a second visit to finish.',
  'Quick, friendly and clearly knows the trade. We will call again.',
  'The work is fine but scheduling was harder than it should have been.',
];

/** A self-serve webhook carries leads, messages and reviews (docs/thumbtack/webhooks.md#self-serve-webhooks). */
const SELF_SERVE_EVENT_TYPES = ['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4'];

/**
 * Gives each enabled API webhook of the business a self-serve twin, as if the pro had also made one in
 * Thumbtack's own screen: same URL, authentication and (lead, message, review) event types, its own
 * webhookID, no OAuth client. An existing twin is reused. Twins stay until reset and receive every later
 * event too; the partner API does not show them.
 */
function selfServeTwins(ctx: FakeContext, businessID: string): string[] {
  const { world } = ctx.state;
  const hooks = [...world.webhooks.values()].filter(
    (w) => w.owner.kind === 'business' && w.owner.businessID === businessID,
  );
  const originals = hooks.filter((w) => w.enabled && w.selfServeOf === undefined);
  const ids: string[] = [];
  for (const original of originals) {
    const eventTypes = original.eventTypes.filter((t) => SELF_SERVE_EVENT_TYPES.includes(t));
    if (eventTypes.length === 0) continue;
    const existing = hooks.find((w) => w.selfServeOf === original.webhookID);
    if (existing) {
      ids.push(existing.webhookID);
      continue;
    }
    const twin: WebhookRecord = {
      webhookID: world.prng.id(),
      webhookURL: original.webhookURL,
      enabled: true,
      eventTypes,
      auth: structuredClone(original.auth),
      owner: { kind: 'business', businessID },
      clientID: null,
      selfServeOf: original.webhookID,
    };
    world.webhooks.set(twin.webhookID, twin);
    ids.push(twin.webhookID);
  }
  if (ids.length === 0)
    throw new SimulationError(
      409,
      `business ${businessID} has no enabled webhook for a self-serve twin to copy`,
    );
  return ids;
}

/** The business's newest lead, open ones first: where a customer writes next. */
function latestLead(ctx: FakeContext, businessID: string): NegotiationRecord {
  const leads = [...ctx.state.world.negotiations.values()]
    .filter((n) => n.negotiation.business.businessID === businessID)
    .sort((a, b) => b.negotiation.createdAt.localeCompare(a.negotiation.createdAt));
  const record = leads.find((n) => n.negotiation.status === 'Open') ?? leads[0];
  if (!record) throw new SimulationError(409, `business ${businessID} has no negotiation to message on`);
  return record;
}

/**
 * A new review, first (newest) in the business's list. Its author is the customer of the newest hired
 * (Picked) lead without a review yet, or a stranger on a lead the fake does not keep, as seeded reviews
 * may be.
 */
function addReview(ctx: FakeContext, business: BusinessRecord): ReviewV4 {
  const { world } = ctx.state;
  const reviews = world.reviews.get(business.businessID) ?? [];
  const reviewed = new Set(reviews.map((r) => r.negotiationID));
  const hired = [...world.negotiations.values()]
    .filter(
      (n) =>
        n.negotiation.business.businessID === business.businessID &&
        n.negotiation.status === 'Picked' &&
        !reviewed.has(n.negotiation.negotiationID),
    )
    .sort((a, b) => b.negotiation.createdAt.localeCompare(a.negotiation.createdAt))[0]?.negotiation;
  const review: ReviewV4 = {
    reviewID: world.prng.id(),
    reviewText: world.prng.pick(NEW_REVIEWS),
    rating: world.prng.pick([5, 5, 5, 4, 4, 3, 1]),
    createTime: toRfc3339(ctx.clock.now()),
    reviewerName: hired
      ? `${hired.customer.firstName} ${hired.customer.lastName.slice(0, 1)}.`
      : reviewerName(world.prng),
    negotiationID: hired?.negotiationID ?? world.prng.id(),
    categoryID: hired?.request.category.categoryID ?? world.prng.pick(business.categoryIDs),
    images: [],
  };
  world.reviews.set(business.businessID, [review, ...reviews]);
  return review;
}

export async function simulate(ctx: FakeContext, input: SimulateInput): Promise<SimulationResult> {
  const { world } = ctx.state;
  const business = world.businesses.get(input.businessID);
  if (!business) throw new SimulationError(404, `business ${input.businessID} not found`);
  // Everything that can refuse does so before anything changes.
  const lead = input.event === 'message' ? latestLead(ctx, business.businessID) : undefined;
  const twins = input.alsoSelfServe ? { selfServeWebhookIDs: selfServeTwins(ctx, business.businessID) } : {};
  const options = { copies: input.duplicate ? 2 : 1 };
  const businessID = business.businessID;

  if (input.event === 'review') {
    const review = addReview(ctx, business);
    const deliveries = await notify(ctx, { eventType: 'ReviewCreatedV4', data: review, businessID }, options);
    return { event: 'review', review, deliveries, ...twins };
  }
  if (lead) {
    const message = appendMessage(ctx, lead, 'Customer', world.prng.pick(CUSTOMER_FOLLOW_UPS));
    const deliveries = await notify(ctx, messageEvent(lead, message), options);
    return { event: 'message', message, deliveries, ...twins };
  }
  const customer = makePerson(world, world.prng);
  const category = findCategory(world.prng.pick(business.categoryIDs)) ?? requireCategory('Handyman');
  const [record] = createRequest(world, world.prng, {
    customer,
    category,
    businesses: [business],
    createdAt: ctx.clock.now(),
  });
  if (!record) throw new SimulationError(500, 'no negotiation created');
  const deliveries: WebhookDelivery[] = [];
  let message: MessageV4 | undefined;
  if (input.event === 'negotiation' && input.messageFirst) {
    // Thumbtack posts the request's text as a "Lead Description" message, which can overtake the lead
    // (docs/thumbtack/webhooks.md#early-messages-and-double-deliveries): delivered, and finished, before
    // the lead is.
    message = appendMessage(ctx, record, 'Customer', record.negotiation.request.description);
    deliveries.push(...(await notify(ctx, messageEvent(record, message), options)));
  }
  deliveries.push(
    ...(await notify(
      ctx,
      { eventType: 'NegotiationCreatedV4', data: record.negotiation, businessID },
      options,
    )),
  );
  return {
    event: 'negotiation',
    negotiation: record.negotiation,
    ...(message ? { message } : {}),
    deliveries,
    ...twins,
  };
}
