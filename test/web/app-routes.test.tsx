// @vitest-environment node
import './support/dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http, installConsoleBackend, ORIGIN, signedIn, signedOut } from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

type Businesses = { data: { businessID: string; name: string; imageURL: string }[] };

describe('walking skeleton', () => {
  it('sends a signed-out visitor to the login screen, keeping where they were headed', async () => {
    const backend = signedOut();
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    const connect = screen.getByRole('link', { name: 'Connect Thumbtack' });
    expect(connect.getAttribute('href')).toBe('/auth/login?returnTo=%2F');
    expect(router.state.location.pathname).toBe('/login');
    expect(backend.answerTo('GET', '/auth/session')).toEqual({ authenticated: false });
  });

  it('keeps a deep link as returnTo for the BFF login', async () => {
    signedOut();
    renderApp('/account');
    const connect = await screen.findByRole('link', { name: 'Connect Thumbtack' });
    expect(connect.getAttribute('href')).toBe('/auth/login?returnTo=%2Faccount');
  });

  it.each([
    ['access_denied', 'You chose not to connect your Thumbtack account'],
    ['login_expired', 'took too long and expired'],
    ['login_failed', 'could not finish signing you in'],
    ['thumbtack_unavailable', 'Thumbtack is not responding right now'],
    ['session_unavailable', 'That sign-in was used up, so please connect again'],
    ['something_new', 'Something went wrong while signing in'],
  ])('explains the login error %s', async (code, words) => {
    signedOut();
    renderApp(`/login?error=${code}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(words);
  });

  it('shows the signed-in person their name and both businesses', async () => {
    const backend = await signedIn();
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Maya' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Your businesses' });
    const { data } = backend.answerTo<Businesses>('GET', '/api/v4/businesses');
    expect(data.map((business) => business.name)).toEqual([
      'Ortiz Handyman & Repair',
      'Evergreen Yard & Garden Co.',
    ]);
    for (const business of data) {
      expect(within(list).getByRole('heading', { name: business.name })).toBeTruthy();
    }
    // Each business shows its own picture.
    expect([...list.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual(
      data.map((business) => business.imageURL),
    );

    // Every call the page made carried the CSRF header and asked for JSON; the BFF took them all.
    expect(backend.exchanges.length).toBeGreaterThan(1);
    for (const { request, status } of backend.exchanges) {
      expect(request.headers.get('x-csrf')).toBe('1');
      expect(request.headers.get('accept')).toBe('application/json');
      expect(status).toBe(200);
    }
  });

  it('shows an error with a retry when Thumbtack fails, and recovers on retry', async () => {
    const backend = await signedIn();
    // The first API call the overview makes is the business list.
    backend.h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    renderApp('/');
    // Both the business list and the activity built on it say what happened.
    const [alert] = await screen.findAllByRole('alert');
    if (!alert) throw new Error('no alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    expect(alert.textContent).toContain('Thumbtack had a problem answering. Try again shortly.');
    // The reference is the BFF's request id, so support can find the call in the logs.
    const failed = backend.exchanges.find((item) => item.status === 502);
    const { error } = JSON.parse(failed?.body ?? '{}') as { error?: { requestId: string } };
    expect(alert.textContent).toContain(`Reference: ${error?.requestId}`);

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Ortiz Handyman & Repair' })).toBeTruthy();
    await waitFor(() => expect(screen.queryAllByRole('alert')).toHaveLength(0));
  });

  it('sends the person to the login screen when an API call answers 401', async () => {
    const backend = await signedIn();
    // Signed out in another tab between the session check and the first API call.
    backend.h.server.use(
      http.get(
        `${ORIGIN}/api/v4/businesses`,
        async () => {
          await backend.call('POST', '/auth/logout');
        },
        { once: true },
      ),
    );
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    const [businesses] = backend.exchanges.filter((item) => item.request.url.endsWith('/api/v4/businesses'));
    expect(businesses?.status).toBe(401);
    expect(JSON.parse(businesses?.body ?? '{}').error.code).toBe('not_authenticated');
  });

  it('signs out: POST /auth/logout, then the login screen', async () => {
    const backend = await signedIn();
    const { router } = renderApp('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    const [logout] = backend.callsTo('POST', '/auth/logout');
    expect(logout?.headers.get('x-csrf')).toBe('1');
    // The BFF cleared the session cookie.
    expect([...backend.browser.cookies.keys()].filter((name) => name.includes('tt-session'))).toEqual([]);

    // The session was looked at again: browsing on shows a visitor, not the person who left.
    fireEvent.click(screen.getByRole('link', { name: 'Browse pros without signing in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(screen.queryByText('Maya Ortiz')).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Ffind',
    );
    expect(backend.answerTo('GET', '/auth/session')).toEqual({ authenticated: false });
  });
});
