import { z } from 'zod';
import type { FakeContext } from './context.ts';
import { createPrng } from './prng.ts';
import { SimulationError, simulate } from './simulate.ts';
import { createState, setFaults } from './state.ts';
import { toRfc3339 } from './time.ts';
import type { FakeStats, FaultSpec, SimulateInput, SimulationResult, WebhookDelivery } from './types.ts';

// The control surface: the programmatic `control` object and its JSON twin at {controlBase}
// (architecture.md, "The fake Thumbtack"). Tests and the mocked-network mode use it to reset the
// world, break things on purpose and move the clock.

export interface FakeControl {
  reset(): void;
  stats(): FakeStats;
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  setFaults(f: FaultSpec): void;
  advance(ms: number): void;
  deliveries(): WebhookDelivery[];
  /** New customer activity, delivered before it resolves; see SimulateInput for the messy options. */
  simulate<I extends SimulateInput>(e: I): Promise<Extract<SimulationResult, { event: I['event'] }>>;
  /** Resolves once webhook deliveries fired by API calls (which do not wait for them) have finished. */
  settled(): Promise<void>;
}

const FaultStatusSchema = z.number().int().min(400).max(599);
const FaultRuleSchema = z
  .object({
    status: z.union([FaultStatusSchema, z.array(FaultStatusSchema).min(1)]).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
  })
  .strict();
// One rule (the original shape) or a list of them, tried in order.
const FaultRulesSchema = z.union([FaultRuleSchema, z.array(FaultRuleSchema)]);
const FaultSpecSchema = z
  .object({ token: FaultRulesSchema.optional(), api: FaultRulesSchema.optional() })
  .strict();
/** Any fixed seed: what matters is that every setFaults starts the same sequence, so runs repeat. */
const FAULT_SEED = 0x5eed_fa17;
// Strict: a misspelt option ("duplicates") is a 400, not a quietly tidy delivery.
const SimulateCommon = {
  businessID: z.string().regex(/^\d{1,19}$/),
  duplicate: z.boolean().optional(),
  alsoSelfServe: z.boolean().optional(),
};
const SimulateSchema: z.ZodType<SimulateInput> = z.discriminatedUnion('event', [
  z
    .object({ event: z.literal('negotiation'), messageFirst: z.boolean().optional(), ...SimulateCommon })
    .strict(),
  z.object({ event: z.literal('message'), ...SimulateCommon }).strict(),
  z.object({ event: z.literal('review'), ...SimulateCommon }).strict(),
]);
const AdvanceSchema = z.object({ ms: z.number().int().min(0) });

export function createControl(ctx: FakeContext, initialTime: number): FakeControl {
  return {
    reset() {
      ctx.clock.reset();
      ctx.pending.clear();
      ctx.state = createState(ctx.state.clients, initialTime);
    },
    stats: () => structuredClone(ctx.state.stats),
    expireAccessTokens() {
      const now = ctx.clock.now();
      for (const token of ctx.state.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
    },
    revokeRefreshTokens() {
      for (const token of ctx.state.refreshTokens.values()) token.revoked = true;
    },
    setFaults(spec) {
      setFaults(ctx.state, FaultSpecSchema.parse(spec), ctx.faultRandom ?? createPrng(FAULT_SEED).next);
    },
    advance: (ms) => ctx.clock.advance(ms),
    deliveries: () => structuredClone(ctx.state.deliveries),
    // A copy, so a caller cannot edit the fake's state through the returned objects.
    simulate: async <I extends SimulateInput>(e: I) =>
      structuredClone(await simulate(ctx, SimulateSchema.parse(e))) as Extract<
        SimulationResult,
        { event: I['event'] }
      >,
    async settled() {
      while (ctx.pending.size > 0) await Promise.all([...ctx.pending]);
    },
  };
}

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

async function body<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
  let raw: unknown = {};
  const text = await request.text();
  if (text.trim().length > 0) {
    try {
      raw = JSON.parse(text);
    } catch {
      return json({ error: 'invalid_json', message: 'body is not valid JSON' }, 400);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return json(
      {
        error: 'invalid_request',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      },
      400,
    );
  }
  return parsed.data;
}

/**
 * The control surface can wipe and break the fake, and in mocked-network mode it lives on the
 * console's own origin, where any web page the developer has open could post to it (a form or a
 * text/plain fetch needs no CORS preflight). Browsers name the sender in Origin and Sec-Fetch-Site;
 * requests without either (Node's fetch, Playwright's request context, curl) do not come from a
 * page and pass. The JSON-only rule below is the second lock: a page cannot send that cross-origin
 * without a preflight, which nothing here answers.
 */
function refuseCrossSite(request: Request, ownOrigin: string): Response | null {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== ownOrigin) {
    return json(
      { error: 'forbidden_origin', message: `Origin ${origin} may not use the control surface` },
      403,
    );
  }
  if (request.headers.get('sec-fetch-site')?.trim().toLowerCase() === 'cross-site') {
    return json(
      { error: 'forbidden_origin', message: 'cross-site requests may not use the control surface' },
      403,
    );
  }
  return null;
}

/** `application/json`, optionally with a charset parameter; nothing a plain HTML form can send. */
function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => /^charset=("?)[a-z0-9._-]+\1$/.test(param));
}

export function createControlDispatcher(ctx: FakeContext, control: FakeControl) {
  const base = new URL(ctx.controlBase);
  const basePath = base.pathname.replace(/\/$/, '');
  return async (request: Request): Promise<Response> => {
    const refused = refuseCrossSite(request, base.origin);
    if (refused) return refused;
    if (request.method === 'POST' && !isJsonContentType(request.headers.get('content-type'))) {
      return json(
        { error: 'unsupported_media_type', message: 'control requests take Content-Type: application/json' },
        415,
      );
    }
    const path = new URL(request.url).pathname.slice(basePath.length);
    const route = `${request.method} ${path}`;
    switch (route) {
      case 'GET /stats':
        return json(control.stats());
      case 'GET /deliveries':
        return json({ data: control.deliveries() });
      case 'POST /reset':
        control.reset();
        return json({ ok: true });
      case 'POST /expire-access-tokens':
        control.expireAccessTokens();
        return json({ ok: true });
      case 'POST /revoke-refresh-tokens':
        control.revokeRefreshTokens();
        return json({ ok: true });
      case 'POST /faults': {
        const spec = await body(request, FaultSpecSchema);
        if (spec instanceof Response) return spec;
        control.setFaults(spec);
        return json({ ok: true, faults: spec });
      }
      case 'POST /advance': {
        const input = await body(request, AdvanceSchema);
        if (input instanceof Response) return input;
        control.advance(input.ms);
        return json({ ok: true, now: toRfc3339(ctx.clock.now()) });
      }
      case 'POST /simulate': {
        const input = await body(request, SimulateSchema);
        if (input instanceof Response) return input;
        try {
          return json(await simulate(ctx, input));
        } catch (error) {
          if (error instanceof SimulationError)
            return json({ error: 'simulation_failed', message: error.message }, error.status);
          throw error;
        }
      }
      default:
        return json({ error: 'not_found', message: `no control route ${route}` }, 404);
    }
  };
}
