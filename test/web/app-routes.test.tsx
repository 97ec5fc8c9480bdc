// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/"}
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bff, bffError, businesses, http, requests, setSession, signedIn } from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

describe('walking skeleton', () => {
  it('sends a signed-out visitor to the login screen, keeping where they were headed', async () => {
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    const connect = screen.getByRole('link', { name: 'Connect Thumbtack' });
    expect(connect.getAttribute('href')).toBe('/auth/login?returnTo=%2F');
    expect(router.state.location.pathname).toBe('/login');
  });

  it('keeps a deep link as returnTo for the BFF login', async () => {
    renderApp('/account');
    const connect = await screen.findByRole('link', { name: 'Connect Thumbtack' });
    expect(connect.getAttribute('href')).toBe('/auth/login?returnTo=%2Faccount');
  });

  it.each([
    ['access_denied', 'You chose not to connect your Thumbtack account'],
    ['login_expired', 'took too long and expired'],
    ['login_failed', 'could not finish signing you in'],
    ['thumbtack_unavailable', 'Thumbtack is not responding right now'],
    ['something_new', 'Something went wrong while signing in'],
  ])('explains the login error %s', async (code, words) => {
    renderApp(`/login?error=${code}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(words);
  });

  it('shows the signed-in person their name and both businesses', async () => {
    setSession(signedIn('supply'));
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Robert' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Your businesses' });
    for (const business of businesses) {
      expect(within(list).getByRole('heading', { name: business.name })).toBeTruthy();
    }
    // The business image is shown; a business without one gets its initials instead.
    expect(list.querySelector('img')?.getAttribute('src')).toBe(businesses[0]?.imageURL);
    expect(list.querySelectorAll('.avatar--initials')).toHaveLength(1);

    // Every call carried the CSRF header and asked for JSON.
    const calls = requests.filter((request) => new URL(request.url).pathname.startsWith('/api/'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.headers.get('x-csrf')).toBe('1');
      expect(call.headers.get('accept')).toBe('application/json');
    }
  });

  it('shows an error with a retry when the API fails, and recovers on retry', async () => {
    setSession(signedIn('supply'));
    let failures = 1;
    bff.use(
      http.get('http://localhost/api/v4/businesses', () => {
        if (failures-- > 0) return bffError(502, 'thumbtack_unavailable', 'Thumbtack did not answer.');
        return Response.json({ data: businesses, pagination: { limit: 20 } });
      }),
    );
    renderApp('/');
    // Both the business list and the activity built on it say what happened.
    const [alert] = await screen.findAllByRole('alert');
    if (!alert) throw new Error('no alert');
    expect(alert.textContent).toContain('Thumbtack is not answering right now');
    expect(alert.textContent).toContain('req-test-1');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Griffis Property Group' })).toBeTruthy();
    await waitFor(() => expect(screen.queryAllByRole('alert')).toHaveLength(0));
  });

  it('sends the person to the login screen when an API call answers 401', async () => {
    setSession(signedIn('supply'));
    // The session ends between the session check and the API call (signed out in another tab).
    bff.use(
      http.get('http://localhost/api/v4/businesses', () => {
        setSession({ authenticated: false });
        return bffError(401, 'not_authenticated', 'Sign in.');
      }),
    );
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
  });

  it('signs out: POST /auth/logout, then the login screen', async () => {
    setSession(signedIn('supply'));
    const { router } = renderApp('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    const logout = requests.find((request) => new URL(request.url).pathname === '/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('x-csrf')).toBe('1');

    // The session was looked at again: browsing on shows a visitor, not the person who left.
    fireEvent.click(screen.getByRole('link', { name: 'Browse pros without signing in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(screen.queryByText('Robert Griffis')).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Ffind',
    );
  });
});
