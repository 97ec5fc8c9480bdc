// OAuth errors as Ory Hydra (fosite) words them: `error_description` is fosite's fixed description
// followed by a hint. Thumbtack's docs quote the invalid_client text verbatim (docs/thumbtack/oauth.md#unknown-or-unauthenticated-client),
// which is how we know the server is Hydra; the other descriptions follow the same source.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_state'
  | 'access_denied'
  | 'login_required'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'request_forbidden';

const DESCRIPTIONS: Record<OAuthErrorCode, string> = {
  invalid_request:
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  invalid_client:
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  invalid_grant:
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unauthorized_client: 'The client is not authorized to request a token using this method.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unsupported_response_type: 'The authorization server does not support obtaining a token using this method.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_state:
    'The state is missing or does not have enough characters and is therefore considered too weak.',
  access_denied: 'The resource owner or authorization server denied the request.',
  login_required: 'The Authorization Server requires End-User authentication.',
  server_error:
    'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
  temporarily_unavailable:
    'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
  request_forbidden: 'The request is not allowed.',
};

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_scope: 400,
  invalid_state: 400,
  access_denied: 403,
  login_required: 401,
  server_error: 500,
  temporarily_unavailable: 503,
  request_forbidden: 403,
};

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;
  readonly hint: string | undefined;

  constructor(code: OAuthErrorCode, hint?: string, status?: number) {
    super(hint ? `${DESCRIPTIONS[code]} ${hint}` : DESCRIPTIONS[code]);
    this.code = code;
    this.hint = hint;
    this.status = status ?? STATUS[code];
  }

  get description(): string {
    return this.message;
  }
}

/** Cache-Control/Pragma per RFC 6749 §5.1: token responses (errors included) must not be cached. */
export const NO_STORE_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function oauthErrorResponse(error: OAuthError): Response {
  // invalid_client has no hint in Thumbtack's documented body, so it is sent as the bare description.
  const body = { error: error.code, error_description: error.description };
  return Response.json(body, { status: error.status, headers: NO_STORE_HEADERS });
}

/**
 * Thumbtack's proxy in front of Hydra turns Hydra's 400 for an audience that is not whitelisted into a
 * 502 with this body (docs/thumbtack/oauth.md#audience-not-allowed, quoted from the docs).
 */
export function audienceErrorResponse(audience: string): Response {
  return Response.json(
    {
      error: 'proxy_oauth_failed',
      detail: `Error: oauth_400:invalid_request: Requested audience '${audience}' has not been whitelisted by the OAuth 2.0 Client.`,
    },
    { status: 502, headers: NO_STORE_HEADERS },
  );
}

/** Hydra returns status-specific errors for injected faults: 5xx as server_error/temporarily_unavailable. */
export function faultError(status: number): Response {
  if (status === 503) return oauthErrorResponse(new OAuthError('temporarily_unavailable'));
  if (status === 429) {
    return Response.json(
      { error: 'too_many_requests', error_description: 'Too many requests, please retry later.' },
      { status, headers: { ...NO_STORE_HEADERS, 'Retry-After': '1' } },
    );
  }
  if (status === 401) return oauthErrorResponse(new OAuthError('invalid_client'));
  const code = status >= 500 ? 'server_error' : 'invalid_request';
  return Response.json(
    { error: code, error_description: new OAuthError(code).description },
    { status, headers: NO_STORE_HEADERS },
  );
}
