// @vitest-environment node
import './support/dom';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatPhoneNumber } from '../../web/lib/format';
import { openSessionCookie } from '../support/console-harness';
import { DEMO_ACCOUNTS, installConsoleBackend, signedIn } from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

type SessionAnswer = { accessTokenExpiresAt: string; sessionExpiresAt: string };

/** What the demo pro grants, but not the phone scope. */
const WITHOUT_PHONE = [
  'supply::businesses.list',
  'supply::negotiations.read',
  'offline_access',
  'openid',
  'profile',
  'email',
].join(' ');

describe('account', () => {
  it('shows who is connected, the scopes in words and the expiry times, never a token', async () => {
    const backend = await signedIn();
    renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
    expect(screen.getByText('Maya Ortiz', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText(DEMO_ACCOUNTS.pro.email)).toBeTruthy();
    expect(screen.getByText('Pro (supply side)')).toBeTruthy();
    const allowed = screen.getByRole('heading', { name: 'What this console may do' }).parentElement;
    if (!allowed) throw new Error('no scopes section');
    expect(within(allowed).getByText('Read your leads')).toBeTruthy();
    expect(within(allowed).getByText('Send messages to customers')).toBeTruthy();
    expect(within(allowed).queryByText(/supply::/)).toBeNull();

    // The times are the BFF's, as its session check gave them.
    const session = backend.answerTo<SessionAnswer>('GET', '/auth/session');
    const renews = screen.getByText('Access renews').nextElementSibling;
    expect(renews?.querySelector('time')?.getAttribute('dateTime')).toBe(session.accessTokenExpiresAt);
    expect(
      screen.getByText('Session ends').nextElementSibling?.querySelector('time')?.getAttribute('dateTime'),
    ).toBe(session.sessionExpiresAt);

    // The tokens stay in the sealed cookie: neither the page nor any answer it got holds them.
    const sealed = await openSessionCookie(backend.browser);
    const tokens = [sealed?.accessToken, sealed?.refreshToken].filter((value): value is string => !!value);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) {
      expect(document.body.innerHTML).not.toContain(token);
      for (const exchange of backend.exchanges) expect(exchange.body).not.toContain(token);
    }
  });

  it('shows the connected person’s phone number, written readably', async () => {
    const backend = await signedIn();
    renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
    // The BFF passes on the number Thumbtack gave (the demo client asks for the phone scope).
    const session = backend.answerTo<{ user: { phone?: string } }>('GET', '/auth/session');
    expect(session.user.phone).toBe(DEMO_ACCOUNTS.pro.phoneNumber);
    expect(DEMO_ACCOUNTS.pro.phoneNumber).toBe('+15125550147');
    const phone = screen.getByText('Phone', { selector: 'dt' }).nextElementSibling;
    expect(phone?.tagName).toBe('DD');
    expect(phone?.textContent).toBe('+1 (512) 555-0147');
  });

  it('leaves the phone out when the person did not share it', async () => {
    const backend = await signedIn({ env: { THUMBTACK_SCOPES: WITHOUT_PHONE } });
    renderApp('/account');
    expect(await screen.findByText('Maya Ortiz', { selector: 'dd' })).toBeTruthy();
    expect(backend.answerTo<{ user: { phone?: string } }>('GET', '/auth/session').user.phone).toBeUndefined();
    expect(screen.getByText(DEMO_ACCOUNTS.pro.email)).toBeTruthy();
    expect(screen.queryByText('Phone', { selector: 'dt' })).toBeNull();
    expect(document.body.textContent).not.toContain('555-0147');
  });

  it('disconnects Thumbtack after confirming, then shows the login screen', async () => {
    const backend = await signedIn();
    window.sessionStorage.setItem('tt-console:conversations', '[]');
    const { router } = renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect Thumbtack' }));
    expect(backend.callsTo('POST', '/auth/disconnect')).toHaveLength(0);
    const confirm = screen.getByRole('button', { name: 'Yes, disconnect' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    const [call] = backend.callsTo('POST', '/auth/disconnect');
    expect(call?.headers.get('x-csrf')).toBe('1');
    // Nothing of the person's stays in the tab, and the BFF no longer knows them.
    expect(window.sessionStorage.getItem('tt-console:conversations')).toBeNull();
    expect(backend.answerTo('GET', '/auth/session')).toEqual({ authenticated: false });
  });

  it('keeps the person here when disconnecting fails', async () => {
    const backend = await signedIn();
    renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect Thumbtack' }));
    // Thumbtack's disconnect call fails once.
    backend.h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disconnect' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Thumbtack could not disconnect right now. Try again.',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
    expect(backend.browser.cookies.size).toBeGreaterThan(0);
  });

  it('shows the marketplace navigation for a demand account', async () => {
    await signedIn({ side: 'demand' });
    renderApp('/account');
    expect(await screen.findByText('Marketplace (demand side)')).toBeTruthy();
    expect(screen.getByText('Priya Shah', { selector: 'dd' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Find a pro', 'Messages', 'Account']);
  });

  it('keeps a demand account out of the pro workspace', async () => {
    await signedIn({ side: 'demand' });
    const { router } = renderApp(`/businesses/${DEMO_ACCOUNTS.pro.businessIDs[0]}/leads`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/find');
  });

  it('shows a not-found screen for unknown addresses', async () => {
    await signedIn();
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });

  it('shows the root error screen when the session cannot be checked, and recovers', async () => {
    const backend = await signedIn();
    // An hour on, the access token needs renewing; Thumbtack refuses the renewal once.
    backend.advance(60 * 60 * 1000);
    backend.h.fake.control.setFaults({ token: { status: 400, times: 1 } });
    renderApp('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    expect(alert.textContent).toContain('Thumbtack refused to renew access.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Maya' })).toBeTruthy();
  });
});

describe('formatPhoneNumber', () => {
  it.each([
    ['+14155550123', '+1 (415) 555-0123'],
    ['+442079460958', '+442079460958'],
    ['415-555-0123', '415-555-0123'],
    ['', ''],
  ])('writes %j as %j', (input, expected) => {
    expect(formatPhoneNumber(input)).toBe(expected);
  });
});
