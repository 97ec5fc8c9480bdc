import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../lib/api-client';
import { plural } from '../lib/format';
import { paths } from '../lib/paths';
import { pathOf } from '../lib/session';

export type ErrorDescription = { title: string; detail: string; requestId?: string; canRetry: boolean };

/**
 * Turns any failure into words for people. `action` completes "Your Thumbtack connection does not
 * allow …" when the grant lacks a scope, e.g. "reading your leads".
 */
export function describeError(error: unknown, action = 'this'): ErrorDescription {
  if (!isApiError(error)) {
    return {
      title: 'Something went wrong',
      detail: 'An unexpected error happened in the console.',
      canRetry: true,
    };
  }
  const requestId = error.requestId ? { requestId: error.requestId } : {};
  const wait = error.retryAfter
    ? ` Try again in ${plural(error.retryAfter, 'second')}.`
    : ' Try again in a moment.';
  // Thumbtack's own 429 comes through the BFF as `thumbtack_error` with its status and Retry-After
  // kept: it means the same as the BFF's `rate_limited`, and waiting helps just the same.
  if (error.status === 429) {
    return {
      title: 'Too many requests',
      detail: `Thumbtack asked us to slow down.${wait}`,
      canRetry: true,
      ...requestId,
    };
  }
  switch (error.code) {
    case 'insufficient_scope':
      return {
        title: 'Not allowed by your Thumbtack connection',
        detail: `Your Thumbtack connection does not allow ${action}. Reconnect Thumbtack and approve that access to use it here.`,
        canRetry: false,
        ...requestId,
      };
    case 'token_refresh_unavailable':
      return {
        title: 'Thumbtack is not answering right now',
        detail: `Your connection could not be renewed.${wait}`,
        canRetry: true,
        ...requestId,
      };
    case 'thumbtack_unavailable':
    case 'thumbtack_timeout':
      return {
        title: 'Thumbtack is not answering right now',
        detail: `Thumbtack did not respond in time.${wait}`,
        canRetry: true,
        ...requestId,
      };
    case 'network_error':
      return { title: 'You seem to be offline', detail: error.message, canRetry: true };
    case 'route_not_allowed':
      return {
        title: 'Not available',
        detail: 'This console does not offer that part of Thumbtack.',
        canRetry: false,
        ...requestId,
      };
    case 'csrf_rejected':
      return {
        title: 'Request blocked',
        detail: 'The request was blocked as a safety measure. Reload the page and try again.',
        canRetry: true,
        ...requestId,
      };
    default:
      if (error.status === 404) {
        return {
          title: 'Not found',
          detail: 'Thumbtack could not find this. It may have been removed.',
          canRetry: false,
          ...requestId,
        };
      }
      return {
        title: error.status >= 500 ? 'Thumbtack had a problem' : 'That did not work',
        detail: error.message,
        canRetry: error.status >= 500 || error.status === 0,
        ...requestId,
      };
  }
}

/** A signed-out or expired session on any API call leaves the screen for sign-in. */
export function useAuthRedirect(error: unknown): string | undefined {
  const location = useLocation();
  if (!isApiError(error) || error.status !== 401) return undefined;
  const here = pathOf(location);
  return error.code === 'session_expired' ? paths.sessionExpired.href(here) : paths.login.href(here);
}

export function ErrorState({
  error,
  onRetry,
  action,
  retrying = false,
}: {
  error: unknown;
  onRetry?: () => void;
  action?: string;
  retrying?: boolean;
}) {
  const redirectTo = useAuthRedirect(error);
  if (redirectTo) return <Navigate to={redirectTo} replace />;
  const description = describeError(error, action);
  return (
    <div className="error-state" role="alert">
      <p className="error-state__title">{description.title}</p>
      <p className="error-state__detail">{description.detail}</p>
      {description.requestId ? <p className="error-state__ref">Reference: {description.requestId}</p> : null}
      {onRetry && description.canRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Try again'}
        </button>
      ) : null}
    </div>
  );
}

/** The short form for a failed action inside a form or a row. */
export function InlineError({ error, action }: { error: unknown; action?: string }) {
  const redirectTo = useAuthRedirect(error);
  if (redirectTo) return <Navigate to={redirectTo} replace />;
  const description = describeError(error, action);
  return (
    <p className="inline-error" role="alert">
      {description.title}: {description.detail}
    </p>
  );
}
