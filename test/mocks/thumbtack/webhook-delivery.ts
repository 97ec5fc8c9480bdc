import type { FakeContext } from './context.ts';
import { toRfc3339 } from './time.ts';
import type { WebhookDelivery, WebhookEnvelope, WebhookRecord } from './types.ts';

// Outbound webhooks as Thumbtack sends them (docs/thumbtack/webhooks.md#delivery): POST JSON envelope {event, data}
// to each enabled webhook subscribed to the event; Basic, custom-header or no authentication; no
// signature; any non-2xx counts as a failed delivery. No retries: Thumbtack documents none.

export type EventType = 'NegotiationCreatedV4' | 'MessageCreatedV4' | 'ReviewCreatedV4';

export interface OutboundEvent {
  eventType: EventType;
  data: unknown;
  /** Business webhooks of this business receive it. */
  businessID?: string;
  /** User webhooks of these users receive it. */
  userIDs?: string[];
}

export const REDACTED = '[redacted]';

function targets(ctx: FakeContext, event: OutboundEvent): WebhookRecord[] {
  return [...ctx.state.world.webhooks.values()].filter((w) => {
    if (!w.enabled || !w.eventTypes.includes(event.eventType)) return false;
    return w.owner.kind === 'business'
      ? w.owner.businessID === event.businessID
      : (event.userIDs ?? []).includes(w.owner.userID);
  });
}

async function deliverOne(
  ctx: FakeContext,
  webhook: WebhookRecord,
  event: OutboundEvent,
): Promise<WebhookDelivery> {
  const triggeredAt = toRfc3339(ctx.clock.now());
  const body: WebhookEnvelope = {
    event: { eventType: event.eventType, description: '', webhookID: webhook.webhookID, triggeredAt },
    data: event.data,
  };
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Thumbtack-Webhooks/1.0',
  };
  const recorded: Record<string, string> = { ...headers };
  const { auth } = webhook;
  if (auth.type === 'Basic') {
    headers.Authorization = `Basic ${btoa(`${auth.username}:${auth.password}`)}`;
    recorded.Authorization = `Basic ${REDACTED}`;
  } else if (auth.type === 'CustomHeader') {
    headers[auth.header] = auth.value;
    recorded[auth.header] = REDACTED;
  }
  const delivery: WebhookDelivery = {
    deliveryID: ctx.state.world.prng.id(),
    webhookID: webhook.webhookID,
    url: webhook.webhookURL,
    eventType: event.eventType,
    authType: auth.type,
    headers: recorded,
    body,
    status: null,
    ok: false,
    attemptedAt: triggeredAt,
  };
  try {
    const response = await ctx.deliver(webhook.webhookURL, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      redirect: 'manual',
    });
    delivery.status = response.status;
    delivery.ok = response.status >= 200 && response.status < 300;
    // Drain the body so connections are released; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
  return delivery;
}

/** Delivers an event to every matching webhook, records the attempts and returns them. */
export async function notify(ctx: FakeContext, event: OutboundEvent): Promise<WebhookDelivery[]> {
  const state = ctx.state;
  const deliveries = await Promise.all(targets(ctx, event).map((w) => deliverOne(ctx, w, event)));
  // A reset while deliveries were in flight must not leak them into the fresh state.
  if (ctx.state === state) state.deliveries.push(...deliveries);
  return deliveries;
}

/** Fire-and-forget for API calls (Thumbtack answers before it delivers); tracked so tests can await. */
export function fire(ctx: FakeContext, event: OutboundEvent): void {
  const task: Promise<void> = notify(ctx, event).then(
    () => undefined,
    () => undefined,
  );
  ctx.pending.add(task);
  void task.finally(() => ctx.pending.delete(task));
}

/** Default transport: fetch with a 5-second timeout. */
export function defaultDeliver(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
}
