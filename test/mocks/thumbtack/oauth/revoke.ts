import type { FakeContext } from '../context.ts';
import { revokeGrant } from '../state.ts';
import { NO_STORE_HEADERS, OAuthError, oauthErrorResponse } from './errors.ts';
import { authenticateClient, readForm } from './token.ts';

// POST {authBase}/oauth2/revoke (RFC 7009). Thumbtack does not document it; Hydra has it (docs/thumbtack/environments.md#discovery-jwks-userinfo-and-revocation).

export async function handleRevoke(ctx: FakeContext, request: Request): Promise<Response> {
  try {
    const form = await readForm(request);
    const client = authenticateClient(ctx, request, form);
    const value = form.get('token');
    if (!value) throw new OAuthError('invalid_request', "The 'token' parameter is missing.");
    const { state } = ctx;
    // token_type_hint is only a hint (RFC 7009 §2.1): both stores are searched either way.
    const refresh = state.refreshTokens.get(value);
    const access = state.accessTokens.get(value);
    const owner = refresh?.clientID ?? access?.clientID;
    // RFC 7009 §2.1: a token issued to another client is refused, not silently accepted.
    if (owner !== undefined && owner !== client.id) {
      throw new OAuthError(
        'unauthorized_client',
        'The OAuth 2.0 Client is not allowed to revoke this token.',
      );
    }
    // A refresh token takes its whole chain with it, access tokens included.
    if (refresh) revokeGrant(state, refresh.grantID);
    if (access) access.revoked = true;
    // Unknown or already revoked tokens still get 200 (RFC 7009 §2.2).
    return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(error);
    throw error;
  }
}
