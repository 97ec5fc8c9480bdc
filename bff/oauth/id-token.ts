import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { base64url } from '../encoding.ts';
import { withDeadline } from '../http/deadline.ts';
import type { FetchLike } from '../thumbtack/partner-api.ts';

/** Asymmetric algorithms only: `none` and HMAC (keyed with the client secret) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const CLOCK_SKEW_SECONDS = 60;
/** The id_token comes straight from the token endpoint, so it was issued moments ago. */
const MAX_AGE_SECONDS = 600;

export class IdTokenError extends Error {
  constructor(reason: string) {
    super(`id_token rejected: ${reason}`);
    this.name = 'IdTokenError';
  }
}

export interface IdTokenCheck {
  issuer: string;
  clientId: string;
  nonce: string | undefined;
  accessToken: string;
  nowSeconds: number;
}

export type KeySource = JWTVerifyGetKey;

const JWKS_TIMEOUT_MS = 5_000;

/**
 * The issuer's JWKS, fetched lazily through our fetch and cached by jose (key rotation handled there),
 * under a deadline of our own like every other call to Thumbtack.
 */
export function remoteKeys(jwksUrl: string, fetch: FetchLike): KeySource {
  return createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    [customFetch]: (url, options) =>
      withDeadline(JWKS_TIMEOUT_MS, ({ signal }) => fetch(new Request(url, { ...options, signal }))),
  });
}

/**
 * OpenID Connect Core §3.1.3.7. With keys the signature is verified; without them (Thumbtack
 * documents no JWKS) §3.1.3.7 item 6 lets the TLS connection to the token endpoint stand in, and every
 * other check still applies.
 */
export async function verifyIdToken(idToken: string, check: IdTokenCheck, keys?: KeySource) {
  let claims: JWTPayload;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(idToken).alg;
    if (!alg || !ALGORITHMS.includes(alg))
      throw new IdTokenError(`algorithm ${alg ?? 'missing'} not allowed`);
    if (keys) {
      ({ payload: claims } = await jwtVerify(idToken, keys, {
        algorithms: ALGORITHMS,
        currentDate: new Date(check.nowSeconds * 1000),
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } else {
      claims = decodeJwt(idToken);
    }
  } catch (error) {
    if (error instanceof IdTokenError) throw error;
    throw new IdTokenError(error instanceof Error ? error.message : 'malformed');
  }

  if (claims.iss !== check.issuer) throw new IdTokenError('wrong issuer');
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.includes(check.clientId)) throw new IdTokenError('wrong audience');
  if (audiences.length > 1 && claims.azp !== check.clientId) throw new IdTokenError('wrong authorized party');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= check.nowSeconds) {
    throw new IdTokenError('expired');
  }
  if (typeof claims.iat !== 'number') throw new IdTokenError('no iat');
  if (claims.iat > check.nowSeconds + CLOCK_SKEW_SECONDS) throw new IdTokenError('issued in the future');
  if (claims.iat < check.nowSeconds - MAX_AGE_SECONDS) throw new IdTokenError('issued too long ago');
  // §3.1.3.7 item 11: the nonce we sent must come back, and none may appear when we sent none.
  if (check.nonce !== claims.nonce) throw new IdTokenError('nonce mismatch');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new IdTokenError('no subject');
  if (claims.at_hash !== undefined) {
    const expected = await accessTokenHash(check.accessToken, alg);
    if (claims.at_hash !== expected) throw new IdTokenError('at_hash does not match the access token');
  }
  return claims;
}

/** §3.1.3.6: left half of the hash of the access token, with the hash of the signing algorithm. */
export async function accessTokenHash(accessToken: string, alg: string): Promise<string> {
  const bits = alg.endsWith('512') ? 512 : alg.endsWith('384') ? 384 : 256;
  const digest = new Uint8Array(
    await crypto.subtle.digest(`SHA-${bits}`, new TextEncoder().encode(accessToken)),
  );
  return base64url(digest.slice(0, digest.length / 2));
}
