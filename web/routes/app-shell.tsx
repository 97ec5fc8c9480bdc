import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Avatar } from '../components/avatar';
import { SignOutButton } from '../features/account/components/sign-out-button';
import { bffLoginHref, paths } from '../lib/paths';
import { pathOf, type Side, useSession } from '../lib/session';

// The frame around every signed-in (and public marketplace) screen: brand, the side's navigation,
// who is signed in. Its links follow the side the session belongs to.
const NAV: Record<Side | 'visitor', { to: string; label: string; end?: boolean }[]> = {
  supply: [
    { to: paths.home.href(), label: 'Overview', end: true },
    { to: paths.account.href(), label: 'Account' },
  ],
  demand: [
    { to: paths.findPros.href(), label: 'Find a pro' },
    { to: paths.messages.href(), label: 'Messages' },
    { to: paths.account.href(), label: 'Account' },
  ],
  visitor: [{ to: paths.findPros.href(), label: 'Find a pro' }],
};

export function Component() {
  const session = useSession();
  const location = useLocation();
  const nav = NAV[session.authenticated ? session.side : 'visitor'];

  return (
    <div className="shell">
      <header className="shell__header">
        <Link to={paths.home.href()} className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span>Partner Console</span>
        </Link>
        <nav className="shell__nav" aria-label="Main">
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end ?? false} className="shell__nav-link">
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="shell__user">
          {session.authenticated ? (
            <>
              <Avatar name={session.user.name} src={session.user.picture} size="sm" />
              <span className="shell__user-name">{session.user.name}</span>
              <SignOutButton />
            </>
          ) : (
            <a className="button button--ghost" href={bffLoginHref(pathOf(location))}>
              Sign in
            </a>
          )}
        </div>
      </header>
      <main id="main" className="shell__main">
        <Outlet />
      </main>
    </div>
  );
}
