import type { Negotiation } from '../../leads/api/types';
import type { Message } from '../../messages/api/messages';
import type { Review } from '../../reviews/api/reviews';
import type { ServerSentEvent } from './event-stream-parser';

// What GET /live/events carries (docs/live-updates.md, "Listening"): one event per webhook delivery,
// `lead`, `message` or `review`, each with the ids it is deduplicated by; and `reset` when the server
// could not resume after the id the console sent.

export type LeadEvent = {
  type: 'lead';
  businessID: string;
  negotiationID: string;
  negotiation: Negotiation;
};

export type MessageEvent = {
  type: 'message';
  businessID: string;
  negotiationID: string;
  messageID: string;
  message: Message;
};

export type ReviewEvent = {
  type: 'review';
  businessID: string;
  reviewID: string;
  review: Review;
};

export type LiveEvent = LeadEvent | MessageEvent | ReviewEvent;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The event a stream event stands for, or undefined for a type the console does not show or data it
 * cannot read (no zod in the SPA, decision 060: the ids that deduplicate and file an event are checked,
 * the rest renders as optional). The envelope's ids win over the object's own, so they always agree.
 */
export function toLiveEvent(event: ServerSentEvent): LiveEvent | undefined {
  if (event.type !== 'lead' && event.type !== 'message' && event.type !== 'review') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const businessID = text(body.businessID);
  if (!businessID) return undefined;

  if (event.type === 'lead') {
    const negotiationID = text(body.negotiationID);
    if (!negotiationID || !isObject(body.negotiation)) return undefined;
    const negotiation = body.negotiation as Partial<Negotiation>;
    return {
      type: 'lead',
      businessID,
      negotiationID,
      negotiation: {
        ...negotiation,
        negotiationID,
        createdAt: text(negotiation.createdAt) ?? new Date().toISOString(),
        status: text(negotiation.status) ?? 'Open',
      },
    };
  }

  if (event.type === 'message') {
    const negotiationID = text(body.negotiationID);
    const messageID = text(body.messageID);
    if (!negotiationID || !messageID || !isObject(body.message)) return undefined;
    const message = body.message as Partial<Message>;
    return {
      type: 'message',
      businessID,
      negotiationID,
      messageID,
      message: {
        ...message,
        messageID,
        negotiationID,
        from: text(message.from) ?? 'Customer',
        text: typeof message.text === 'string' ? message.text : '',
        sentAt: text(message.sentAt) ?? new Date().toISOString(),
      },
    };
  }

  const reviewID = text(body.reviewID);
  if (!reviewID || !isObject(body.review)) return undefined;
  const review = body.review as Partial<Review>;
  if (typeof review.rating !== 'number') return undefined;
  return { type: 'review', businessID, reviewID, review: { ...review, reviewID, rating: review.rating } };
}
