import { abortableDelay } from '../abortable-delay.ts';
import { type ClientRecord, type GrantType, PARTNER_AUDIENCE } from '../clients.ts';
import type { FakeContext } from '../context.ts';
import { base64UrlEncode, randomHex, sha256 } from '../random-token.ts';
import { revokeGrant, takeFault } from '../state.ts';
import { SECOND } from '../time.ts';
import {
  audienceErrorResponse,
  faultError,
  NO_STORE_HEADERS,
  OAuthError,
  oauthErrorResponse,
} from './errors.ts';
import { issueTokens } from './issue-tokens.ts';

// POST {authBase}/oauth2/token, as Hydra behind Thumbtack's proxy answers it (docs/thumbtack/oauth.md#token-endpoint).

/** Thumbtack's documented grace period for reusing a rotated refresh token (network retries). */
export const REFRESH_REUSE_WINDOW_MS = 60 * SECOND;

const GRANT_TYPES: readonly GrantType[] = ['authorization_code', 'refresh_token', 'client_credentials'];

function isGrantType(value: string): value is GrantType {
  return (GRANT_TYPES as readonly string[]).includes(value);
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

export function parseBasicAuth(header: string | null): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === null || secret === null ? null : { id, secret };
}

/** client_secret_basic only: secrets in the body are refused even when the header is right (docs/thumbtack/oauth.md#client-authentication). */
export function authenticateClient(ctx: FakeContext, request: Request, form: URLSearchParams): ClientRecord {
  const credentials = parseBasicAuth(request.headers.get('authorization'));
  if (!credentials || form.has('client_secret') || form.has('client_assertion'))
    throw new OAuthError('invalid_client');
  const bodyClientID = form.get('client_id');
  if (bodyClientID !== null && bodyClientID !== credentials.id) throw new OAuthError('invalid_client');
  const client = ctx.state.clients.get(credentials.id);
  if (!client || client.secret !== credentials.secret) throw new OAuthError('invalid_client');
  return client;
}

export async function readForm(request: Request): Promise<URLSearchParams> {
  if (request.method !== 'POST') {
    throw new OAuthError('invalid_request', `HTTP method is '${request.method}', expected 'POST'.`);
  }
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(await request.text());
  for (const key of new Set(form.keys())) {
    if (form.getAll(key).length > 1)
      throw new OAuthError('invalid_request', `The '${key}' parameter must be used only once.`);
  }
  return form;
}

function splitSpaces(value: string | null): string[] {
  return (value ?? '').split(' ').filter((s) => s.length > 0);
}

/** Returns the 502 body for an audience Thumbtack's proxy refuses, or null when it is fine. */
function checkAudience(form: URLSearchParams): Response | null {
  const audiences = splitSpaces(form.get('audience'));
  if (audiences.length === 0) return audienceErrorResponse('');
  const foreign = audiences.find((a) => a !== PARTNER_AUDIENCE);
  return foreign === undefined ? null : audienceErrorResponse(foreign);
}

/** Optional `scope` on the token request may only narrow what was granted (RFC 6749 §6). */
function narrowScopes(form: URLSearchParams, granted: string[]): string[] {
  const requested = splitSpaces(form.get('scope'));
  if (requested.length === 0) return granted;
  const extra = requested.find((s) => !granted.includes(s));
  if (extra) throw new OAuthError('invalid_scope', `The requested scope '${extra}' was not granted.`);
  return requested;
}

async function s256(verifier: string): Promise<string> {
  return base64UrlEncode(await sha256(verifier));
}

async function exchangeCode(
  ctx: FakeContext,
  client: ClientRecord,
  form: URLSearchParams,
): Promise<Response> {
  const audienceError = checkAudience(form);
  if (audienceError) return audienceError;
  const value = form.get('code');
  if (!value) throw new OAuthError('invalid_request', "The 'code' parameter is missing.");
  const code = ctx.state.codes.get(value);
  if (!code) throw new OAuthError('invalid_grant', 'The authorization code is unknown or malformed.');
  const now = ctx.clock.now();
  if (code.usedAt !== null) {
    // Replay of a code: fosite revokes everything issued from it (RFC 6749 §4.1.2).
    revokeGrant(ctx.state, code.grantID);
    throw new OAuthError('invalid_grant', 'The authorization code has already been used.');
  }
  if (code.clientID !== client.id) {
    throw new OAuthError(
      'invalid_grant',
      'The OAuth 2.0 Client ID from this request does not match the one from the authorize request.',
    );
  }
  if (now >= code.expiresAt) throw new OAuthError('invalid_grant', 'The authorization code has expired.');
  if (form.get('redirect_uri') !== code.redirectUri) {
    throw new OAuthError(
      'invalid_grant',
      "The 'redirect_uri' from this request does not match the one from the authorize request.",
    );
  }
  const verifier = form.get('code_verifier');
  if (code.codeChallenge === null) {
    if (verifier !== null) {
      throw new OAuthError(
        'invalid_grant',
        'The PKCE code verifier was provided but the code challenge was absent from the authorization request.',
      );
    }
  } else {
    if (verifier === null || verifier.length < 43 || verifier.length > 128) {
      throw new OAuthError('invalid_grant', 'The PKCE code verifier must be at least 43 characters.');
    }
    if (!/^[A-Za-z0-9._~-]+$/.test(verifier)) {
      throw new OAuthError(
        'invalid_grant',
        "The PKCE code verifier must only contain [a-Z], [0-9], '-', '.', '_', '~'.",
      );
    }
    if ((await s256(verifier)) !== code.codeChallenge) {
      throw new OAuthError('invalid_grant', 'The PKCE code challenge did not match the code verifier.');
    }
  }
  const scopes = narrowScopes(form, code.scopes);
  const grant = ctx.state.grants.get(code.grantID);
  if (!grant || grant.revoked)
    throw new OAuthError('invalid_grant', 'The authorization grant has been revoked.');
  code.usedAt = now;
  return tokenResponse(await issueTokens(ctx, grant, scopes, { initial: true }));
}

