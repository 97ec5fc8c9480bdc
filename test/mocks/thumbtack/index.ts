import { HttpResponse, http, type RequestHandler } from 'msw';
import { isAbortOf } from './abortable-delay.ts';
import { businessRoutes } from './api/businesses.ts';
import { marketplaceRoutes } from './api/marketplace.ts';
import { negotiationRoutes } from './api/negotiations.ts';
import { phoneNumberRoutes } from './api/phone-numbers.ts';
import { reviewRoutes } from './api/reviews.ts';
import { createApiDispatcher } from './api/router.ts';
import { userRoutes } from './api/users.ts';
import { webhookRoutes } from './api/webhooks.ts';
import { createClientRegistry } from './clients.ts';
import type { FakeContext } from './context.ts';
import { createControl, createControlDispatcher, type FakeControl } from './control.ts';
import { demoImage, withLocalImages } from './demo-images.ts';
import { createAuthDispatcher } from './oauth/handlers.ts';
import { createKeySource } from './oauth/signing-keys.ts';
import { createClock, createState } from './state.ts';
import { defaultDeliver } from './webhook-delivery.ts';

// The fake Thumbtack: one set of MSW handlers for Thumbtack's authorization server (Ory Hydra), its
// partner API and a control surface. The same handlers serve setupServer in vitest, getResponse over
// HTTP (mount.ts, serve.ts) and workerd, so nothing here imports node:*.

export { DEMO_CLIENTS } from './clients.ts';
export type { FakeControl } from './control.ts';
export { DEMO_ACCOUNTS } from './demo-data.ts';
export type {
  FakeStats,
  FaultRule,
  FaultRules,
  FaultSpec,
  SimulateInput,
  SimulationResult,
  WebhookDelivery,
  WebhookEnvelope,
} from './types.ts';
export { loopbackBase, routeOwnOrigin, sendOwnOriginTo } from './webhook-delivery.ts';

export interface FakeThumbtackOptions {
  /** Origin+path of the authorization server, no trailing slash ('https://auth.thumbtack.test'). */
  authBase: string;
  /** Origin+path standing for https://api.thumbtack.com, no trailing slash; API paths continue '/api/v4/...'. */
  apiBase: string;
  /** Where the control surface answers, e.g. 'http://localhost:3000/__thumbtack/control'. */
  controlBase: string;
  /** Registered for both demo clients, in addition to the defaults. */
  redirectUris?: string[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Clock in ms, default Date.now; control.advance(ms) moves it forward. */
  now?: () => number;
  /** Webhook transport, default fetch with a 5 s timeout. */
  deliver?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Also accept `http://localhost…`, `http://127.0.0.1…` and `http://[::1]…` webhook URLs, which
   * Thumbtack refuses (https only), so a console on a developer's machine can receive deliveries.
   * Mocked-network mode only; default false: strict (docs/decisions/046-fake-localhost-webhooks.md).
   */
  allowLocalhostWebhooks?: boolean;
  /**
   * Where demo pictures are served (mocked-network mode: on the console's own origin). API answers
   * then link there instead of Thumbtack's CDN, which a machine with no network cannot reach.
   */
  imageBase?: string;
  /**
   * Where fault `rate`s and status lists draw their numbers (uniform in [0, 1)). Default: a seeded
   * generator restarted by every setFaults, so the same spec and the same requests hit the same way.
   */
  faultRandom?: () => number;
}

export interface FakeThumbtack {
  handlers: RequestHandler[];
  /** `${authBase}/`: Hydra's issuers end with a slash. */
  issuer: string;
  control: FakeControl;
}

function normaliseBase(name: string, value: string): string {
  if (!URL.canParse(value)) throw new TypeError(`createFakeThumbtack: ${name} is not a URL: ${value}`);
  const url = new URL(value);
  if (url.search || url.hash)
    throw new TypeError(`createFakeThumbtack: ${name} must not have a query or fragment`);
  return value.replace(/\/+$/, '');
}

export function createFakeThumbtack(options: FakeThumbtackOptions): FakeThumbtack {
  const authBase = normaliseBase('authBase', options.authBase);
  const apiBase = normaliseBase('apiBase', options.apiBase);
  const controlBase = normaliseBase('controlBase', options.controlBase);
  const imageBase = options.imageBase ? normaliseBase('imageBase', options.imageBase) : undefined;
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new TypeError('createFakeThumbtack: accessTokenTtlSeconds must be a positive integer');
  const clock = createClock(options.now ?? Date.now);
  // The demo data is anchored to the creation day and stays there across reset(), so it is stable.
  const createdAt = clock.now();
  const ctx: FakeContext = {
    state: createState(createClientRegistry(options.redirectUris ?? []), createdAt),
    clock,
    authBase,
    apiBase,
    controlBase,
    issuer: `${authBase}/`,
    accessTokenTtlSeconds: ttl,
    keys: createKeySource(),
    deliver: options.deliver ?? defaultDeliver,
    allowLocalhostWebhooks: options.allowLocalhostWebhooks ?? false,
    imageBase,
    faultRandom: options.faultRandom,
    pending: new Set(),
  };
  const control = createControl(ctx, createdAt);
  const auth = createAuthDispatcher(ctx);
  const apiRoutes = createApiDispatcher(ctx, [
    ...userRoutes,
    ...businessRoutes,
    ...webhookRoutes,
    ...negotiationRoutes,
    ...reviewRoutes,
    ...phoneNumberRoutes,
    ...marketplaceRoutes,
  ]);
  const api = async (request: Request) => withLocalImages(await apiRoutes(request), imageBase);
  const controlDispatch = createControlDispatcher(ctx, control);

  // One catch-all per base: the fake answers every path under its bases (unknown ones with the
  // server's own 404), so a typo in a client shows up as Thumbtack's error, not MSW's.
  const mounts: [string, (request: Request) => Promise<Response>][] = [
    [authBase, auth],
    [apiBase, api],
    [controlBase, controlDispatch],
  ];
  if (imageBase) mounts.push([imageBase, async (request: Request) => demoImage(request)]);
  // Longest base first, in case one base is nested inside another.
  mounts.sort((a, b) => b[0].length - a[0].length);
  const handlers: RequestHandler[] = mounts.map(([base, dispatch]) =>
    http.all(`${base}/*`, async ({ request }) => {
      try {
        return await dispatch(request);
      } catch (error) {
        // The client gave up during injected latency. Its fetch has already failed with the abort
        // reason (msw's interceptor races the signal; mount.ts does the same), so this answer only ends
        // the handler: a network error, quietly. Rethrowing would make setupServer print "unhandled
        // exception" for every client timeout.
        if (isAbortOf(request.signal, error)) return HttpResponse.error();
        // Any other exception here is a bug in the fake; answer like a crashed server, loudly.
        console.error('fake Thumbtack crashed on', request.method, request.url, error);
        return HttpResponse.json(
          { error: 'server_error', error_description: 'fake Thumbtack bug' },
          { status: 500 },
        );
      }
    }),
  );
  return { handlers, issuer: ctx.issuer, control };
}
