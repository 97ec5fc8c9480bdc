import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env.ts';
import {
  COMPARE_AND_SET,
  hashedKey,
  KEY_PREFIX,
  type SessionRedisClient,
  sessionStoreUnavailable,
  storeCall,
} from './redis-client.ts';
import { type KeyRing, parsedOnce, seal, unseal } from './seal.ts';
import { clearSession, type SessionRead } from './session-cookie.ts';
import { type SessionData, SessionDataSchema } from './session-data.ts';
import { type CookieRef, readSessionId, writeSessionId } from './session-id-cookie.ts';
import { checkLifetimes, remainingSeconds, type SessionLifetimes } from './session-policy.ts';
import type { SessionStore } from './session-store.ts';

/** Optimistic-concurrency retries when other requests write the same session while we rotate. */
const MAX_ROTATE_ATTEMPTS = 5;

/** What Redis holds: the session, sealed with the key ring and bound to its Redis key. */
const StoredSchema = z.object({ v: z.literal(1), session: SessionDataSchema });

const parseStored = parsedOnce((payload) => {
  const parsed = StoredSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
});

interface Loaded {
  id: string;
  key: string;
  /** The exact value read, for compare-and-set: a write never overwrites a newer one blindly. */
  raw: string | undefined;
}

/**
 * Sessions in Redis, for several BFF instances behind a load balancer. The `__Host-tt-session` cookie
 * (same attributes, same key ring, same name binding) holds only a sealed opaque id; the session JSON
 * lives under `tt-console:session:<SHA-256 of the id>`, sealed with the key ring (no token is stored in
 * clear at rest), with a TTL equal to the session's remaining lifetime. Writes are compare-and-set on
 * the value read, so a slow request can never put back a refresh token that was already rotated.
 * A Redis failure is a 503 `session_store_unavailable`, never a 500 and never a silent logout.
 */
export class RedisSessionStore implements SessionStore {
  private readonly loaded = new WeakMap<Context<AppEnv>, Loaded>();

  constructor(
    private readonly ring: Promise<KeyRing>,
    private readonly policy: SessionLifetimes,
    private readonly client: SessionRedisClient,
  ) {}

  async read(c: Context<AppEnv>, nowSeconds: number): Promise<SessionRead> {
    const ref = await this.cookieRef(c);
    if (ref.kind === 'none') return { kind: 'none' };
    if (ref.kind === 'invalid') return { kind: 'ended' };
    const key = await sessionKey(ref.id);
    const raw = await storeCall(() => this.client.get(key));
    this.loaded.set(c, { id: ref.id, key, raw: raw ?? undefined });
    if (raw === null) return { kind: 'ended' };
    const opened = await this.open(key, ref.id, raw);
    if (!opened) return { kind: 'ended' };
    const checked = checkLifetimes(opened.session, this.policy, nowSeconds);
    if (checked.kind === 'ended') return checked;
    return {
      kind: 'active',
      session: checked.session,
      needsWrite: checked.touched || opened.stale || ref.stale,
    };
  }

  /** Logout elsewhere deletes the entry; an unreachable Redis counts as open (the stream retries later). */
  async isOpen(session: SessionData): Promise<boolean> {
    try {
      return (await this.client.get(await sessionKey(session.sid))) !== null;
    } catch {
      return true;
    }
  }

  /** Readiness: Redis answers a PING (503 from /readyz when it does not). */
  async check(): Promise<void> {
    await storeCall(() => this.client.ping());
  }

