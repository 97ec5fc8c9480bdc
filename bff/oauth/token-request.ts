import { z } from 'zod';
import { base64 } from '../encoding.ts';
import { withDeadline } from '../http/deadline.ts';
import type { Metrics } from '../http/telemetry.ts';
import { PARTNER_API_AUDIENCE } from '../thumbtack/environments.ts';
import type { FetchLike } from '../thumbtack/partner-api.ts';
import { isInvalidGrant, isTransientTokenError, TokenRequestError } from './token-errors.ts';

/**
 * Our one token request. arctic builds the authorize URL and PKCE values (authorization-request.ts),
 * but its token calls cannot carry the extra body parameters Thumbtack needs (`audience`, `scope`) and
 * it has no client-credentials grant; this function does every grant, and fails with our own
 * TokenRequestError whichever way it fails.
 */
export type { FetchLike };

export interface TokenEndpoint {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch: FetchLike;
  readonly userAgent: string;
  readonly timeoutMs: number;
  /** Counts each request by grant and outcome (http/telemetry.ts). */
  readonly metrics?: Metrics;
}

export type TokenGrant =
  | {
      grant_type: 'authorization_code';
      code: string;
      redirect_uri: string;
      code_verifier: string;
      scope: string;
    }
  | { grant_type: 'refresh_token'; refresh_token: string; scope: string }
  | { grant_type: 'client_credentials'; scope: string };

/** The fields we rely on, checked when the response arrives rather than deep in a handler. */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be bearer'),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().min(1).optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export async function requestToken(endpoint: TokenEndpoint, grant: TokenGrant): Promise<TokenResponse> {
  try {
    const tokens = await requestTokenOnce(endpoint, grant);
    endpoint.metrics?.count('console_token_requests_total', { grant: grant.grant_type, outcome: 'success' });
    return tokens;
  } catch (error) {
    const outcome = isInvalidGrant(error)
      ? 'invalid_grant'
      : isTransientTokenError(error)
        ? 'transient'
        : 'error';
    endpoint.metrics?.count('console_token_requests_total', { grant: grant.grant_type, outcome });
    throw error;
  }
}

async function requestTokenOnce(endpoint: TokenEndpoint, grant: TokenGrant): Promise<TokenResponse> {
  const form = new URLSearchParams(grant);
  // Thumbtack's Authentication page asks for the audience on every token request, refresh included
  // (docs/thumbtack/oauth.md#audience-and-scope-on-every-request; read strictly, see
  // docs/decisions/003-strict-oauth-readings.md).
  form.set('audience', PARTNER_API_AUDIENCE);
  let status: number;
  let data: unknown;
  try {
    ({ status, data } = await postAsClient(endpoint, endpoint.tokenUrl, form, endpoint.timeoutMs));
  } catch (cause) {
    throw new TokenRequestError({ kind: 'network' }, { cause });
  }
  if (status === 200) {
    const parsed = TokenResponseSchema.safeParse(data);
    if (!parsed.success) {
      throw new TokenRequestError({ kind: 'unreadable', status }, { description: 'failed validation' });
    }
    return parsed.data;
  }
  if ((status === 400 || status === 401) && isOAuthError(data)) {
    throw new TokenRequestError({ kind: 'oauth', code: data.error }, { description: data.error_description });
  }
  throw new TokenRequestError({ kind: 'status', status });
}

/**
 * A form POST to the authorization server with our client's credentials (RFC 6749 §2.3.1,
 * client_secret_basic, the only method Thumbtack accepts): the token request and revocation both go
 * through it. The deadline is ours and covers the body; the JSON answer is parsed when there is one.
 * Throws on network failure or DeadlineExceeded.
 */
export async function postAsClient(
  endpoint: TokenEndpoint,
  url: string,
  form: URLSearchParams,
  timeoutMs: number,
): Promise<{ status: number; data: unknown }> {
  return withDeadline(timeoutMs, async ({ signal }) => {
    const response = await endpoint.fetch(
      new Request(url, {
        method: 'POST',
        body: form,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          Authorization: `Basic ${basicCredentials(endpoint.clientId, endpoint.clientSecret)}`,
          'User-Agent': endpoint.userAgent,
        },
        redirect: 'manual',
        signal,
      }),
    );
    return { status: response.status, data: await readJson(response) };
  });
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined and base64'd. */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const encode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return base64(new TextEncoder().encode(`${encode(clientId)}:${encode(clientSecret)}`));
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isOAuthError(data: unknown): data is { error: string; error_description?: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { error?: unknown }).error === 'string' &&
    ['string', 'undefined'].includes(typeof (data as { error_description?: unknown }).error_description)
  );
}
