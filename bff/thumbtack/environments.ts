/** Where each Thumbtack environment lives. Real URL sets: docs/thumbtack/environments.md#production-and-staging. */
export interface ThumbtackUrls {
  /** Expected `iss` of id_tokens. Hydra issuers end with a slash (docs/thumbtack/environments.md#issuer, inferred). */
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation; Thumbtack documents none, so production and staging have none by default. */
  revokeUrl: string | undefined;
  /** id_token signing keys; Thumbtack documents none (OIDC Core §3.1.3.7 lets TLS stand in). */
  jwksUrl: string | undefined;
  /** Base that `/v4/...` paths continue, e.g. https://api.thumbtack.com/api */
  apiBase: string;
}

export const PRODUCTION_URLS: ThumbtackUrls = {
  issuer: 'https://auth.thumbtack.com/',
  authorizeUrl: 'https://auth.thumbtack.com/oauth2/auth',
  tokenUrl: 'https://auth.thumbtack.com/oauth2/token',
  revokeUrl: undefined,
  jwksUrl: undefined,
  apiBase: 'https://api.thumbtack.com/api',
};

export const STAGING_URLS: ThumbtackUrls = {
  issuer: 'https://staging-auth.thumbtack.com/',
  authorizeUrl: 'https://staging-auth.thumbtack.com/oauth2/auth',
  tokenUrl: 'https://staging-auth.thumbtack.com/oauth2/token',
  revokeUrl: undefined,
  jwksUrl: undefined,
  apiBase: 'https://staging-api.thumbtack.com/api',
};

/** Mount points of the fake Thumbtack on an origin (architecture.md, "Environments"). */
export const MOCK_PATHS = {
  auth: '/__thumbtack/auth',
  api: '/__thumbtack/api',
  control: '/__thumbtack/control',
} as const;

/** The fake's URL set on `origin`: the BFF's own origin, or an external fake's (FAKE_THUMBTACK_URL). */
export function mockUrls(origin: string): ThumbtackUrls {
  const auth = `${origin}${MOCK_PATHS.auth}`;
  return {
    issuer: `${auth}/`,
    authorizeUrl: `${auth}/oauth2/auth`,
    tokenUrl: `${auth}/oauth2/token`,
    revokeUrl: `${auth}/oauth2/revoke`,
    jwksUrl: `${auth}/.well-known/jwks.json`,
    apiBase: `${origin}${MOCK_PATHS.api}/api`,
  };
}

/** The audience every Thumbtack token request names (docs/thumbtack/oauth.md#audience-and-scope-on-every-request). */
export const PARTNER_API_AUDIENCE = 'urn:partner-api';
