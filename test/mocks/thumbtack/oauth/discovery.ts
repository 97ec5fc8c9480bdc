import { DEMAND_APP_SCOPES, DEMAND_USER_SCOPES, STANDARD_SCOPES, SUPPLY_SCOPES } from '../clients.ts';
import type { FakeContext } from '../context.ts';

// Hydra's public discovery routes (not documented by Thumbtack, offered by Hydra: docs/thumbtack/environments.md#discovery-jwks-userinfo-and-revocation). The metadata
// advertises exactly what the fake enforces, so a library driven by it (openid-client) does the right
// thing: Basic client auth only, S256 only.

export function discoveryDocument(ctx: FakeContext): Record<string, unknown> {
  const base = ctx.authBase;
  return {
    issuer: ctx.issuer,
    authorization_endpoint: `${base}/oauth2/auth`,
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    userinfo_endpoint: `${base}/userinfo`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['none'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...STANDARD_SCOPES, ...SUPPLY_SCOPES, ...DEMAND_USER_SCOPES, ...DEMAND_APP_SCOPES],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'at_hash',
      'name',
      'given_name',
      'family_name',
      'picture',
      'zoneinfo',
      'email',
      'email_verified',
      'phone_number',
    ],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    require_request_uri_registration: true,
    claims_parameter_supported: false,
  };
}

export async function jwksDocument(ctx: FakeContext): Promise<Record<string, unknown>> {
  const keys = await ctx.keys();
  return { keys: [keys.publicJwk] };
}
