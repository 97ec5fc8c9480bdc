import { AppError } from '../errors.ts';
import {
  callPartnerApi,
  type PartnerApiRequest,
  type PartnerApiTransport,
} from '../thumbtack/partner-api.ts';
import { postAsClient, type TokenEndpoint } from './token-request.ts';

const REVOKE_TIMEOUT_MS = 5_000;
const DISCONNECT_TIMEOUT_MS = 10_000;

/**
 * RFC 7009: asks the authorization server to revoke a refresh token, where the environment has a
 * revocation endpoint (Thumbtack documents none: docs/thumbtack/environments.md#discovery-jwks-userinfo-and-revocation).
 * Returns what happened, for the log; it never throws, because a failed revocation must never block a
 * logout.
 */
export async function revokeRefreshToken(
  endpoint: TokenEndpoint,
  revokeUrl: string | undefined,
  refreshToken: string | undefined,
): Promise<
  | { outcome: 'revoked' | 'skipped' }
  | { outcome: 'refused'; status: number }
  | { outcome: 'failed'; cause: unknown }
> {
  if (!revokeUrl || !refreshToken) return { outcome: 'skipped' };
  try {
    const form = new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' });
    const { status } = await postAsClient(endpoint, revokeUrl, form, REVOKE_TIMEOUT_MS);
    return status === 200 ? { outcome: 'revoked' } : { outcome: 'refused', status };
  } catch (cause) {
    return { outcome: 'failed', cause };
  }
}

/**
 * Thumbtack's disconnect: revokes the person's whole grant for good (the scope
 * `*::users.disconnect`; its path is undocumented, see docs/thumbtack/gaps.md#disconnect). A 401 means
 * the grant is already gone, which is what the person asked for; anything else but success is a 502.
 */
export async function disconnectGrant(
  transport: PartnerApiTransport,
  request: { url: string; accessToken: string; requestId: string; observe?: PartnerApiRequest['observe'] },
): Promise<void> {
  const answer = await callPartnerApi(transport, {
    ...request,
    method: 'POST',
    timeoutMs: DISCONNECT_TIMEOUT_MS,
  });
  if ((answer.status < 200 || answer.status > 299) && answer.status !== 401) {
    throw new AppError('thumbtack_error', 502, 'Thumbtack could not disconnect right now. Try again.');
  }
}
