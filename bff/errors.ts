import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './http/app-env.ts';
import type { Log } from './http/logger.ts';

/**
 * The one error model of the BFF. Every failure a person can meet has a snake_case code, an HTTP status
 * and a message safe to show; the cause (upstream bodies, stack traces) goes to the log only.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: ContentfulStatusCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.headers = options.headers ?? {};
  }
}

export const notAuthenticated = () =>
  new AppError('not_authenticated', 401, 'Sign in with Thumbtack to continue.');

export const sessionExpired = (cause?: unknown) =>
  new AppError('session_expired', 401, 'Your Thumbtack session has ended. Sign in again to continue.', {
    cause,
  });

export const csrfRejected = (why: string) =>
  new AppError('csrf_rejected', 403, `This request was refused to protect your account (${why}).`);

export const invalidRequest = (message: string) => new AppError('invalid_request', 400, message);

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('rate_limited', 429, 'Too many requests. Wait a moment and try again.', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

export const tokenRefreshUnavailable = (retryAfterSeconds: number, cause?: unknown) =>
  new AppError(
    'token_refresh_unavailable',
    503,
    'Thumbtack could not renew your access right now. Your session is kept; try again shortly.',
    { cause, headers: { 'Retry-After': String(retryAfterSeconds) } },
  );

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/** Answers any error in the shape of architecture.md; unknown errors become a bare 500 with no detail. */
export function errorResponse(c: Context<AppEnv>, err: unknown, log: Log) {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  if (err instanceof AppError) {
    if (err.status >= 500 || err.cause) {
      log({
        level: 'warn',
        msg: 'request failed',
        requestId,
        code: err.code,
        cause: describeCause(err.cause),
      });
    }
    c.header('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(err.code, err.message, requestId), err.status);
  }
  log({ level: 'error', msg: 'unexpected error', requestId, cause: describeCause(err) });
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody('internal_error', 'Something went wrong on our side. Try again.', requestId), 500);
}

/** A cause for the log: name and message only, never request data that might carry a token. */
export function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return typeof cause === 'string' ? cause : 'non-error value';
}
