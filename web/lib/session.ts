import { redirect, useRouteLoaderData } from 'react-router';
import { api } from './api-client';
import { paths } from './paths';

export type Side = 'supply' | 'demand';

export type SessionUser = {
  id: string;
  name: string;
  email?: string;
  picture?: string;
  /** E.164 (OIDC's phone_number), when the person shared it. */
  phone?: string;
};

export type SignedInSession = {
  authenticated: true;
  user: SessionUser;
  side: Side;
  scopes: string[];
  accessTokenExpiresAt: string;
  sessionExpiresAt: string;
};

export type Session = { authenticated: false } | SignedInSession;

export const ROOT_ROUTE_ID = 'root';

// One navigation hands the same Request to every loader it runs, so the root loader and a screen's
// loader share one /auth/session call. Later navigations reuse the session the root last loaded
// (it reloads after every revalidation), so moving between screens costs no extra round trip.
const sessionByRequest = new WeakMap<Request, Promise<Session>>();
let latestSession: Promise<Session> | undefined;

/** A fresh look at the session; the root route's loader. */
export function loadSession(request: Request): Promise<Session> {
  let pending = sessionByRequest.get(request);
  if (!pending) {
    pending = api.get<Session>('/auth/session');
    sessionByRequest.set(request, pending);
  }
  latestSession = pending;
  return pending;
}

/** The session as last loaded (or loading) for other loaders. */
export function currentSession(request: Request): Promise<Session> {
  return sessionByRequest.get(request) ?? latestSession ?? loadSession(request);
}

/** For loaders of screens that need a signed-in person: sends everyone else to the login screen. */
export async function requireSession(request: Request): Promise<SignedInSession> {
  const session = await currentSession(request);
  if (!session.authenticated) throw redirect(paths.login.href(pathOf(request)));
  return session;
}

/** For loaders of one side's screens: the other side is sent to its own home screen. */
export async function requireSide(request: Request, side: Side): Promise<SignedInSession> {
  const session = await requireSession(request);
  if (session.side !== side) throw redirect(paths.home.href());
  return session;
}

/** The session the root route loaded; every screen sits under the root, so it is always there. */
export function useSession(): Session {
  const session = useRouteLoaderData(ROOT_ROUTE_ID) as Session | undefined;
  return session ?? { authenticated: false };
}

export function useSignedInSession(): SignedInSession | undefined {
  const session = useSession();
  return session.authenticated ? session : undefined;
}

/** The path and query of a request or router location: what `returnTo` carries. */
export function pathOf(where: Request | { pathname: string; search: string }): string {
  const url = 'url' in where ? new URL(where.url) : where;
  return `${url.pathname}${url.search}`;
}
