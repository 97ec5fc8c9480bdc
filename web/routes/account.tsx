import { type LoaderFunctionArgs, redirect, useLoaderData, useNavigate } from 'react-router';
import { Avatar } from '../components/avatar';
import { ConfirmButton } from '../components/confirm-button';
import { InlineError } from '../components/error-state';
import { PageTitle } from '../components/page-title';
import { disconnectThumbtack } from '../features/account/api/sign-out';
import { SignOutButton } from '../features/account/components/sign-out-button';
import { formatDateTime, formatPhoneNumber } from '../lib/format';
import { paths } from '../lib/paths';
import { describeScope } from '../lib/scopes';
import { loadSession, pathOf } from '../lib/session';
import { forgetBrowserData } from '../lib/tab-storage';
import { useMutation } from '../lib/use-mutation';

// Who is connected and what the connection allows. Times only: the BFF never sends a token.
export async function loader({ request }: LoaderFunctionArgs) {
  // A fresh look, so the expiry times reflect the latest token refresh.
  const session = await loadSession(request);
  if (!session.authenticated) throw redirect(paths.login.href(pathOf(request)));
  return session;
}

export function Component() {
  const session = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const disconnect = useMutation(disconnectThumbtack);
  const sideWords = session.side === 'supply' ? 'Pro (supply side)' : 'Marketplace (demand side)';
  const allowed = [...new Set(session.scopes.map(describeScope))];

  async function handleDisconnect() {
    if ((await disconnect.run()).ok) {
      forgetBrowserData();
      await navigate(paths.login.href(), { replace: true });
    }
  }

  return (
    <div className="page">
      <PageTitle>Account</PageTitle>

      <section className="card section" aria-labelledby="who-heading">
        <h2 id="who-heading">Connected Thumbtack account</h2>
        <div className="business-card">
          <Avatar name={session.user.name} src={session.user.picture} size="lg" />
          <dl className="detail-list">
            <dt>Name</dt>
            <dd>{session.user.name}</dd>
            {session.user.email ? (
              <>
                <dt>Email</dt>
                <dd>{session.user.email}</dd>
              </>
            ) : null}
            {session.user.phone ? (
              <>
                <dt>Phone</dt>
                <dd>{formatPhoneNumber(session.user.phone)}</dd>
              </>
            ) : null}
            <dt>Account type</dt>
            <dd>{sideWords}</dd>
          </dl>
        </div>
      </section>

      <section className="card section" aria-labelledby="scopes-heading">
        <h2 id="scopes-heading">What this console may do</h2>
        {allowed.length === 0 ? (
          <p className="muted">Your connection grants no permissions.</p>
        ) : (
          <ul className="allowed-list">
            {allowed.map((words) => (
              <li key={words}>{words.charAt(0).toUpperCase() + words.slice(1)}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="card section" aria-labelledby="times-heading">
        <h2 id="times-heading">Session</h2>
        <dl className="detail-list">
          <dt>Access renews</dt>
          <dd>
            <time dateTime={session.accessTokenExpiresAt}>
              {formatDateTime(session.accessTokenExpiresAt)}
            </time>
            <span className="muted"> (renewed automatically while you work)</span>
          </dd>
          <dt>Session ends</dt>
          <dd>
            <time dateTime={session.sessionExpiresAt}>{formatDateTime(session.sessionExpiresAt)}</time>
          </dd>
        </dl>
        <div className="button-row">
          <SignOutButton className="button button--secondary" />
        </div>
      </section>

      <section className="card section" aria-labelledby="disconnect-heading">
        <h2 id="disconnect-heading">Disconnect Thumbtack</h2>
        <p className="muted">
          Disconnecting revokes this console's access to your Thumbtack account and signs you out. You can
          connect again at any time.
        </p>
        <div>
          <ConfirmButton
            label="Disconnect Thumbtack"
            className="button button--danger"
            question="Disconnect your Thumbtack account from this console? You will be signed out."
            confirmLabel="Yes, disconnect"
            pending={disconnect.pending}
            onConfirm={handleDisconnect}
          />
        </div>
        {disconnect.error ? <InlineError error={disconnect.error} action="disconnecting" /> : null}
      </section>
    </div>
  );
}
