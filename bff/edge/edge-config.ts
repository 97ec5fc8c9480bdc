import { type Config, parseConfig } from '../config.ts';
import type { TokenEndpoint } from '../oauth/token-request.ts';
import { USER_AGENT } from '../thumbtack/partner-api.ts';
import { analyticsEngineMetrics } from './analytics-engine-metrics.ts';
import { edgeRuntime, isDataset } from './platform.ts';

/** The string bindings of a worker's environment: its configuration. */
export function stringBindings(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * The token endpoint as a Durable Object sees it: the same configuration as the worker (its bindings
 * are the worker's), reaching Thumbtack the way the worker does.
 */
export function tokenEndpointFor(env: Record<string, unknown>): { config: Config; endpoint: TokenEndpoint } {
  const config = parseConfig(stringBindings(env));
  const fetch = edgeRuntime.fetch?.(env) ?? ((request: Request) => globalThis.fetch(request));
  const endpoint: TokenEndpoint = {
    tokenUrl: config.thumbtack.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch,
    userAgent: USER_AGENT,
    timeoutMs: Math.min(10_000, config.upstreamTimeoutCapMs ?? 10_000),
    // Token requests made inside a Durable Object are counted in the same dataset as the worker's.
    metrics: isDataset(env.METRICS) ? analyticsEngineMetrics(env.METRICS) : undefined,
  };
  return { config, endpoint };
}
