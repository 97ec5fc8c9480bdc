import { type Limiter, RateLimiter } from '../http/rate-limit.ts';
import { callObject, type DurableObjectNamespace, readOperation } from './platform.ts';

/** Keys spread over this many objects: one object per client would be as right, only more of them. */
const SHARDS = 16;

/**
 * Rate limits that hold across isolates: every isolate counts a key (bucket and client IP) in the same
 * object, with the same one-minute window as on Node (RateLimiter, inside the object).
 */
export class RateLimitObject {
  private readonly limiters = new Map<number, RateLimiter>();

  async fetch(request: Request): Promise<Response> {
    const { body } = await readOperation(request);
    const perMinute = Number(body.perMinute);
    if (!Number.isInteger(perMinute) || perMinute <= 0) return Response.json({ wait: 0 });
    let limiter = this.limiters.get(perMinute);
    if (!limiter) {
      limiter = new RateLimiter(perMinute, Date.now);
      this.limiters.set(perMinute, limiter);
    }
    return Response.json({ wait: limiter.hit(String(body.key)) });
  }
}

/**
 * A limiter of `perMinute` backed by the objects above. If the platform cannot answer, the request
 * passes: a rate limit is a brake, and refusing everyone because of it would be worse.
 */
export function durableObjectLimiter(namespace: DurableObjectNamespace, perMinute: number): Limiter {
  return {
    async hit(key) {
      try {
        const answer = await callObject<{ wait: number }>(namespace, `rate:${shardOf(key)}`, 'hit', {
          key,
          perMinute,
        });
        return answer.wait;
      } catch {
        return 0;
      }
    },
  };
}

function shardOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return hash % SHARDS;
}
