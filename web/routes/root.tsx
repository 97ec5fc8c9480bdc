import {
  isRouteErrorResponse,
  type LoaderFunctionArgs,
  Outlet,
  type ShouldRevalidateFunctionArgs,
  useRevalidator,
  useRouteError,
} from 'react-router';
import { describeError } from '../components/error-state';
import { paths } from '../lib/paths';
import { loadSession } from '../lib/session';

// The root route: loads the session once for every screen below it.
export function loader({ request }: LoaderFunctionArgs) {
  return loadSession(request);
}

// Arriving at the sign-in or session-ended screen means the session changed (signed out,
// disconnected, expired): look again, so no screen keeps showing the person who left.
const RECHECK_SESSION_AT = new Set<string>([paths.login.path, paths.sessionExpired.path]);

export function shouldRevalidate({ nextUrl, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return RECHECK_SESSION_AT.has(nextUrl.pathname) || defaultShouldRevalidate;
}

export function RootLayout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Outlet />
    </>
  );
}

/** Shown while the first route's code and session load. */
export function RootHydrateFallback() {
  return (
    <div className="boot" role="status" aria-live="polite">
      <span className="boot__mark" aria-hidden="true" />
      <span className="visually-hidden">Loading the console…</span>
    </div>
  );
}

/** Last resort for a failure no screen handled (the session check itself, a crash while rendering). */
export function RootErrorBoundary() {
  const error = useRouteError();
  const revalidator = useRevalidator();
  const description = isRouteErrorResponse(error)
    ? { title: error.status === 404 ? 'Page not found' : 'Something went wrong', detail: error.statusText }
    : describeError(error);
  return (
    <main id="main" className="standalone">
      <div className="standalone__card error-state" role="alert">
        <h1 className="page-title">{description.title}</h1>
        <p>{description.detail}</p>
        <button type="button" className="button" onClick={() => void revalidator.revalidate()}>
          Try again
        </button>
      </div>
    </main>
  );
}
