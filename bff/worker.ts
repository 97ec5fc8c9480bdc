import { type AppDeps, createApp } from './app.ts';
import { ConfigError, parseConfig } from './config.ts';
import { errorBody } from './errors.ts';

/**
 * Cloudflare Workers (workerd) entry. The environment arrives as bindings on each request, so the app
 * is built on the first request of an isolate and kept. The built SPA is served by the platform's
 * static assets, not here; this worker answers /auth, /api, /healthz and /readyz.
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
  return {
    async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
      if (!app && !problems) {
        const strings = Object.fromEntries(
          Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
        try {
          if (!strings.THUMBTACK_ENV) {
            throw new ConfigError([
              'THUMBTACK_ENV: not set; a deployed worker needs staging or production (mock only when asked for)',
            ]);
          }
          app = createApp(parseConfig(strings), { fetch: options.fetch?.(env) });
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

export default createWorker();
