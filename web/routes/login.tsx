import { Link, type LoaderFunctionArgs, redirect, useSearchParams } from 'react-router';
import { PageTitle } from '../components/page-title';
import { bffLoginHref, paths, safeReturnTo } from '../lib/paths';
import { loadSession } from '../lib/session';

// The codes the BFF puts on /login?error= when a sign-in fails, in words for people.
const LOGIN_ERRORS: Record<string, string> = {
  access_denied: 'You chose not to connect your Thumbtack account. Connect again whenever you are ready.',
  login_expired: 'The sign-in took too long and expired. Please start again.',
  login_failed: 'We could not finish signing you in with Thumbtack. Please try again.',
  thumbtack_unavailable: 'Thumbtack is not responding right now. Please try again in a few minutes.',
  session_unavailable:
    'We could not keep you signed in because our session service is unavailable. That sign-in was used up, so please connect again in a few minutes.',
};
const GENERIC_LOGIN_ERROR = 'Something went wrong while signing in. Please try again.';

export async function loader({ request }: LoaderFunctionArgs) {
  // The root re-checks the session on the way here (one call, shared): someone who is already
  // signed in goes straight to where they were headed.
  const session = await loadSession(request);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
  if (session.authenticated) throw redirect(returnTo);
  return null;
}

export function Component() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const errorCode = params.get('error');
  const errorMessage = errorCode ? (LOGIN_ERRORS[errorCode] ?? GENERIC_LOGIN_ERROR) : undefined;

  return (
    <main id="main" className="standalone">
      <div className="standalone__card">
        <p className="brand brand--large" aria-hidden="true">
          <span className="brand__mark" /> Partner Console
        </p>
        <PageTitle>Sign in</PageTitle>
        <p className="lede">
          Connect your Thumbtack account to work with your leads, messages and reviews here.
        </p>
        {errorMessage ? (
          <p className="notice notice--error" role="alert">
            {errorMessage}
          </p>
        ) : null}
        {/* A plain link: signing in is a full-page trip through Thumbtack's consent screen. */}
        <a className="button button--primary button--wide" href={bffLoginHref(returnTo)}>
          Connect Thumbtack
        </a>
        <p className="fine-print">
          The console never sees your Thumbtack password or tokens. You can disconnect at any time.
        </p>
        <p className="fine-print">
          Looking for a pro? <Link to={paths.findPros.href()}>Browse pros without signing in</Link>.
        </p>
      </div>
    </main>
  );
}
