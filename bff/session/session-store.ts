import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { SessionRead } from './session-cookie.ts';
import type { SessionData } from './session-data.ts';

/**
 * Where a session lives between requests. SessionService (and so the auth routes and the proxy) talks
 * only to this: the cookie store keeps the whole sealed session in the cookie; the Redis store keeps
 * it in Redis and the cookie holds only a sealed opaque id.
 */
export interface SessionStore {
  /** The request's session, checked against the absolute and idle limits. Never throws for bad input. */
  read(c: Context<AppEnv>, nowSeconds: number): Promise<SessionRead>;
  /** Writes back the session `read` returned (idle clock advanced, or re-sealed with the newest key). */
  touch(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void>;
  /** Stores a session made at login, replacing whatever session the request carried. */
  save(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void>;
  /**
   * Stores rotated tokens for the session `read` returned. Returns the session as stored now (another
   * request may have stored a newer rotation first), or undefined when the session ended meanwhile.
   */
  rotate(
    c: Context<AppEnv>,
    previous: SessionData,
    next: SessionData,
    nowSeconds: number,
  ): Promise<SessionData | undefined>;
  /** Deletes the stored session (if any), then clears the browser's cookie. */
  end(c: Context<AppEnv>): Promise<void>;
  /**
   * Refreshes the session's tokens where the session lives (a Durable Object, which serializes every
   * isolate's requests: one token request however many ask). Stores without it get their refresh from
   * SessionService's refresher and `rotate`. Resolves to the session as stored now, undefined when it
   * ended; throws TokenRequestError as a token request would.
   */
  refresh?(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<SessionData | undefined>;
  /** Whether the stored session still exists (stores that keep sessions server-side); never throws. */
  isOpen?(session: SessionData): Promise<boolean>;
  /** Readiness: resolves when the store can serve sessions, throws (a 503 AppError) when it cannot. */
  check(): Promise<void>;
}
