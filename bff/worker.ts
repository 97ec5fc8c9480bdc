import { type AppDeps, createApp } from './app.ts';
import { ConfigError, parseConfig } from './config.ts';
import { analyticsEngineMetrics } from './edge/analytics-engine-metrics.ts';
import { durableObjectAppTokens } from './edge/app-token-object.ts';
import { DurableObjectSessionStore } from './edge/durable-object-session-store.ts';
import { stringBindings } from './edge/edge-config.ts';
import { DurableObjectLiveHub } from './edge/live-object.ts';
import { edgeRuntime, isDataset, isNamespace } from './edge/platform.ts';
import { durableObjectLimiter } from './edge/rate-limit-object.ts';
import { errorBody } from './errors.ts';

/**
 * Cloudflare Workers (workerd) entry. The environment arrives as bindings on each request, so the app
 * is built on the first request of an isolate and kept. The built SPA is served by the platform's
 * static assets (wrangler.jsonc), not here; this worker answers /auth, /api, /live, /webhooks, /healthz
 * and /readyz.
 *
 * What coordinates isolates is chosen here from the bindings: with SESSIONS, SESSION_STORE=
 * durable-object keeps sessions (and their refreshes) in Durable Objects; with APP_TOKENS, one object
 * holds the app token; with RATE_LIMITS, rate limits hold across isolates; with LIVE, live events
 * reach the streams of every isolate (a Durable Object per business). Without them, each isolate
 * keeps its own (the cookie store and per-isolate limits still work). With METRICS, an Analytics
 * Engine dataset, the metric catalogue is written there.
 *
 * Fail closed: a worker deployed without its settings must not quietly become a demo. Unless
 * THUMBTACK_ENV is set (to staging or production, or to mock explicitly for a local demo), and the
 * rest of the configuration is valid, every request gets 503 `misconfigured` and one log line says
 * what is missing.
 */
export interface WorkerOptions {
  /** Answers some requests before the BFF (the mock worker mounts the fake Thumbtack with it). */
  mount?: (request: Request, env: Record<string, unknown>) => Promise<Response | undefined>;
  /** Builds the BFF's fetch from the bindings (the mock worker routes the fake's URLs in-process). */
  fetch?: (env: Record<string, unknown>) => AppDeps['fetch'];
}

export function createWorker(options: WorkerOptions = {}) {
  let app: ReturnType<typeof createApp> | undefined;
  let problems: string[] | undefined;
  // The Durable Objects reach Thumbtack the way this worker does.
  edgeRuntime.fetch = options.fetch;
  return {
    async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
      if (!app && !problems) {
        const strings = stringBindings(env);
        try {
          if (!strings.THUMBTACK_ENV) {
            throw new ConfigError([
              'THUMBTACK_ENV: not set; a deployed worker needs staging or production (mock only when asked for)',
            ]);
          }
          app = createApp(parseConfig(strings), edgeDeps(env, options));
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          problems = [...error.problems];
          console.error(
            JSON.stringify({ level: 'error', msg: 'misconfigured: refusing to serve', problems }),
          );
        }
      }
      if (!app) {
        return Response.json(
          errorBody('misconfigured', 'The console is not configured correctly.', crypto.randomUUID()),
          { status: 503, headers: { 'Cache-Control': 'no-store' } },
        );
      }
      const mounted = await options.mount?.(request, env);
      return mounted ?? app.fetch(request);
    },
  };
}

/** The app's dependencies on the edge, from the Durable Object bindings that are there. */
function edgeDeps(env: Record<string, unknown>, options: WorkerOptions): AppDeps {
  const deps: AppDeps = {
    fetch: options.fetch?.(env),
    // The client's address, as Cloudflare writes it on every request (a client's own is replaced): the
    // key of the per-IP rate limits. Not a trusted proxy header: it says nothing of X-Request-Id.
    connectionIp: (c) => c.req.header('cf-connecting-ip'),
  };
  const { SESSIONS, APP_TOKENS, RATE_LIMITS, LIVE } = env;
  if (isNamespace(SESSIONS)) {
    deps.sessionStore = (ring, lifetimes) => new DurableObjectSessionStore(ring, lifetimes, SESSIONS);
  }
  if (isNamespace(APP_TOKENS)) deps.appTokens = () => durableObjectAppTokens(APP_TOKENS);
  if (isNamespace(RATE_LIMITS)) deps.limiter = (perMinute) => durableObjectLimiter(RATE_LIMITS, perMinute);
  if (isNamespace(LIVE)) deps.liveHub = new DurableObjectLiveHub(LIVE);
  // Metrics through Workers Analytics Engine when a METRICS dataset is bound; traces are not exported
  // from the edge (docs/operations.md#on-cloudflare-workers).
  if (isDataset(env.METRICS))
    deps.telemetry = { metrics: analyticsEngineMetrics(env.METRICS), tracer: undefined };
  return deps;
}

export default createWorker();

export { AppTokenObject, LiveObject, RateLimitObject, SessionObject } from './edge/durable-objects.ts';
