import { z } from 'zod';
import { base64url } from '../encoding.ts';
import { tokenRefreshUnavailable } from '../errors.ts';
import { type TokenFailure, TokenRequestError } from '../oauth/token-errors.ts';
import {
  REUSE_WINDOW_SECONDS,
  type RefreshOutcome,
  type SharedRefreshState,
} from '../oauth/token-refresher.ts';
import {
  hashedKey,
  KEY_PREFIX,
  RELEASE_IF_OWNER,
  type SessionRedisClient,
  storeCall,
} from './redis-client.ts';
import { type KeyRing, seal, unseal } from './seal.ts';

export interface RedisRefreshTimings {
  /** How long a lock holds if its owner dies mid-refresh; above the token request's 10 s timeout. */
  lockTtlMs: number;
  /** How long a request waits for another instance's refresh before answering 503. */
  waitMs: number;
  /** How often a waiting request looks for the published result. */
  pollMs: number;
  /**
   * How long a transient failure (network, 5xx, 429) answers everyone presenting the same refresh
   * token, so a wave of requests meets one failed token call rather than one each. Seconds, shorter
   * than the Retry-After the browser is given. An invalid_grant stands for the whole reuse window.
   */
  transientFailureSeconds: number;
}

export const DEFAULT_REFRESH_TIMINGS: RedisRefreshTimings = {
  lockTtlMs: 15_000,
  waitMs: 20_000,
  pollMs: 25,
  transientFailureSeconds: 2,
};

const RETRY_AFTER_SECONDS = 5;

const PublishedSchema = z.object({
  v: z.literal(1),
  tokens: z.object({
    accessToken: z.string().min(1),
    accessTokenExpiresAt: z.number().int(),
    refreshToken: z.string().min(1).optional(),
    scopes: z.array(z.string()).optional(),
  }),
  rememberUntil: z.number().int(),
});

const FailureSchema = z.object({
  v: z.literal(1),
  failure: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('oauth'), code: z.string() }),
    z.object({ kind: z.literal('status'), status: z.number().int() }),
    z.object({ kind: z.literal('unreadable'), status: z.number().int() }),
    z.object({ kind: z.literal('network') }),
  ]),
  until: z.number().int(),
});

interface RefreshKeys {
  lock: string;
  result: string;
  failure: string;
}

/**
 * One refresh per refresh token across every BFF instance that shares a Redis:
 * - a lock per refresh token (`SET key attempt NX PX`), released only by its owner (compare-and-delete
 *   in Lua); if the owner dies, the lock expires and another instance may try;
 * - the winner publishes the rotated tokens, sealed with the key ring, for Thumbtack's 60 s reuse
 *   window, so everyone presenting the same old token gets them with no second token call; a failure
 *   is published too (invalid_grant for the window, a transient one briefly);
 * - the others poll (bounded) for either.
 * Keys are SHA-256 hashes of the refresh token; values are sealed and bound to their key. Expiry is
 * checked on both clocks: Redis's TTL (real time) and the app's clock (`rememberUntil`, `until`).
 */
export class RedisRefreshCoordinator implements SharedRefreshState {
  private readonly timings: RedisRefreshTimings;

  constructor(
    private readonly client: SessionRedisClient,
    private readonly ring: Promise<KeyRing>,
    private readonly nowSeconds: () => number,
    timings: Partial<RedisRefreshTimings> = {},
  ) {
    this.timings = { ...DEFAULT_REFRESH_TIMINGS, ...timings };
  }

  async once(refreshToken: string, refresh: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
    const keys: RefreshKeys = {
      lock: await hashedKey(KEY_PREFIX.refreshLock, refreshToken),
      result: await hashedKey(KEY_PREFIX.refreshResult, refreshToken),
      failure: await hashedKey(KEY_PREFIX.refreshFailure, refreshToken),
    };
    // Redis expiries run on real time, so the wait is bounded on real time too.
    const deadline = Date.now() + this.timings.waitMs;
    for (;;) {
      const settled = await this.settled(keys);
      if (settled) return settled;
      const attempt = randomId();
      const locked = await storeCall(() =>
        this.client.set(keys.lock, attempt, 'PX', this.timings.lockTtlMs, 'NX'),
      );
      if (locked !== null) return this.lead(keys, attempt, refresh);
      if (Date.now() >= deadline) {
        throw tokenRefreshUnavailable(RETRY_AFTER_SECONDS, new Error('timed out waiting for a refresh'));
      }
      await sleep(this.timings.pollMs);
    }
  }

  private async lead(
    keys: RefreshKeys,
    attempt: string,
    refresh: () => Promise<RefreshOutcome>,
  ): Promise<RefreshOutcome> {
    try {
      // The previous owner may have finished between our look and our lock.
      const settled = await this.settled(keys);
      if (settled) return settled;
      let outcome: RefreshOutcome;
      try {
        outcome = await refresh();
      } catch (error) {
        const failure = error instanceof TokenRequestError ? error.failure : undefined;
        if (failure) await this.publishFailure(keys.failure, failure).catch(() => undefined);
        throw error;
      }
      // Best effort: if Redis is gone now, the caller cannot store the session either and answers 503;
      // this process still remembers the result for the reuse window (TokenRefresher).
      await this.publish(keys.result, outcome).catch(() => undefined);
      return outcome;
    } finally {
      await this.client.eval(RELEASE_IF_OWNER, 1, keys.lock, attempt).catch(() => undefined);
    }
  }

  /** The published result, or throws the published failure; undefined while there is neither. */
  private async settled(keys: RefreshKeys): Promise<RefreshOutcome | undefined> {
    const published = await this.published(keys.result);
    if (published) return published;
    const failed = await this.failure(keys.failure);
    if (failed)
      throw new TokenRequestError(failed, { description: 'the refresh failed on another instance' });
    return undefined;
  }

  private async published(key: string): Promise<RefreshOutcome | undefined> {
    const raw = await storeCall(() => this.client.get(key));
    if (raw === null) return undefined;
    const opened = await unseal(await this.ring, key, raw);
    const parsed = PublishedSchema.safeParse(opened?.payload);
    if (!parsed.success || parsed.data.rememberUntil <= this.nowSeconds()) return undefined;
    const { tokens, rememberUntil } = parsed.data;
    return {
      tokens: {
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshToken: tokens.refreshToken,
        scopes: tokens.scopes,
      },
      rememberUntil,
    };
  }

  private async publish(key: string, outcome: RefreshOutcome): Promise<void> {
    const ttlMs = (outcome.rememberUntil - this.nowSeconds()) * 1000;
    if (ttlMs <= 0) return;
    const value = await seal(await this.ring, key, { v: 1, ...outcome });
    await this.client.set(key, value, 'PX', ttlMs);
  }

  private async failure(key: string): Promise<TokenFailure | undefined> {
    const raw = await storeCall(() => this.client.get(key));
    if (raw === null) return undefined;
    const parsed = FailureSchema.safeParse((await unseal(await this.ring, key, raw))?.payload);
    if (!parsed.success || parsed.data.until <= this.nowSeconds()) return undefined;
    return parsed.data.failure;
  }

  private async publishFailure(key: string, failure: TokenFailure): Promise<void> {
    // A refresh token Thumbtack called invalid stays invalid: nobody needs to present it again.
    const seconds =
      failure.kind === 'oauth' && failure.code === 'invalid_grant'
        ? REUSE_WINDOW_SECONDS
        : this.timings.transientFailureSeconds;
    const value = await seal(await this.ring, key, { v: 1, failure, until: this.nowSeconds() + seconds });
    await this.client.set(key, value, 'PX', seconds * 1000);
  }
}

function randomId(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
