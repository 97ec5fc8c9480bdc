import type { FakeContext } from '../context.ts';
import { handleAuthorizeGet, handleAuthorizePost } from './authorize.ts';
import { discoveryDocument, jwksDocument } from './discovery.ts';
import { handleRevoke } from './revoke.ts';
import { handleToken } from './token.ts';
import { handleUserinfo } from './userinfo.ts';

// Routes of the authorization server under {authBase}. Unknown paths get Hydra's JSON 404.

export function createAuthDispatcher(ctx: FakeContext) {
  const basePath = new URL(ctx.authBase).pathname.replace(/\/$/, '');
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.slice(basePath.length);
    const method = request.method;
    switch (path) {
      case '/oauth2/auth':
        if (method === 'GET') return handleAuthorizeGet(ctx, request);
        if (method === 'POST') return handleAuthorizePost(ctx, request);
        break;
      case '/oauth2/token':
        // Any method reaches the handler, which answers non-POST the way fosite does.
        return handleToken(ctx, request);
      case '/oauth2/revoke':
        return handleRevoke(ctx, request);
      case '/.well-known/openid-configuration':
        if (method === 'GET') return Response.json(discoveryDocument(ctx));
        break;
      case '/.well-known/jwks.json':
        if (method === 'GET') return Response.json(await jwksDocument(ctx));
        break;
      case '/userinfo':
        if (method === 'GET' || method === 'POST') return handleUserinfo(ctx, request);
        break;
      default:
        return Response.json(
          { error: 'not_found', error_description: 'The requested resource could not be found' },
          { status: 404 },
        );
    }
    return Response.json(
      { error: 'method_not_allowed', error_description: `Method ${method} is not allowed here` },
      { status: 405 },
    );
  };
}
