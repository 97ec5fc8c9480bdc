import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
import { PARTNER_API_AUDIENCE } from '../thumbtack/environments.ts';

/**
 * The start of an authorization code flow, built with arctic (the OAuth library Thumbtack asks
 * partners to use). This is the one place that knows arctic's API; callers get plain values, so the
 * library could be replaced (oauth4webapi, say) here alone.
 */
export interface AuthorizationClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly scopes: readonly string[];
}

export interface AuthorizationRequest {
  /** Where to send the browser. */
  url: string;
  state: string;
  codeVerifier: string;
  /** Present when `openid` is asked for: the id_token must carry it back. */
  nonce: string | undefined;
}

export function createAuthorizationRequest(client: AuthorizationClient): AuthorizationRequest {
  const oauth = new OAuth2Client(client.clientId, client.clientSecret, client.redirectUri);
  // RFC 7636 PKCE (S256) and a fresh state of 32 random bytes; the nonce likewise.
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const nonce = client.scopes.includes('openid') ? generateState() : undefined;
  const url = oauth.createAuthorizationURLWithPKCE(
    client.authorizeUrl,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    [...client.scopes],
  );
  // Thumbtack issues partner-API tokens only for this audience (docs/thumbtack/oauth.md#authorization-endpoint).
  url.searchParams.set('audience', PARTNER_API_AUDIENCE);
  if (nonce) url.searchParams.set('nonce', nonce);
  return { url: url.toString(), state, codeVerifier, nonce };
}
