import { findActiveToken } from '../api/access.ts';
import type { FakeContext } from '../context.ts';
import { localImage } from '../demo-images.ts';

// GET|POST {authBase}/userinfo: Hydra's OIDC userinfo, claims by granted scope (OIDC Core §5.4).

export function handleUserinfo(ctx: FakeContext, request: Request): Response {
  const token = findActiveToken(ctx, request);
  const unauthorized = () =>
    Response.json(
      {
        error: 'request_unauthorized',
        error_description:
          'The request could not be authorized. Check that you provided valid credentials in the right format.',
      },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    );
  if (!token?.userID || !token.scopes.includes('openid')) return unauthorized();
  const user = ctx.state.world.users.get(token.userID);
  if (!user) return unauthorized();
  const claims: Record<string, unknown> = { sub: user.userID };
  if (token.scopes.includes('profile')) {
    Object.assign(claims, {
      name: `${user.firstName} ${user.lastName}`,
      given_name: user.firstName,
      family_name: user.lastName,
      picture: localImage(user.picture, ctx.imageBase),
      zoneinfo: user.zoneinfo,
    });
  }
  if (token.scopes.includes('email'))
    Object.assign(claims, { email: user.email, email_verified: user.emailVerified });
  if (token.scopes.includes('phone')) claims.phone_number = user.phoneNumber;
  return Response.json(claims, { headers: { 'Cache-Control': 'no-store' } });
}
