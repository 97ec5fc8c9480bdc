import { mockUrls } from '../../bff/thumbtack/environments.ts';

/** The settings that point a staging-mode BFF at a fake Thumbtack serving on `origin`. */
export function fakeUrlOverrides(origin: string): Record<string, string> {
  const urls = mockUrls(origin);
  const settings = {
    THUMBTACK_ISSUER: urls.issuer,
    THUMBTACK_AUTHORIZE_URL: urls.authorizeUrl,
    THUMBTACK_TOKEN_URL: urls.tokenUrl,
    THUMBTACK_REVOKE_URL: urls.revokeUrl,
    THUMBTACK_JWKS_URL: urls.jwksUrl,
    THUMBTACK_API_BASE: urls.apiBase,
  };
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
