import { findCategory, requireCategory } from './catalogue.ts';
import type { FakeContext } from './context.ts';
import { createMessage, createRequest, makePerson, type NegotiationRecord } from './demo-data.ts';
import { parseRfc3339, SECOND } from './time.ts';
import type { MessageV4, NegotiationV4, WebhookDelivery } from './types.ts';
import { notify } from './webhook-delivery.ts';

// New customer activity "as it would arrive": a new lead for a business, or a customer message on its
// latest open lead, each delivered to the subscribed webhooks before the promise settles.

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

export type SimulationResult =
  | { event: 'negotiation'; negotiation: NegotiationV4; deliveries: WebhookDelivery[] }
  | { event: 'message'; message: MessageV4; deliveries: WebhookDelivery[] };

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

export async function simulate(
  ctx: FakeContext,
  input: { event: 'negotiation' | 'message'; businessID: string },
): Promise<SimulationResult> {
  const { world } = ctx.state;
  const business = world.businesses.get(input.businessID);
  if (!business) throw new SimulationError(404, `business ${input.businessID} not found`);
  if (input.event === 'negotiation') {
    const customer = makePerson(world, world.prng);
    const category = findCategory(world.prng.pick(business.categoryIDs)) ?? requireCategory('Handyman');
    const [record] = createRequest(world, world.prng, {
      customer,
      category,
      businesses: [business],
      createdAt: ctx.clock.now(),
    });
    if (!record) throw new SimulationError(500, 'no negotiation created');
    const deliveries = await notify(ctx, {
      eventType: 'NegotiationCreatedV4',
      data: record.negotiation,
      businessID: business.businessID,
    });
    return { event: 'negotiation', negotiation: record.negotiation, deliveries };
  }
  const leads = [...world.negotiations.values()]
    .filter((n) => n.negotiation.business.businessID === business.businessID)
    .sort((a, b) => b.negotiation.createdAt.localeCompare(a.negotiation.createdAt));
  const record = leads.find((n) => n.negotiation.status === 'Open') ?? leads[0];
  if (!record)
    throw new SimulationError(409, `business ${input.businessID} has no negotiation to message on`);
  const message = appendMessage(ctx, record, 'Customer', world.prng.pick(CUSTOMER_FOLLOW_UPS));
  const deliveries = await notify(ctx, messageEvent(record, message));
  return { event: 'message', message, deliveries };
}
