import { useSearchParams } from 'react-router';
import { PageTitle } from '../components/page-title';
import { bffLoginHref, safeReturnTo } from '../lib/paths';

// Where any API call answering `session_expired` leads: the way back returns to the same page.
export function Component() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  return (
    <main id="main" className="standalone">
      <div className="standalone__card">
        <PageTitle>Your session has ended</PageTitle>
        <p className="lede">
          For your security you were signed out. Sign in again to pick up where you left off.
        </p>
        <a className="button button--primary button--wide" href={bffLoginHref(returnTo)}>
          Sign in again
        </a>
      </div>
    </main>
  );
}
