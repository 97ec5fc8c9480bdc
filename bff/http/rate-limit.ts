import type { Context, MiddlewareHandler } from 'hono';
import { rateLimited } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { type Metrics, noMetrics } from './telemetry.ts';

/**
 * Counts requests per key (bucket and client IP) in one-minute windows and says how long to wait.
 * In memory on Node (RateLimiter); on the edge, a Durable Object, so the limit holds across isolates.
 */
export interface Limiter {
  /** The seconds to wait, or 0 when the request may pass. */
  hit(key: string): number | Promise<number>;
}

/**
 * A fixed one-minute window per client IP and bucket, in memory. Enough for one instance; behind
 * several instances each counts its own share, which errs on the generous side.
 */
export class RateLimiter implements Limiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly nowMs: () => number,
  ) {}

  /** Returns the seconds to wait, or 0 when the request may pass. */
  hit(key: string): number {
    const now = this.nowMs();
    if (this.windows.size > 10_000) this.sweep(now);
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    window.count += 1;
    if (window.count <= this.perMinute) return 0;
    return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
  }
}

export type ClientIp = (c: Context<AppEnv>) => string;

export function rateLimit(
  limiter: Limiter,
  bucket: string,
  clientIp: ClientIp,
  metrics: Metrics = noMetrics,
): MiddlewareHandler {
  return async (c, next) => {
    const wait = await limiter.hit(`${bucket}:${clientIp(c)}`);
    if (wait > 0) {
      metrics.count('console_rate_limited_total', { bucket });
      throw rateLimited(wait);
    }
    await next();
  };
}

/**
 * The client IP comes from the configured trusted proxy header only; without one, from the
 * connection. A header we were not told to trust is ignored: anyone can send X-Forwarded-For.
 * Of a list, the last entry is the one our proxy appended; earlier ones are whatever the client sent.
 */
export function clientIpResolver(
  trustedHeader: string | undefined,
  fromConnection: (c: Context<AppEnv>) => string | undefined,
): ClientIp {
  return (c) => {
    if (trustedHeader) {
      const value = c.req.header(trustedHeader)?.split(',').at(-1)?.trim();
      if (value) return value;
    }
    return fromConnection(c) ?? 'unknown';
  };
}
