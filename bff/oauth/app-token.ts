import { requestToken, type TokenEndpoint } from './token-request.ts';

/** Renew this long before expiry, so a token never dies between our check and Thumbtack's. */
const EARLY_RENEWAL_SECONDS = 60;

/** Where the application token comes from: this in-process cache, or a Durable Object on the edge. */
export interface AppTokens {
  get(scopes: readonly string[]): Promise<string>;
  /** After Thumbtack answered 401 to this token: the next get() fetches a new one. */
  invalidate(scopes: readonly string[], token: string): void | Promise<void>;
}

/**
 * The application token (client credentials) for demand-side catalogue routes. It belongs to the
 * partner, not to a person, so it is cached in memory, per scope set, until shortly before expiry;
 * one fetch at a time per scope set. It never leaves the server.
 */
export class AppTokenCache implements AppTokens {
  private readonly cached = new Map<string, { token: string; expiresAt: number }>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly nowSeconds: () => number,
  ) {}

  get(scopes: readonly string[]): Promise<string> {
    const key = keyOf(scopes);
    const hit = this.cached.get(key);
    if (hit && hit.expiresAt - EARLY_RENEWAL_SECONDS > this.nowSeconds()) return Promise.resolve(hit.token);
    const running = this.inflight.get(key);
    if (running) return running;
    const call = this.fetchToken(key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }

  /** After Thumbtack answered 401 to this token: drop it so the next get() fetches a new one. */
  invalidate(scopes: readonly string[], token: string): void {
    const key = keyOf(scopes);
    if (this.cached.get(key)?.token === token) this.cached.delete(key);
  }

  private async fetchToken(key: string): Promise<string> {
    const issuedAt = this.nowSeconds();
    const response = await requestToken(this.endpoint, { grant_type: 'client_credentials', scope: key });
    this.cached.set(key, { token: response.access_token, expiresAt: issuedAt + response.expires_in });
    return response.access_token;
  }
}

/** The cache key of a scope set, computed once per (frozen, configured) array: this runs per request. */
const keys = new WeakMap<readonly string[], string>();
function keyOf(scopes: readonly string[]): string {
  let key = keys.get(scopes);
  if (key === undefined) {
    key = [...scopes].sort().join(' ');
    keys.set(scopes, key);
  }
  return key;
}
