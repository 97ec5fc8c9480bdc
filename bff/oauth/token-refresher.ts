import { requestToken, type TokenEndpoint, type TokenResponse } from './token-request.ts';

export interface RefreshedTokens {
  accessToken: string;
  /** Unix seconds. */
  accessTokenExpiresAt: number;
  /** Thumbtack rotates on every use; absent only if the server stopped issuing one. */
  refreshToken: string | undefined;
  scopes: string[] | undefined;
}

/** Thumbtack lets a used refresh token be presented again for 60 s (thumbtack-api.md §2.4). */
export const REUSE_WINDOW_SECONDS = 60;

/**
 * Refreshes access tokens so that concurrency never burns a rotating refresh token.
 * - Single flight: every request holding the same refresh token waits on one token call.
 * - Remembered rotation: for the reuse window, a request that still carries the old cookie gets the
 *   result of the refresh that already happened, with no second token call. Past the window the old
 *   token is never presented to Thumbtack again from here.
 * One instance per process; several instances share state through a store (see the Redis store).
 */
export class TokenRefresher {
  private readonly inflight = new Map<string, Promise<RefreshedTokens>>();
  private readonly recent = new Map<string, { tokens: RefreshedTokens; until: number }>();

  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly nowSeconds: () => number,
  ) {}

  refresh(refreshToken: string): Promise<RefreshedTokens> {
    const remembered = this.recent.get(refreshToken);
    if (remembered && remembered.until > this.nowSeconds()) return Promise.resolve(remembered.tokens);
    const running = this.inflight.get(refreshToken);
    if (running) return running;
    const call = this.call(refreshToken).finally(() => this.inflight.delete(refreshToken));
    this.inflight.set(refreshToken, call);
    return call;
  }

  private async call(refreshToken: string): Promise<RefreshedTokens> {
    const issuedAt = this.nowSeconds();
    const response = await requestToken(this.endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    const tokens = toRefreshed(response, issuedAt);
    this.forgetExpired();
    this.recent.set(refreshToken, { tokens, until: issuedAt + REUSE_WINDOW_SECONDS });
    return tokens;
  }

  private forgetExpired(): void {
    const now = this.nowSeconds();
    for (const [key, entry] of this.recent) if (entry.until <= now) this.recent.delete(key);
  }
}

export function toRefreshed(response: TokenResponse, issuedAt: number): RefreshedTokens {
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: issuedAt + response.expires_in,
    refreshToken: response.refresh_token,
    scopes: response.scope === undefined ? undefined : response.scope.split(' ').filter(Boolean),
  };
}