async function refresh(ctx: FakeContext, client: ClientRecord, form: URLSearchParams): Promise<Response> {
  // Thumbtack's Authentication page asks for the audience on every token request, refresh included
  // (docs/decisions/040-fake-hydra-strict-readings.md). Its absence is Hydra's own invalid_request
  // here; a foreign audience is still the proxy's 502.
  if (splitSpaces(form.get('audience')).length === 0)
    throw new OAuthError('invalid_request', "The 'audience' parameter is missing.");
  const audienceError = checkAudience(form);
  if (audienceError) return audienceError;
  const value = form.get('refresh_token');
  if (!value) throw new OAuthError('invalid_request', "The 'refresh_token' parameter is missing.");
  const token = ctx.state.refreshTokens.get(value);
  if (!token) throw new OAuthError('invalid_grant', 'The refresh token is unknown or malformed.');
  if (token.clientID !== client.id) {
    throw new OAuthError(
      'invalid_grant',
      'The OAuth 2.0 Client ID from this request does not match the ID during the initial token issuance.',
    );
  }
  const grant = ctx.state.grants.get(token.grantID);
  if (token.revoked || !grant || grant.revoked)
    throw new OAuthError('invalid_grant', 'The refresh token has been revoked.');
  const now = ctx.clock.now();
  if (now >= token.expiresAt) throw new OAuthError('invalid_grant', 'The refresh token expired.');
  if (token.usedAt !== null && now - token.usedAt > REFRESH_REUSE_WINDOW_MS) {
    // Reuse after the grace period looks like a stolen token: the whole chain dies (RFC 9700 §4.14.2).
    revokeGrant(ctx.state, token.grantID);
    throw new OAuthError('invalid_grant', 'The refresh token has already been used.');
  }
  const scopes = narrowScopes(form, token.scopes);
  token.usedAt ??= now;
  // Rotation revokes the access token issued alongside the presented refresh token, as fosite does.
  const sibling = ctx.state.accessTokens.get(token.siblingAccessToken);
  if (sibling) sibling.revoked = true;
  return tokenResponse(await issueTokens(ctx, grant, scopes, { initial: false }));
}

async function clientCredentials(
  ctx: FakeContext,
  client: ClientRecord,
  form: URLSearchParams,
): Promise<Response> {
  const audienceError = checkAudience(form);
  if (audienceError) return audienceError;
  const scopes = splitSpaces(form.get('scope'));
  // "In the client credentials flow the scopes go in the token request" (Thumbtack's Authentication
  // page): no scope is a malformed request, not "every catalogue scope".
  if (scopes.length === 0) throw new OAuthError('invalid_request', "The 'scope' parameter is missing.");
  const notAllowed = scopes.find((s) => !client.appScopes.includes(s));
  if (notAllowed)
    throw new OAuthError(
      'invalid_scope',
      `The OAuth 2.0 Client is not allowed to request scope '${notAllowed}'.`,
    );
  const now = ctx.clock.now();
  const grantID = randomHex(16);
  const grant = {
    grantID,
    kind: 'app' as const,
    clientID: client.id,
    subject: client.id,
    userID: null,
    scopes,
    nonce: null,
    authTime: now,
    revoked: false,
  };
  ctx.state.grants.set(grantID, grant);
  return tokenResponse(await issueTokens(ctx, grant, scopes, { initial: true }));
}

function tokenResponse(body: object): Response {
  return Response.json(body, { status: 200, headers: NO_STORE_HEADERS });
}

export async function handleToken(ctx: FakeContext, request: Request): Promise<Response> {
  try {
    const form = await readForm(request);
    const grantType = form.get('grant_type');
    // Every attempt counts, rejected ones too: the stats tell tests how often a client hit the endpoint.
    if (grantType && isGrantType(grantType)) ctx.state.stats.token[grantType] += 1;
    const fault = takeFault(ctx.state, 'token');
    // Ends early if the client gives up meanwhile; the handler then answers nobody (index.ts).
    if (fault?.latencyMs) await abortableDelay(fault.latencyMs, request.signal);
    if (fault?.status) return faultError(fault.status);
    const client = authenticateClient(ctx, request, form);
    if (!grantType) throw new OAuthError('invalid_request', "The 'grant_type' parameter is missing.");
    if (!isGrantType(grantType))
      throw new OAuthError('unsupported_grant_type', `The grant type '${grantType}' is not supported.`);
    if (!client.grantTypes.includes(grantType)) {
      throw new OAuthError(
        'unauthorized_client',
        `The OAuth 2.0 Client is not allowed to use authorization grant '${grantType}'.`,
      );
    }
    if (grantType === 'authorization_code') return await exchangeCode(ctx, client, form);
    if (grantType === 'refresh_token') return await refresh(ctx, client, form);
    return await clientCredentials(ctx, client, form);
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(error);
    throw error;
  }
}
