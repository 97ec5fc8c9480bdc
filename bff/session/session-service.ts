import { OAuth2RequestError } from 'arctic';
import type { Context } from 'hono';
import { AppError, notAuthenticated, sessionExpired, tokenRefreshUnavailable } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { TokenRefresher } from '../oauth/token-refresher.ts';
import { isInvalidGrant, isTransientTokenError } from '../oauth/token-request.ts';
import type { KeyRing } from './seal.ts';
import { clearSession, readSession, type SessionPolicy, writeSession } from './session-cookie.ts';
import type { SessionData } from './session-data.ts';

/** Refresh when the access token has less than this left, so it cannot expire mid-request. */
export const REFRESH_AHEAD_SECONDS = 60;
const RETRY_AFTER_SECONDS = 5;

/**
 * The signed-in person's session for one request: read once from the cookie, refreshed when its
 * access token is about to expire, written back only when something changed.
 */
export class SessionService {
  constructor(
    private readonly ring: Promise<KeyRing>,
    private readonly policy: SessionPolicy,
    private readonly refresher: TokenRefresher,
    private readonly nowSeconds: () => number,
  ) {}

  /** The session as the cookie has it, or undefined; an ended one is cleared from the browser. */
  async current(c: Context<AppEnv>): Promise<{ session?: SessionData; ended: boolean }> {
    const cached = c.get('session') as { session?: SessionData; ended: boolean } | undefined;
    if (cached) return cached;
    const now = this.nowSeconds();
    const read = await readSession(c, await this.ring, this.policy, now);
    let result: { session?: SessionData; ended: boolean };
    if (read.kind === 'active') {
      if (read.needsWrite) await writeSession(c, await this.ring, this.policy, read.session, now);
      result = { session: read.session, ended: false };
    } else {
      if (read.kind === 'ended') clearSession(c);
      result = { ended: read.kind === 'ended' };
    }
    c.set('session', result);
    return result;
  }

  /** A session whose access token is good for at least a minute, or a 401/503 AppError. */
  async fresh(c: Context<AppEnv>): Promise<SessionData> {
    const { session, ended } = await this.current(c);
    if (!session) throw ended ? sessionExpired() : notAuthenticated();
    const left = session.accessTokenExpiresAt - this.nowSeconds();
    if (left >= REFRESH_AHEAD_SECONDS) return session;
    if (session.refreshToken) return this.refresh(c, session);
    if (left > 0) return session;
    // No refresh token (no offline_access): the session ends with its access token, cleanly.
    this.end(c);
    throw sessionExpired('access token expired and no refresh token');
  }

  /** Refreshes now (pre-emptively, or after Thumbtack answered 401) and stores the rotated tokens. */
  async refresh(c: Context<AppEnv>, session: SessionData): Promise<SessionData> {
    if (!session.refreshToken) {
      this.end(c);
      throw sessionExpired('no refresh token');
    }
    try {
      const tokens = await this.refresher.refresh(session.refreshToken);
      const next: SessionData = {
        ...session,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshToken: tokens.refreshToken ?? session.refreshToken,
        scopes: tokens.scopes ?? session.scopes,
      };
      await this.save(c, next);
      return next;
    } catch (error) {
      if (isInvalidGrant(error)) {
        this.end(c);
        throw sessionExpired(error);
      }
      if (isTransientTokenError(error)) throw tokenRefreshUnavailable(RETRY_AFTER_SECONDS, error);
      if (error instanceof OAuth2RequestError) {
        throw new AppError('thumbtack_error', 502, 'Thumbtack refused to renew access.', { cause: error });
      }
      throw error;
    }
  }

  async save(c: Context<AppEnv>, session: SessionData): Promise<void> {
    await writeSession(c, await this.ring, this.policy, session, this.nowSeconds());
    c.set('session', { session, ended: false });
  }

  end(c: Context<AppEnv>): void {
    clearSession(c);
    c.set('session', { ended: true });
  }
}
