import { requestToken, type TokenEndpoint, type TokenResponse } from './token-request.ts';

export interface RefreshedTokens {
  accessToken: string;
  /** Unix seconds. */
  accessTokenExpiresAt: number;
  /** Thumbtack rotates on every use; absent only if the server stopped issuing one. */
  refreshToken: string | undefined;
  scopes: string[] | undefined;
}

/** Thumbtack lets a used refresh token be presented again for 60 s (docs/thumbtack/oauth.md#refresh-tokens). */
export const REUSE_WINDOW_SECONDS = 60;

/** A refresh's result and until when (Unix seconds) it may stand in for another use of the old token. */
export interface RefreshOutcome {
  tokens: RefreshedTokens;
  rememberUntil: number;
}

/**
 * State shared by every BFF instance (the Redis store): `once` runs `refresh` at most once per refresh
 * token across all of them, and hands everyone else the published result. See
 * session/redis-refresh-coordinator.ts.
 */
export interface SharedRefreshState {
  once(refreshToken: string, refresh: () => Promise<RefreshOutcome>): Promise<RefreshOutcome>;
}

export interface Refresher {
  /** `scopes`: the session's granted scopes, sent again as Thumbtack asks (they can only narrow). */
  refresh(refreshToken: string, scopes: readonly string[]): Promise<RefreshedTokens>;
  /** Logout: forget what the reuse window remembers about this token, so no copy is served from it. */
  forget(refreshToken: string): void;
}

/**
 * Refreshes access tokens so that concurrency never burns a rotating refresh token.
 * - Single flight: every request holding the same refresh token waits on one token call.
 * - Remembered rotation: for the reuse window, a request that still carries the old cookie gets the
 *   result of the refresh that already happened, with no second token call. Past the window the old
 *   token is never presented to Thumbtack again from here.
 * One instance per process; with `shared` (the Redis store) the single flight and the remembered
 * rotation also hold across instances.
 */
export class TokenRefresher implements Refresher {
  private readonly inflight = new Map<string, Promise<RefreshedTokens>>();
  private readonly recent = new Map<string, { tokens: RefreshedTokens; until: number }>();

  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly nowSeconds: () => number,
    private readonly shared?: SharedRefreshState,
  ) {}

  refresh(refreshToken: string, scopes: readonly string[]): Promise<RefreshedTokens> {
    const remembered = this.recent.get(refreshToken);
    if (remembered && remembered.until > this.nowSeconds()) {
      this.endpoint.metrics?.count('console_refresh_shared_total', { result: 'reuse_window' });
      return Promise.resolve(remembered.tokens);
    }
    const running = this.inflight.get(refreshToken);
    if (running) {
      this.endpoint.metrics?.count('console_refresh_shared_total', { result: 'joined' });
      return running;
    }
    const call = this.call(refreshToken, scopes).finally(() => this.inflight.delete(refreshToken));
    this.inflight.set(refreshToken, call);
    return call;
  }

  /**
   * Drops every remembered rotation that leads to or from this refresh token: after a logout, a copy
   * of an older cookie must not be handed the rotated tokens without asking Thumbtack.
   */
  forget(refreshToken: string): void {
    for (const [key, entry] of this.recent) {
      if (key === refreshToken || entry.tokens.refreshToken === refreshToken) this.recent.delete(key);
    }
  }

  private async call(refreshToken: string, scopes: readonly string[]): Promise<RefreshedTokens> {
    const outcome = this.shared
      ? await this.shared.once(refreshToken, () => this.request(refreshToken, scopes))
      : await this.request(refreshToken, scopes);
    this.forgetExpired();
    this.recent.set(refreshToken, { tokens: outcome.tokens, until: outcome.rememberUntil });
    return outcome.tokens;
  }

  private async request(refreshToken: string, scopes: readonly string[]): Promise<RefreshOutcome> {
    const issuedAt = this.nowSeconds();
    const response = await requestToken(this.endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    });
    return { tokens: toRefreshed(response, issuedAt), rememberUntil: issuedAt + REUSE_WINDOW_SECONDS };
  }

  private forgetExpired(): void {
    const now = this.nowSeconds();
    for (const [key, entry] of this.recent) if (entry.until <= now) this.recent.delete(key);
  }
}

function toRefreshed(response: TokenResponse, issuedAt: number): RefreshedTokens {
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: issuedAt + response.expires_in,
    refreshToken: response.refresh_token,
    scopes: response.scope === undefined ? undefined : response.scope.split(' ').filter(Boolean),
  };
}
