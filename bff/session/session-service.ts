import type { Context } from 'hono';
import { AppError, notAuthenticated, sessionExpired, tokenRefreshUnavailable } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { inSpan, noTelemetry, type Telemetry } from '../http/telemetry.ts';
import { isInvalidGrant, isTransientTokenError, TokenRequestError } from '../oauth/token-errors.ts';
import type { Refresher } from '../oauth/token-refresher.ts';
import { EndedSessions } from './ended-sessions.ts';
import type { SessionData } from './session-data.ts';
import { type SessionLifetimes, sessionAbsoluteEnd, sessionEndsAt } from './session-policy.ts';
import type { SessionStore } from './session-store.ts';

/** Refresh when the access token has less than this left, so it cannot expire mid-request. */
export const REFRESH_AHEAD_SECONDS = 60;
const RETRY_AFTER_SECONDS = 5;

/** The session as this request knows it: read once, then updated as the request refreshes or ends it. */
export interface RequestSession {
  session?: SessionData;
  ended: boolean;
}

/**
 * The signed-in person's session for one request: read once from the store (the cookie, or Redis),
 * refreshed when its access token is about to expire, written back only when something changed.
 * /auth/session and the proxy both ask it, so they always agree about a session.
 */
export class SessionService {
  private readonly ended = new EndedSessions();
  /** Per request (the Context dies with it): one store read however many times a request asks. */
  private readonly perRequest = new WeakMap<Context<AppEnv>, RequestSession>();

  constructor(
    private readonly store: SessionStore,
    private readonly refresher: Refresher,
    private readonly lifetimes: SessionLifetimes,
    private readonly nowSeconds: () => number,
    /** Store operations counted under this store's name; refreshes traced (http/telemetry.ts). */
    private readonly observe: { telemetry: Telemetry; store: string } = {
      telemetry: noTelemetry,
      store: 'cookie',
    },
  ) {}

  /** One store operation, counted by result; a failure is rethrown as it came. */
  private async op<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const labels = { store: this.observe.store, operation };
    try {
      const result = await work();
      this.observe.telemetry.metrics.count('console_session_store_operations_total', {
        ...labels,
        result: 'ok',
      });
      return result;
    } catch (error) {
      this.observe.telemetry.metrics.count('console_session_store_operations_total', {
        ...labels,
        result: 'error',
      });
      throw error;
    }
  }

  /** Unix seconds at which this session ends if unused (what /auth/session reports). */
  endsAt(session: SessionData): number {
    return sessionEndsAt(session, this.lifetimes);
  }

  /**
   * Whether a session read earlier is still open: not ended here, and still in the store where the
   * store can tell (Redis). For long-lived responses (the live event stream) that hold no cookie.
   */
  async stillOpen(session: SessionData): Promise<boolean> {
    if (this.ended.has(session.sid, this.nowSeconds())) return false;
    return this.store.isOpen ? this.store.isOpen(session) : true;
  }

  /** Readiness of the store behind the sessions. */
  check(): Promise<void> {
    return this.store.check();
  }

  /** The session as the store has it, or undefined; an ended one is cleared from the browser. */
  async current(c: Context<AppEnv>): Promise<RequestSession> {
    const cached = this.perRequest.get(c);
    if (cached) return cached;
    const now = this.nowSeconds();
    const read = await this.op('read', () => this.store.read(c, now));
    let result: RequestSession;
    if (read.kind === 'active' && this.ended.has(read.session.sid, now)) {
      // A copy of a cookie whose session was ended here (logout): refused by every route alike.
      await this.op('end', () => this.store.end(c));
      result = { ended: true };
    } else if (read.kind === 'active') {
      if (read.needsWrite) await this.op('touch', () => this.store.touch(c, read.session, now));
      result = { session: read.session, ended: false };
    } else {
      if (read.kind === 'ended') await this.op('end', () => this.store.end(c));
      result = { ended: read.kind === 'ended' };
    }
    this.perRequest.set(c, result);
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
    await this.end(c);
    throw sessionExpired('access token expired and no refresh token');
  }

  /** Refreshes now (pre-emptively, or after Thumbtack answered 401) and stores the rotated tokens. */
  async refresh(c: Context<AppEnv>, session: SessionData): Promise<SessionData> {
    if (!session.refreshToken) {
      await this.end(c);
      throw sessionExpired('no refresh token');
    }
    try {
      const refreshToken = session.refreshToken;
      const stored = await inSpan(
        this.observe.telemetry,
        c.get('span'),
        'oauth refresh',
        { 'oauth.grant': 'refresh_token' },
        () =>
          this.store.refresh
            ? this.op('refresh', () =>
                (this.store.refresh as NonNullable<SessionStore['refresh']>)(c, session, this.nowSeconds()),
              )
            : this.rotateHere(c, session, refreshToken),
      );
      if (!stored) {
        await this.end(c);
        throw sessionExpired('the session ended while its tokens were being refreshed');
      }
      this.perRequest.set(c, { session: stored, ended: false });
      return stored;
    } catch (error) {
      if (isInvalidGrant(error)) {
        await this.end(c);
        throw sessionExpired(error);
      }
      if (isTransientTokenError(error)) throw tokenRefreshUnavailable(RETRY_AFTER_SECONDS, error);
      if (error instanceof TokenRequestError) {
        throw new AppError('thumbtack_error', 502, 'Thumbtack refused to renew access.', { cause: error });
      }
      throw error;
    }
  }

  /** The refresher's rotation, stored through the store (cookie, Redis). */
  private async rotateHere(c: Context<AppEnv>, session: SessionData, refreshToken: string) {
    const tokens = await this.refresher.refresh(refreshToken, session.scopes);
    const next: SessionData = {
      ...session,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshToken: tokens.refreshToken ?? session.refreshToken,
      scopes: tokens.scopes ?? session.scopes,
    };
    return this.op('rotate', () => this.store.rotate(c, session, next, this.nowSeconds()));
  }

  /** Stores a new session (login), replacing whatever session the request carried. */
  async save(c: Context<AppEnv>, session: SessionData): Promise<void> {
    await this.op('save', () => this.store.save(c, session, this.nowSeconds()));
    this.perRequest.set(c, { session, ended: false });
  }

  /**
   * Ends the session: the stored copy (Redis) is deleted, then the cookie cleared. If the store cannot
   * delete it, this throws its 503 and the browser keeps the cookie, so a retried logout finishes.
   * This process also remembers the session as ended and forgets any refresh it remembers for it, so
   * a copy of the cookie taken earlier opens nothing here (with the cookie store, that is all a
   * stateless cookie allows; see README, "The session model").
   */
  async end(c: Context<AppEnv>): Promise<void> {
    const session = this.perRequest.get(c)?.session;
    this.perRequest.set(c, { ended: true });
    await this.op('end', () => this.store.end(c));
    if (!session) return;
    this.ended.add(session.sid, sessionAbsoluteEnd(session, this.lifetimes), this.nowSeconds());
    if (session.refreshToken) this.refresher.forget(session.refreshToken);
  }
}
