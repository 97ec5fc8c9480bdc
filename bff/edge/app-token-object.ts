import { AppTokenCache, type AppTokens } from '../oauth/app-token.ts';
import { type TokenFailure, TokenRequestError } from '../oauth/token-errors.ts';
import { tokenEndpointFor } from './edge-config.ts';
import {
  callObject,
  type DurableObjectNamespace,
  type DurableObjectState,
  readOperation,
} from './platform.ts';

/**
 * The partner's application token (client credentials) for every isolate: one instance of this object
 * holds it, fetches it once however many isolates ask at the same time, and renews it shortly before
 * it expires (the same AppTokenCache as on Node, inside the object).
 */
export class AppTokenObject {
  private cache: AppTokenCache | undefined;

  constructor(
    _state: DurableObjectState,
    private readonly env: Record<string, unknown>,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const { operation, body } = await readOperation(request);
    this.cache ??= new AppTokenCache(tokenEndpointFor(this.env).endpoint, () =>
      Math.floor(Date.now() / 1000),
    );
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : [];
    if (operation === 'invalidate') {
      this.cache.invalidate(scopes, String(body.token ?? ''));
      return Response.json({ ok: true });
    }
    try {
      return Response.json({ token: await this.cache.get(scopes) });
    } catch (error) {
      const failure: TokenFailure = error instanceof TokenRequestError ? error.failure : { kind: 'network' };
      return Response.json({ failure });
    }
  }
}

/** The worker's view of the app token: the one object above. */
export function durableObjectAppTokens(namespace: DurableObjectNamespace): AppTokens {
  return {
    async get(scopes) {
      const answer = await callObject<{ token: string } | { failure: TokenFailure }>(
        namespace,
        'app-token',
        'get',
        {
          scopes,
        },
      );
      if ('failure' in answer)
        throw new TokenRequestError(answer.failure, { description: 'in the app-token object' });
      return answer.token;
    },
    async invalidate(scopes, token) {
      await callObject(namespace, 'app-token', 'invalidate', { scopes, token });
    },
  };
}
