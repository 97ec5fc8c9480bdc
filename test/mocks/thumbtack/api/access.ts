import type { FakeContext } from '../context.ts';
import { randomHex } from '../random-token.ts';
import type { AccessTokenRecord } from '../state.ts';

// How the API gateway answers: problem-details bodies with a traceID (docs/thumbtack/errors.md#api-problem-details), and
// bearer tokens checked against the authorization server's state (introspection), not just their
// signature, so revocation and expiry bite immediately.

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export class ApiProblem extends Error {
  readonly status: number;
  constructor(status: number, detail: string) {
    super(detail);
    this.status = status;
  }
}

export function problem(status: number, detail: string, headers?: Record<string, string>): Response {
  return Response.json(
    { type: 'about:blank', title: REASONS[status] ?? 'Error', status, detail, traceID: randomHex(16) },
    { status, ...(headers ? { headers } : {}) },
  );
}

export function bearerToken(request: Request): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(request.headers.get('authorization')?.trim() ?? '');
  return match?.[1] ?? null;
}

/** The token record if the request carries an active access token (known, unrevoked, unexpired). */
export function findActiveToken(ctx: FakeContext, request: Request): AccessTokenRecord | null {
  const value = bearerToken(request);
  if (!value) return null;
  const record = ctx.state.accessTokens.get(value);
  if (!record || record.revoked || ctx.clock.now() >= record.expiresAt) return null;
  const grant = ctx.state.grants.get(record.grantID);
  return grant && !grant.revoked ? record : null;
}
