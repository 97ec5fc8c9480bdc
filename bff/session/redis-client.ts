import { base64url } from '../encoding.ts';
import { AppError } from '../errors.ts';

/**
 * The few Redis commands the session store and the refresh lock use. ioredis's `Redis` satisfies it;
 * the app only sees this interface, so it stays runtime-agnostic (the Node entry makes the client).
 */
export interface SessionRedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number): Promise<unknown>;
  /** SET … PX … NX: 'OK' when set, null when the key already existed. */
  set(
    key: string,
    value: string,
    millisecondsToken: 'PX',
    milliseconds: number,
    nx: 'NX',
  ): Promise<'OK' | null>;
  del(key: string): Promise<number>;
  ping(): Promise<string>;
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Seconds a browser should wait before trying again when Redis does not answer. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export const sessionStoreUnavailable = (cause?: unknown) =>
  new AppError(
    'session_store_unavailable',
    503,
    'Sessions cannot be read right now. You are still signed in; try again shortly.',
    { cause, headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) } },
  );

/** Runs one Redis call; any failure (down, timeout, refused) becomes a 503, never a 500 or a logout. */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw sessionStoreUnavailable(error);
  }
}

/** Sets KEYS[1] to ARGV[2] (PX ARGV[3]) only while it still holds ARGV[1]: optimistic concurrency. */
export const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Deletes a lock only if the caller still owns it, so an expired owner never frees someone else's. */
export const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const encoder = new TextEncoder();

/** A Redis key name for a secret (session id, refresh token): its SHA-256, so keys reveal nothing. */
export async function hashedKey(prefix: string, secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(secret)));
  return `${prefix}${base64url(digest)}`;
}

export const KEY_PREFIX = {
  session: 'tt-console:session:',
  refreshLock: 'tt-console:refresh-lock:',
  refreshResult: 'tt-console:refresh-result:',
  refreshFailure: 'tt-console:refresh-failure:',
} as const;
