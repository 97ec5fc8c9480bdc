import { z } from 'zod';
import { findCategory, requireCategory } from '../catalogue.ts';
import { createRequest } from '../demo-data.ts';
import type { WebhookAuth, WebhookRecord } from '../types.ts';
import { fire } from '../webhook-delivery.ts';
import { ApiProblem } from './access.ts';
import { ownBusiness, param, readJson, requireUser } from './input.ts';
import type { ApiCall, ApiRoute } from './router.ts';

// Business webhooks (supply) and user webhooks (demand), docs/thumbtack/webhooks.md#managing-webhooks. The secret given at
// creation is never echoed: responses only say which authType is in use.

export const BUSINESS_EVENT_TYPES = [
  'MessageCreatedV4',
  'NegotiationCreatedV4',
  'ReviewCreatedV4',
  'PresetJobMatchedV4',
  'PresetJobStatusChangedV4',
  'PresetJobCancelledV4',
  'PresetJobUpdatedV4',
  'PresetJobCompletedV4',
] as const;
/** Customers receive messages from pros; no other user-level event is documented (decision record). */
export const USER_EVENT_TYPES = ['MessageCreatedV4'] as const;

// Spec type HttpsURL: ^https:// and a real URL.
const HttpsUrlSchema = z
  .string()
  .max(2048)
  .regex(/^https:\/\//, 'must be an https URL')
  .refine((value) => URL.canParse(value), 'must be a valid URL');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Mocked-network mode's one leniency (allowLocalhostWebhooks): plain http to this machine's loopback,
 * judged on the parsed host, so `http://localhost.example` or `http://localhost@example` stay refused.
 */
export function isLoopbackHttpUrl(value: string): boolean {
  if (!/^http:\/\//.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return LOOPBACK_HOSTS.has(url.hostname) && url.username === '' && url.password === '';
}

const LocalOrHttpsUrlSchema = z
  .string()
  .max(2048)
  .refine(
    (value) => (/^https:\/\//.test(value) && URL.canParse(value)) || isLoopbackHttpUrl(value),
    'must be an https URL (or http://localhost, 127.0.0.1 or [::1] in mock mode)',
  );

const AuthSchema = z.union([
  z.object({ username: z.string().min(1).max(256), password: z.string().min(1).max(256) }),
  z.object({
    header: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name'),
    value: z.string().min(1).max(1024),
  }),
]);

function schemas(eventTypes: readonly [string, ...string[]], urlSchema: z.ZodType<string>) {
  const events = z.array(z.enum(eventTypes)).min(1).max(eventTypes.length);
  return {
    create: z.object({
      webhookURL: urlSchema,
      eventTypes: events,
      enabled: z.boolean(),
      auth: AuthSchema.optional(),
    }),
    update: z
      .object({
        webhookURL: urlSchema.optional(),
        eventTypes: events.optional(),
        enabled: z.boolean().optional(),
        auth: AuthSchema.optional(),
      })
      .refine((body) => Object.values(body).some((v) => v !== undefined), 'at least one field is required'),
  };
}
const STRICT = {
  business: schemas(BUSINESS_EVENT_TYPES, HttpsUrlSchema),
  user: schemas(USER_EVENT_TYPES, HttpsUrlSchema),
};
const LOCALHOST_TOO = {
  business: schemas(BUSINESS_EVENT_TYPES, LocalOrHttpsUrlSchema),
  user: schemas(USER_EVENT_TYPES, LocalOrHttpsUrlSchema),
};

function toAuth(auth: z.infer<typeof AuthSchema> | undefined): WebhookAuth {
  if (!auth) return { type: 'None' };
  return 'username' in auth
    ? { type: 'Basic', username: auth.username, password: auth.password }
    : { type: 'CustomHeader', header: auth.header, value: auth.value };
}

export function webhookView(webhook: WebhookRecord) {
  const owner =
    webhook.owner.kind === 'business'
      ? { businessID: webhook.owner.businessID }
      : { userID: webhook.owner.userID };
  return {
    webhookID: webhook.webhookID,
    webhookURL: webhook.webhookURL,
    enabled: webhook.enabled,
    authType: webhook.auth.type,
    ...owner,
    eventTypes: [...webhook.eventTypes],
  };
}

type Owner = WebhookRecord['owner'];

function ownerOf(call: ApiCall, kind: Owner['kind']): Owner {
  if (kind === 'business')
    return { kind, businessID: ownBusiness(call, param(call, 'businessID')).businessID };
  return { kind, userID: requireUser(call).userID };
}

function sameOwner(a: Owner, b: Owner): boolean {
  return a.kind === 'business' && b.kind === 'business'
    ? a.businessID === b.businessID
    : a.kind === 'user' && b.kind === 'user' && a.userID === b.userID;
}

/**
 * Webhooks the partner API shows: a pro's self-serve webhooks (made in Thumbtack's own screen, here by
 * simulate's `alsoSelfServe`) deliver to the same receivers but are not the partner's to list or change
 * (docs/decisions/043-fake-webhook-delivery.md).
 */
function apiVisible(webhook: WebhookRecord): boolean {
  return webhook.selfServeOf === undefined;
}

function findWebhook(call: ApiCall, owner: Owner): WebhookRecord {
  const webhook = call.ctx.state.world.webhooks.get(param(call, 'webhookID'));
  if (!webhook || !apiVisible(webhook) || !sameOwner(webhook.owner, owner))
    throw new ApiProblem(404, 'webhook not found');
  return webhook;
}

function crudRoutes(prefix: string, kind: Owner['kind'], side: 'supply' | 'demand'): ApiRoute[] {
  const read = [{ kind: 'user' as const, scopes: [`${side}::webhooks.read`] }];
  const write = [{ kind: 'user' as const, scopes: [`${side}::webhooks.write`] }];
  const schemaOf = (call: ApiCall) => (call.ctx.allowLocalhostWebhooks ? LOCALHOST_TOO : STRICT)[kind];
  return [
    {
      method: 'POST',
      path: prefix,
      access: write,
      async handle(call) {
        const owner = ownerOf(call, kind);
        const body = await readJson(call.request, schemaOf(call).create);
        const webhook: WebhookRecord = {
          webhookID: call.ctx.state.world.prng.id(),
          webhookURL: body.webhookURL,
          enabled: body.enabled,
          eventTypes: [...new Set(body.eventTypes)],
          auth: toAuth(body.auth),
          owner,
          clientID: call.client.id,
        };
        call.ctx.state.world.webhooks.set(webhook.webhookID, webhook);
        return Response.json(webhookView(webhook), { status: 201 });
      },
    },
    {
      method: 'GET',
      path: prefix,
      access: read,
      handle(call) {
        const owner = ownerOf(call, kind);
        const data = [...call.ctx.state.world.webhooks.values()]
          .filter((w) => apiVisible(w) && sameOwner(w.owner, owner))
          .map(webhookView);
        return Response.json({ data });
      },
    },
    {
      method: 'GET',
      path: `${prefix}/:webhookID`,
      access: read,
      handle(call) {
        return Response.json(webhookView(findWebhook(call, ownerOf(call, kind))));
      },
    },
    {
      method: 'PUT',
      path: `${prefix}/:webhookID`,
      access: write,
      async handle(call) {
        const webhook = findWebhook(call, ownerOf(call, kind));
        const body = await readJson(call.request, schemaOf(call).update);
        if (body.webhookURL !== undefined) webhook.webhookURL = body.webhookURL;
        if (body.eventTypes !== undefined) webhook.eventTypes = [...new Set(body.eventTypes)];
        if (body.enabled !== undefined) webhook.enabled = body.enabled;
        if (body.auth !== undefined) webhook.auth = toAuth(body.auth);
        return Response.json(webhookView(webhook));
      },
    },
    {
      method: 'DELETE',
      path: `${prefix}/:webhookID`,
      access: write,
      handle(call) {
        const webhook = findWebhook(call, ownerOf(call, kind));
        call.ctx.state.world.webhooks.delete(webhook.webhookID);
        return new Response(null, { status: 204 });
      },
    },
  ];
}

export const webhookRoutes: ApiRoute[] = [
  // POST only: the :webhookID routes take GET/PUT/DELETE, so the literal segment never collides.
  {
    method: 'POST',
    path: '/businesses/:businessID/webhooks/test-negotiation',
    access: [{ kind: 'user', scopes: ['supply::webhooks.write'] }],
    handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      const { world } = call.ctx.state;
      const now = call.ctx.clock.now();
      // The test lead uses the names Thumbtack's own "Test this webhook" sends (observed: docs/thumbtack/webhooks.md#self-serve-webhooks).
      const customer = {
        userID: world.prng.id(),
        accountID: null,
        firstName: 'Test',
        lastName: 'Customer',
        email: 'test.customer@example.com',
        emailVerified: false,
        phoneNumber: '+11234567890',
        picture: '',
        zoneinfo: 'America/Chicago',
      };
      world.users.set(customer.userID, customer);
      const category = findCategory(business.categoryIDs[0] ?? '') ?? requireCategory('Handyman');
      const [record] = createRequest(world, world.prng, {
        customer,
        category,
        businesses: [business],
        createdAt: now,
        description: 'This is a test negotiation created to check your webhook.',
      });
      if (!record) throw new Error('test negotiation was not created');
      fire(call.ctx, {
        eventType: 'NegotiationCreatedV4',
        data: record.negotiation,
        businessID: business.businessID,
      });
      return Response.json(record.negotiation, { status: 201 });
    },
  },
  ...crudRoutes('/businesses/:businessID/webhooks', 'business', 'supply'),
  ...crudRoutes('/users/webhooks', 'user', 'demand'),
];
