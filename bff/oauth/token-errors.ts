/**
 * How a token request failed, in our own terms, so nothing outside bff/oauth/ depends on the OAuth
 * library's error classes (it could be swapped without touching the session code). The same shape
 * travels between instances (the Redis refresh coordinator publishes it), so a failure seen by one is
 * classified the same way by all.
 */
export type TokenFailure =
  /** An OAuth error body (RFC 6749 §5.2) with its code, e.g. invalid_grant. */
  | { kind: 'oauth'; code: string }
  /** Any other HTTP status. */
  | { kind: 'status'; status: number }
  /** A body we could not read or that failed validation (a 200 included). */
  | { kind: 'unreadable'; status: number }
  /** No answer at all: network failure, or our deadline passed. */
  | { kind: 'network' };

export class TokenRequestError extends Error {
  readonly failure: TokenFailure;

  constructor(failure: TokenFailure, options: { description?: string; cause?: unknown } = {}) {
    super(
      `token request failed: ${summary(failure)}${options.description ? ` (${options.description})` : ''}`,
      {
        cause: options.cause,
      },
    );
    this.name = 'TokenRequestError';
    this.failure = failure;
  }
}

function summary(failure: TokenFailure): string {
  switch (failure.kind) {
    case 'oauth':
      return failure.code;
    case 'status':
      return `status ${failure.status}`;
    case 'unreadable':
      return `unreadable answer (status ${failure.status})`;
    case 'network':
      return 'no answer';
  }
}

/** The grant is gone (revoked, expired, reused): the session must end. */
export function isInvalidGrant(error: unknown): boolean {
  return (
    error instanceof TokenRequestError &&
    error.failure.kind === 'oauth' &&
    error.failure.code === 'invalid_grant'
  );
}

/**
 * Network trouble, Thumbtack 5xx or 429: worth retrying later, never a reason to end a session. A 200
 * we cannot read may still have rotated the refresh token; the 60 s reuse window lets the next attempt
 * present the old one again, so that too keeps the session.
 */
export function isTransientTokenError(error: unknown): boolean {
  if (!(error instanceof TokenRequestError)) return false;
  const { failure } = error;
  if (failure.kind === 'network' || failure.kind === 'unreadable') return true;
  return failure.kind === 'status' && (failure.status >= 500 || failure.status === 429);
}
