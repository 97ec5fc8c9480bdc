import { type AppDeps, createApp } from './app.ts';
import { ConfigError, parseConfig } from './config.ts';

/**
 * Cloudflare Workers (workerd) entry. The environment arrives as bindings on each request, so the app
 * is built on the first request of an isolate and kept. The built SPA is served by the platform's
 * static assets, not here; this worker answers /auth, /api and /healthz.
 */
export interface WorkerOptions {
  /** Answers some requests before the BFF (the mock worker mounts the fake Thumbtack with it). */
  mount?: (request: Request, env: Record<string, unknown>) => Promise<Response | undefined>;
  /** Builds the BFF's fetch from the bindings (the mock worker routes the fake's URLs in-process). */
  fetch?: (env: Record<string, unknown>) => AppDeps['fetch'];
}

export function createWorker(options: WorkerOptions = {}) {
  let app: ReturnType<typeof createApp> | undefined;
  let startupError: string | undefined;
  return {
    async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
      if (!app && !startupError) {
        try {
          const strings = Object.fromEntries(
            Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
          );
          app = createApp(parseConfig(strings), { fetch: options.fetch?.(env) });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          startupError = error.message;
          console.error(startupError);
        }
      }
      if (!app) {
        return Response.json(
          {
            error: {
              code: 'misconfigured',
              message: 'The console is not configured correctly.',
              requestId: 'startup',
            },
          },
          { status: 503 },
        );
      }
      const mounted = await options.mount?.(request, env);
      return mounted ?? app.fetch(request);
    },
  };
}

export default createWorker();
