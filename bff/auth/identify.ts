import { z } from 'zod';
import { AppError } from '../errors.ts';
import { IdTokenError, type KeySource, verifyIdToken } from '../oauth/id-token.ts';
import type { TokenResponse } from '../oauth/token-request.ts';
import type { SessionUser } from '../session/session-data.ts';
import {
  callPartnerApi,
  type PartnerApiRequest,
  type PartnerApiTransport,
} from '../thumbtack/partner-api.ts';

export interface IdentifyContext {
  issuer: string;
  clientId: string;
  scopes: readonly string[];
  apiBase: string;
  idTokenKeys: KeySource | undefined;
  partnerApi: PartnerApiTransport;
  observe?: PartnerApiRequest['observe'];
  requestId: string;
  nonce: string | undefined;
  nowSeconds: number;
}

/**
 * Who signed in: from a verified id_token when `openid` was asked for (OIDC Core §3.1.3.7), else from
 * Thumbtack's users/self. Throws IdTokenError for a token that fails its checks, and an AppError when
 * Thumbtack cannot tell us.
 */
export async function identify(tokens: TokenResponse, ctx: IdentifyContext): Promise<SessionUser> {
  if (ctx.scopes.includes('openid')) {
    if (!tokens.id_token) throw new IdTokenError('missing although openid was requested');
    const claims = await verifyIdToken(
      tokens.id_token,
      {
        issuer: ctx.issuer,
        clientId: ctx.clientId,
        nonce: ctx.nonce,
        accessToken: tokens.access_token,
        nowSeconds: ctx.nowSeconds,
      },
      ctx.idTokenKeys,
    );
    const name =
      stringClaim(claims.name) ??
      [stringClaim(claims.given_name), stringClaim(claims.family_name)].filter(Boolean).join(' ');
    if (name) {
      return compact({
        id: claims.sub as string,
        name,
        email: stringClaim(claims.email),
        picture: stringClaim(claims.picture),
        phone: stringClaim(claims.phone_number),
      });
    }
  }
  const answer = await callPartnerApi(ctx.partnerApi, {
    url: `${ctx.apiBase}/v4/users/self`,
    method: 'GET',
    accessToken: tokens.access_token,
    requestId: ctx.requestId,
    timeoutMs: 10_000,
    observe: ctx.observe,
  });
  if (answer.status !== 200) {
    throw new AppError('thumbtack_error', 502, `users/self answered ${answer.status}`);
  }
  const parsed = UsersSelfSchema.safeParse(safeJson(answer.text));
  if (!parsed.success) throw new AppError('thumbtack_error', 502, 'users/self answered an unexpected shape');
  const self = parsed.data;
  return compact({
    id: self.userID,
    name: [self.firstName, self.lastName].filter(Boolean).join(' ') || self.email || self.userID,
    email: self.email,
    phone: self.phoneNumber,
  });
}

const UsersSelfSchema = z.object({
  userID: z.string().min(1),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  // Not in Thumbtack's published example; read when present (docs/decisions/003-strict-oauth-readings.md).
  phoneNumber: z.string().max(32).optional(),
});

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function compact(user: {
  id: string;
  name: string;
  email?: string | undefined;
  picture?: string | undefined;
  phone?: string | undefined;
}): SessionUser {
  const out: SessionUser = { id: user.id, name: user.name };
  if (user.email) out.email = user.email;
  if (user.picture) out.picture = user.picture;
  if (user.phone) out.phone = user.phone;
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
