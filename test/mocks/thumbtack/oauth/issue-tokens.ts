import { SignJWT } from 'jose';
import { PARTNER_AUDIENCE } from '../clients.ts';
import type { FakeContext } from '../context.ts';
import { localImage } from '../demo-images.ts';
import { base64UrlEncode, randomBase64Url, sha256 } from '../random-token.ts';
import type { Grant } from '../state.ts';
import { DAY } from '../time.ts';

// Token minting. Access tokens are RS256 JWTs shaped like Hydra's JWT access tokens: about 1,200
// characters, decoded by clients for sub and exp (docs/thumbtack/oauth.md#access-tokens). The API still
// validates them by lookup, as Thumbtack's gateway introspects them, so revocation takes effect at once.

export const REFRESH_TOKEN_LIFETIME_MS = 180 * DAY;

export interface TokenResponseBody {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Hydra-style opaque token: prefix, random key, random signature part. */
export function opaqueToken(prefix: 'ory_ac_' | 'ory_rt_'): string {
  return `${prefix}${randomBase64Url(32)}.${randomBase64Url(32)}`;
}

async function signAccessToken(ctx: FakeContext, grant: Grant, scopes: string[], jti: string, now: number) {
  const keys = await ctx.keys();
  const ttl = ctx.accessTokenTtlSeconds;
  return new SignJWT({
    client_id: grant.clientID,
    ext: {},
    // Space-delimited like the token response (RFC 9068 §2.2.3), plus Hydra's own `scp` array.
    scope: scopes.join(' '),
    scp: scopes,
  })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setSubject(grant.subject)
    .setAudience([PARTNER_AUDIENCE])
    .setIssuedAt(seconds(now))
    .setNotBefore(seconds(now))
    .setExpirationTime(seconds(now) + ttl)
    .setJti(jti)
    .sign(keys.privateKey);
}

async function signIdToken(
  ctx: FakeContext,
  grant: Grant,
  scopes: string[],
  accessToken: string,
  now: number,
  withNonce: boolean,
) {
  const keys = await ctx.keys();
  const user = grant.userID ? ctx.state.world.users.get(grant.userID) : undefined;
  const claims: Record<string, unknown> = {
    // at_hash: left half of SHA-256 of the access token (OIDC Core §3.1.3.6).
    at_hash: base64UrlEncode((await sha256(accessToken)).slice(0, 16)),
    auth_time: seconds(grant.authTime),
    rat: seconds(grant.authTime),
  };
  if (withNonce && grant.nonce) claims.nonce = grant.nonce;
  if (user && scopes.includes('profile')) {
    claims.name = `${user.firstName} ${user.lastName}`;
    claims.given_name = user.firstName;
    claims.family_name = user.lastName;
    claims.picture = localImage(user.picture, ctx.imageBase);
    claims.zoneinfo = user.zoneinfo;
  }
  if (user && scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (user && scopes.includes('phone')) claims.phone_number = user.phoneNumber;
  return (
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
      .setIssuer(ctx.issuer)
      .setSubject(grant.subject)
      // Hydra puts the client in a one-element array.
      .setAudience([grant.clientID])
      .setIssuedAt(seconds(now))
      .setExpirationTime(seconds(now) + ctx.accessTokenTtlSeconds)
      .setJti(crypto.randomUUID())
      .sign(keys.privateKey)
  );
}

export interface IssueOptions {
  /** id_tokens carry the nonce only in the response to the code exchange (OIDC Core §12.2). */
  initial: boolean;
}

/**
 * Issues an access token (+ refresh token with offline_access, + id_token with openid) for a grant and
 * records them. Returns the token endpoint body and the new refresh token's value, if any.
 */
export async function issueTokens(
  ctx: FakeContext,
  grant: Grant,
  scopes: string[],
  options: IssueOptions,
): Promise<TokenResponseBody> {
  const now = ctx.clock.now();
  const jti = crypto.randomUUID();
  const accessToken = await signAccessToken(ctx, grant, scopes, jti, now);
  const { state } = ctx;
  state.accessTokens.set(accessToken, {
    token: accessToken,
    jti,
    grantID: grant.grantID,
    clientID: grant.clientID,
    userID: grant.userID,
    scopes,
    issuedAt: now,
    expiresAt: now + ctx.accessTokenTtlSeconds * 1000,
    revoked: false,
  });
  const body: TokenResponseBody = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: ctx.accessTokenTtlSeconds,
    scope: scopes.join(' '),
  };
  if (grant.kind === 'user' && scopes.includes('offline_access')) {
    const refreshToken = opaqueToken('ory_rt_');
    state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      grantID: grant.grantID,
      clientID: grant.clientID,
      scopes,
      issuedAt: now,
      expiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
      usedAt: null,
      revoked: false,
      siblingAccessToken: accessToken,
    });
    body.refresh_token = refreshToken;
  }
  if (grant.kind === 'user' && scopes.includes('openid')) {
    body.id_token = await signIdToken(ctx, grant, scopes, accessToken, now, options.initial);
  }
  return body;
}
