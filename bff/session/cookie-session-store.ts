import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { KeyRing } from './seal.ts';
import { clearSession, readSession, writeSession } from './session-cookie.ts';
import type { SessionData } from './session-data.ts';
import type { SessionLifetimes } from './session-policy.ts';
import type { SessionStore } from './session-store.ts';

/** The default store: the whole session, sealed, in the `__Host-tt-session` cookie (chunked if large). */
export class CookieSessionStore implements SessionStore {
  constructor(
    private readonly ring: Promise<KeyRing>,
    private readonly policy: SessionLifetimes,
  ) {}

  async read(c: Context<AppEnv>, nowSeconds: number) {
    return readSession(c, await this.ring, this.policy, nowSeconds);
  }

  async touch(c: Context<AppEnv>, session: SessionData, nowSeconds: number) {
    await writeSession(c, await this.ring, this.policy, session, nowSeconds);
  }

  async save(c: Context<AppEnv>, session: SessionData, nowSeconds: number) {
    await writeSession(c, await this.ring, this.policy, session, nowSeconds);
  }

  // The cookie travels with each request, so the rotated tokens simply replace the old ones.
  async rotate(c: Context<AppEnv>, _previous: SessionData, next: SessionData, nowSeconds: number) {
    await writeSession(c, await this.ring, this.policy, next, nowSeconds);
    return next;
  }

  end(c: Context<AppEnv>) {
    clearSession(c);
    return Promise.resolve();
  }

  // Nothing to reach: the session travels in the request.
  check() {
    return Promise.resolve();
  }
}
