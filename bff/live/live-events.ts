import { z } from 'zod';

/**
 * What Thumbtack delivers (docs/thumbtack/webhooks.md#envelope) and what the console's stream sends
 * (docs/live-updates.md). Deliveries are checked field by field before anything is passed on: a
 * webhook body is data from outside, authenticated only by a password.
 */
const id = z.string().regex(/^\d{1,19}$/);
const text = (max: number) => z.string().max(max);

const EnvelopeSchema = z.object({
  event: z.object({
    eventType: text(64),
    description: text(1000),
    webhookID: id,
    triggeredAt: text(64),
  }),
  data: z.record(z.string(), z.unknown()),
});

/** The parts of a lead the console reads; other fields pass through untouched but unread. */
const NegotiationSchema = z
  .object({
    negotiationID: id,
    createdAt: text(64),
    business: z.object({ businessID: id }).loose(),
    customer: z
      .object({ firstName: text(200).optional(), lastName: text(200).optional() })
      .loose()
      .optional(),
  })
  .loose();

const MessageSchema = z
  .object({
    messageID: id,
    negotiationID: id,
    text: text(16_384),
    sentAt: text(64),
    from: z.enum(['Customer', 'Business']),
    business: z.object({ businessID: id }).loose().optional(),
  })
  .loose();

const ReviewSchema = z
  .object({
    reviewID: id,
    rating: z.number().min(0).max(5),
    createTime: text(64),
    reviewText: text(16_384).optional(),
    reviewerName: text(200).optional(),
  })
  .loose();

export type LiveEventType = 'lead' | 'message' | 'review';

/** One event on its way to the streams of a business. */
export interface LiveEvent {
  /** Orders events along a stream and lets a client resume after it (live-hub.ts). */
  id: string;
  type: LiveEventType;
  businessID: string;
  data: Record<string, unknown>;
}

export type Delivery =
  | { kind: 'event'; identity: string; event: Omit<LiveEvent, 'id'> }
  /** A valid envelope of an event type the console does not show: acknowledged, nothing else. */
  | { kind: 'ignored'; eventType: string }
  | { kind: 'invalid'; why: string }
  /** The event names a business other than the one whose credentials delivered it. */
  | { kind: 'foreign' };

/** Reads one delivery for `businessID` (the business its credentials prove). */
export function readDelivery(body: unknown, businessID: string): Delivery {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return { kind: 'invalid', why: 'not the documented envelope' };
  const { eventType } = envelope.data.event;
  const { data } = envelope.data;
  switch (eventType) {
    case 'NegotiationCreatedV4': {
      const lead = NegotiationSchema.safeParse(data);
      if (!lead.success) return { kind: 'invalid', why: 'a lead without its ids' };
      if (lead.data.business.businessID !== businessID) return { kind: 'foreign' };
      const negotiationID = lead.data.negotiationID;
      return {
        kind: 'event',
        identity: `lead:${negotiationID}`,
        event: { type: 'lead', businessID, data: { businessID, negotiationID, negotiation: lead.data } },
      };
    }
    case 'MessageCreatedV4': {
      const message = MessageSchema.safeParse(data);
      if (!message.success) return { kind: 'invalid', why: 'a message without its ids' };
      const named = message.data.business?.businessID;
      if (named !== undefined && named !== businessID) return { kind: 'foreign' };
      const { messageID, negotiationID } = message.data;
      return {
        kind: 'event',
        identity: `message:${messageID}`,
        event: {
          type: 'message',
          businessID,
          data: { businessID, negotiationID, messageID, message: message.data },
        },
      };
    }
    case 'ReviewCreatedV4': {
      const review = ReviewSchema.safeParse(data);
      if (!review.success) return { kind: 'invalid', why: 'a review without its id' };
      const { reviewID } = review.data;
      return {
        kind: 'event',
        identity: `review:${reviewID}`,
        event: { type: 'review', businessID, data: { businessID, reviewID, review: review.data } },
      };
    }
    default:
      return { kind: 'ignored', eventType };
  }
}

/** The event types a console webhook subscribes to. */
export const LIVE_EVENT_TYPES = ['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4'] as const;
