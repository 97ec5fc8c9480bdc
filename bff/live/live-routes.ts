import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError, invalidRequest } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { label } from '../http/route-label.ts';
import { finalHeaders } from '../http/security-headers.ts';
import type { SessionData } from '../session/session-data.ts';
import { LIVE_EVENT_TYPES, type LiveEvent } from './live-events.ts';
import type { LiveHub } from './live-hub.ts';
import { type AsUserDeps, asUser, requireScope } from './thumbtack-as-user.ts';
import type { WebhookAuthority } from './webhook-credentials.ts';

export interface LiveDeps extends AsUserDeps {
  authority: WebhookAuthority;
  hub: LiveHub;
  /** Where Thumbtack delivers: PUBLIC_ORIGIN/webhooks/thumbtack. */
  webhookUrl: string;
  standardHeaders: Readonly<Record<string, string>>;
  /** Aborted when the server drains: open streams end so the drain can finish. */
  closing: AbortSignal | undefined;
  nowSeconds: () => number;
  heartbeatMs?: number;
}

const LIST_SCOPES = ['supply::businesses.list'];
const READ_SCOPES = ['supply::webhooks.read', 'supply::webhooks.write'];
const WRITE_SCOPES = ['supply::webhooks.write'];
const ID = /^\d{1,19}$/;

const BusinessesSchema = z.object({
  data: z.array(z.object({ businessID: z.string().regex(ID), name: z.string().max(500).optional() }).loose()),
});
const WebhooksSchema = z.object({
  data: z.array(
    z
      .object({
        webhookID: z.string().regex(ID),
        webhookURL: z.string(),
        enabled: z.boolean(),
        eventTypes: z.array(z.string()),
      })
      .loose(),
  ),
});
const SubscribeSchema = z.object({ businessID: z.string().regex(ID) }).strict();

/** `/live/*` (docs/live-updates.md): live updates on or off per business, and the event stream. */
export function liveRoutes(deps: LiveDeps) {
  const app = new Hono<AppEnv>();

  app.get('/subscriptions', label('live.subscriptions.list'), async (c) => {
    const session = await deps.sessions.fresh(c);
    requireScope(session, LIST_SCOPES);
    requireScope(session, READ_SCOPES);
    const businesses = await ownBusinesses(c, deps);
    const data = await Promise.all(
      businesses.map(async (business) => ({
        businessID: business.businessID,
        name: business.name ?? '',
        live: isLive(await ourWebhook(c, deps, business.businessID)),
      })),
    );
    c.header('Cache-Control', 'no-store');
    return c.json({ data });
  });

  app.post('/subscriptions', label('live.subscriptions.on'), async (c) => {
    const session = await deps.sessions.fresh(c);
    requireScope(session, LIST_SCOPES);
    requireScope(session, WRITE_SCOPES);
    const { businessID } = await subscribeBody(c);
    await requireOwnBusiness(c, deps, businessID);
    const existing = await ourWebhook(c, deps, businessID);
    const auth = await deps.authority.credentialsFor(businessID);
    const wanted = { eventTypes: [...LIVE_EVENT_TYPES], enabled: true, auth };
    if (existing) {
      await asUser(c, deps, {
        route: 'live.webhooks.update',
        method: 'PUT',
        path: `/v4/businesses/${businessID}/webhooks/${existing.webhookID}`,
        body: wanted,
      });
    } else {
      await asUser(c, deps, {
        route: 'live.webhooks.create',
        method: 'POST',
        path: `/v4/businesses/${businessID}/webhooks`,
        body: { webhookURL: deps.webhookUrl, ...wanted },
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ businessID, live: true }, existing ? 200 : 201);
  });

  app.delete('/subscriptions/:businessID', label('live.subscriptions.off'), async (c) => {
    const session = await deps.sessions.fresh(c);
    requireScope(session, LIST_SCOPES);
    requireScope(session, WRITE_SCOPES);
    const businessID = c.req.param('businessID');
    if (!ID.test(businessID)) throw invalidRequest('businessID must be a Thumbtack ID (digits only).');
    await requireOwnBusiness(c, deps, businessID);
    const existing = await ourWebhook(c, deps, businessID);
    if (existing?.enabled) {
      await asUser(c, deps, {
        route: 'live.webhooks.update',
        method: 'PUT',
        path: `/v4/businesses/${businessID}/webhooks/${existing.webhookID}`,
        body: { enabled: false },
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ businessID, live: false });
  });

  app.get('/events', label('live.events'), async (c) => {
    const session = await deps.sessions.fresh(c);
    requireScope(session, LIST_SCOPES);
    const businessIDs = (await ownBusinesses(c, deps)).map((b) => b.businessID);
    const lastEventId = c.req.header('last-event-id');
    const backlog = lastEventId ? await deps.hub.since(businessIDs, lastEventId) : [];
    return eventStream(c, deps, session, businessIDs, backlog);
  });

  return app;
}

const encoder = new TextEncoder();

/**
 * The Server-Sent Events stream of one session: the backlog (or a `reset`), then every event of its
 * businesses as it comes, a heartbeat comment every 15 s, until the client goes, the session ends (its
 * lifetime, or a logout here), or the server drains.
 */
function eventStream(
  c: Context<AppEnv>,
  deps: LiveDeps,
  session: SessionData,
  businessIDs: string[],
  backlog: LiveEvent[] | 'reset',
): Response {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const endsAt = deps.sessions.endsAt(session);
  let stop = () => {};
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (!open) return;
        open = false;
        stop();
        controller.close();
      };
      send('retry: 3000\n\n');
      if (backlog === 'reset') send('event: reset\ndata: {}\n\n');
      else for (const event of backlog) send(format(event));
      const unsubscribe = deps.hub.subscribe(businessIDs, (event) => send(format(event)));
      const heartbeat = setInterval(async () => {
        // The stream holds no cookie: a session that ended meanwhile (logout, its lifetime) ends it.
        if (deps.nowSeconds() >= endsAt || !(await deps.sessions.stillOpen(session))) return close();
        send(': heartbeat\n\n');
      }, heartbeatMs);
      const onClosing = () => close();
      deps.closing?.addEventListener('abort', onClosing, { once: true });
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        deps.closing?.removeEventListener('abort', onClosing);
      };
      if (deps.closing?.aborted) close();
    },
    cancel() {
      open = false;
      stop();
    },
  });
  return new Response(body, {
    status: 200,
    headers: finalHeaders(c, deps.standardHeaders, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Proxies that buffer (nginx) would hold events back.
      'X-Accel-Buffering': 'no',
    }),
  });
}

