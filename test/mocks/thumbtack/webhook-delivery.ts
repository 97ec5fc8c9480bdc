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

interface PreparedDelivery {
  webhook: WebhookRecord;
  body: WebhookEnvelope;
  /** The body as sent: serialised once, so a duplicate is byte for byte the same. */
  json: string;
  headers: Record<string, string>;
  /** `headers` with the secrets replaced, for the delivery log. */
  recorded: Record<string, string>;
}

function prepare(
  ctx: FakeContext,
  webhook: WebhookRecord,
  event: OutboundEvent,
  data: unknown,
): PreparedDelivery {
  const triggeredAt = toRfc3339(ctx.clock.now());
  const body: WebhookEnvelope = {
    event: { eventType: event.eventType, description: '', webhookID: webhook.webhookID, triggeredAt },
    data,
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
  return { webhook, body, json: JSON.stringify(body), headers, recorded };
}

function logEntry(ctx: FakeContext, prepared: PreparedDelivery): WebhookDelivery {
  const { webhook } = prepared;
  return {
    deliveryID: ctx.state.world.prng.id(),
    webhookID: webhook.webhookID,
    url: webhook.webhookURL,
    eventType: prepared.body.event.eventType,
    authType: webhook.auth.type,
    headers: prepared.recorded,
    body: prepared.body,
    status: null,
    ok: false,
    attemptedAt: prepared.body.event.triggeredAt,
  };
}

async function send(ctx: FakeContext, prepared: PreparedDelivery, delivery: WebhookDelivery) {
  delivery.attemptedAt = toRfc3339(ctx.clock.now());
  try {
    const response = await ctx.deliver(prepared.webhook.webhookURL, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.json,
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

export interface NotifyOptions {
  /**
   * How many times each webhook gets the event (default 1): 2 is an at-least-once duplicate, the same
   * body again once every webhook has had the first.
   */
  copies?: number;
}

/**
 * Delivers an event to every matching webhook (in parallel), records the attempts and returns them in
 * delivery order. The data is copied first: a delivery shows the object as it was when it was sent.
 */
export async function notify(
  ctx: FakeContext,
  event: OutboundEvent,
  options: NotifyOptions = {},
): Promise<WebhookDelivery[]> {
  const state = ctx.state;
  const data = structuredClone(event.data);
  const prepared = targets(ctx, event).map((w) => prepare(ctx, w, event, data));
  // Every log entry (and its ID) is made before anything is sent, so IDs do not depend on timing.
  const rounds = Array.from({ length: options.copies ?? 1 }, () =>
    prepared.map((p) => [p, logEntry(ctx, p)] as const),
  );
  const deliveries: WebhookDelivery[] = [];
  for (const round of rounds) deliveries.push(...(await Promise.all(round.map(([p, d]) => send(ctx, p, d)))));
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

export type Deliver = (url: string, init: RequestInit) => Promise<Response>;

/** Default transport: fetch with a 5-second timeout. */
export const defaultDeliver: Deliver = (url, init) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(5000) });

/**
 * A transport for a fake that shares its process with the console it calls back (mocked-network mode):
 * deliveries to a URL on the console's public `origin` go through `local` (the address the server
 * really listens on, or its handler in-process), everything else through `other`.
 */
export function routeOwnOrigin(origin: string, local: Deliver, other: Deliver = defaultDeliver): Deliver {
  const own = new URL(origin).origin;
  return (url, init) =>
    URL.canParse(url) && new URL(url).origin === own ? local(url, init) : other(url, init);
}

/**
 * The base URL to reach a server on one of its bound addresses as a Node server reports them
 * ("127.0.0.1:3001", "[::1]:3000"); a wildcard ("0.0.0.0", "[::]") is reached on its loopback.
 */
export function loopbackBase(address: string): string {
  const rebased = address.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
  return `http://${rebased}`;
}

/** `url` with its origin replaced by `base` (path and query kept). */
function rebase(url: string, base: string): string {
  const { pathname, search } = new URL(url);
  return `${base.replace(/\/+$/, '')}${pathname}${search}`;
}

/**
 * Mocked-network mode on Node: deliveries to the console's public `origin` go to `base()` instead (the
 * server's own listening address, path and query kept) once it is known; all go through `transport`.
 */
export function sendOwnOriginTo(
  origin: string,
  base: () => string | undefined,
  transport: Deliver = defaultDeliver,
): Deliver {
  const local: Deliver = (url, init) => {
    const to = base();
    return transport(to ? rebase(url, to) : url, init);
  };
  return routeOwnOrigin(origin, local, transport);
}