  async touch(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void> {
    const loaded = this.loaded.get(c);
    const ttlMs = this.remainingSeconds(session, nowSeconds) * 1000;
    if (!loaded || loaded.id !== session.sid || loaded.raw === undefined || ttlMs <= 0) return;
    const value = await this.sealValue(loaded.key, session);
    // Lost race: another request wrote the session since we read it; its write is at least as new,
    // and a missed idle-clock step costs nothing (the next request takes it).
    if (await this.compareAndSet(loaded.key, loaded.raw, value, ttlMs)) loaded.raw = value;
    await this.writeCookie(c, session, nowSeconds);
  }

  async save(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void> {
    const ttlMs = this.remainingSeconds(session, nowSeconds) * 1000;
    if (ttlMs <= 0) throw new Error('refusing to store a session that has already ended');
    const previous = await this.cookieRef(c);
    const key = await sessionKey(session.sid);
    const value = await this.sealValue(key, session);
    await storeCall(() => this.client.set(key, value, 'PX', ttlMs));
    this.loaded.set(c, { id: session.sid, key, raw: value });
    await this.writeCookie(c, session, nowSeconds);
    // The session this browser had before signing in is over (fixation); its entry would only
    // linger until its TTL, so a failure here does not fail the login.
    if (previous.kind === 'ref' && previous.id !== session.sid) {
      const old = await sessionKey(previous.id);
      await this.client.del(old).catch(() => undefined);
    }
  }

  async rotate(
    c: Context<AppEnv>,
    previous: SessionData,
    next: SessionData,
    nowSeconds: number,
  ): Promise<SessionData | undefined> {
    const loaded = this.loaded.get(c);
    const key = loaded?.id === next.sid ? loaded.key : await sessionKey(next.sid);
    let expected = loaded?.id === next.sid ? loaded.raw : undefined;
    let candidate = next;
    for (let attempt = 0; attempt < MAX_ROTATE_ATTEMPTS; attempt++) {
      const ttlMs = this.remainingSeconds(candidate, nowSeconds) * 1000;
      if (ttlMs <= 0) return undefined;
      if (expected !== undefined) {
        const value = await this.sealValue(key, candidate);
        if (await this.compareAndSet(key, expected, value, ttlMs)) {
          this.loaded.set(c, { id: candidate.sid, key, raw: value });
          return candidate;
        }
      }
      const raw = await storeCall(() => this.client.get(key));
      // Logged out (or expired) while the refresh ran: do not bring the session back.
      if (raw === null) return undefined;
      const current = (await this.open(key, next.sid, raw))?.session;
      if (!current) return undefined;
      if (current.refreshToken !== previous.refreshToken) {
        // Another request already stored a rotation (the same one, or a later one): keep it.
        this.loaded.set(c, { id: current.sid, key, raw });
        return current;
      }
      // Someone only advanced the idle clock: put our tokens onto what they wrote.
      expected = raw;
      candidate = {
        ...current,
        accessToken: next.accessToken,
        accessTokenExpiresAt: next.accessTokenExpiresAt,
        refreshToken: next.refreshToken,
        scopes: next.scopes,
      };
    }
    throw sessionStoreUnavailable(new Error('the session kept changing while a refresh was stored'));
  }

  async end(c: Context<AppEnv>): Promise<void> {
    const loaded = this.loaded.get(c);
    this.loaded.delete(c);
    const key = loaded ? loaded.key : await this.cookieKey(c);
    // Delete first: if Redis is down the browser keeps its cookie and a retry can finish the job.
    if (key) await storeCall(() => this.client.del(key));
    clearSession(c);
  }

  private async cookieKey(c: Context<AppEnv>): Promise<string | undefined> {
    const ref = await this.cookieRef(c);
    return ref.kind === 'ref' ? sessionKey(ref.id) : undefined;
  }

  private async cookieRef(c: Context<AppEnv>): Promise<CookieRef> {
    return readSessionId(c, await this.ring);
  }

  private async open(key: string, id: string, raw: string) {
    const opened = await unseal(await this.ring, key, raw);
    const stored = opened ? parseStored(opened.payload) : undefined;
    if (!opened || !stored || stored.session.sid !== id) return undefined;
    return { session: stored.session, stale: opened.stale };
  }

  private async sealValue(key: string, session: SessionData): Promise<string> {
    return seal(await this.ring, key, { v: 1, session });
  }

  private async compareAndSet(key: string, expected: string, value: string, ttlMs: number) {
    const swapped = await storeCall(() => this.client.eval(COMPARE_AND_SET, 1, key, expected, value, ttlMs));
    return swapped === 1;
  }

  private async writeCookie(c: Context<AppEnv>, session: SessionData, nowSeconds: number) {
    await writeSessionId(c, await this.ring, session.sid, this.remainingSeconds(session, nowSeconds));
  }

  private remainingSeconds(session: SessionData, nowSeconds: number): number {
    return remainingSeconds(session, this.policy, nowSeconds);
  }
}

export function sessionKey(id: string): Promise<string> {
  return hashedKey(KEY_PREFIX.session, id);
}