function format(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

async function subscribeBody(c: Context<AppEnv>) {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw invalidRequest('Send {"businessID":"…"} as JSON.');
  }
  const parsed = SubscribeSchema.safeParse(body);
  if (!parsed.success) throw invalidRequest('Send {"businessID":"…"} with a Thumbtack business ID.');
  return parsed.data;
}

async function ownBusinesses(c: Context<AppEnv>, deps: LiveDeps) {
  const answer = BusinessesSchema.safeParse(
    await asUser(c, deps, { route: 'live.businesses', method: 'GET', path: '/v4/businesses' }),
  );
  if (!answer.success)
    throw new AppError('thumbtack_error', 502, 'Thumbtack sent an unexpected list of businesses.');
  return answer.data.data;
}

/** Ownership is Thumbtack's to say: the business must be in the person's own list. */
async function requireOwnBusiness(c: Context<AppEnv>, deps: LiveDeps, businessID: string) {
  const own = await ownBusinesses(c, deps);
  if (!own.some((b) => b.businessID === businessID)) {
    throw new AppError('not_found', 404, 'That is not one of your businesses.');
  }
}

async function ourWebhook(c: Context<AppEnv>, deps: LiveDeps, businessID: string) {
  const answer = WebhooksSchema.safeParse(
    await asUser(c, deps, {
      route: 'live.webhooks.list',
      method: 'GET',
      path: `/v4/businesses/${businessID}/webhooks`,
    }),
  );
  if (!answer.success)
    throw new AppError('thumbtack_error', 502, 'Thumbtack sent an unexpected list of webhooks.');
  return answer.data.data.find((w) => w.webhookURL === deps.webhookUrl);
}

function isLive(webhook: { enabled: boolean; eventTypes: string[] } | undefined): boolean {
  return !!webhook?.enabled && LIVE_EVENT_TYPES.every((type) => webhook.eventTypes.includes(type));
}
