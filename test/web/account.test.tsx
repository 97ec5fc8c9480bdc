// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/"}
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bff, bffError, callsTo, http, setSession, signedIn } from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

describe('account', () => {
  it('shows who is connected, the scopes in words and the expiry times, never a token', async () => {
    setSession(signedIn('supply'));
    renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
    expect(screen.getByText('Robert Griffis', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText('robert@example.com')).toBeTruthy();
    expect(screen.getByText('Pro (supply side)')).toBeTruthy();
    const allowed = screen.getByRole('heading', { name: 'What this console may do' }).parentElement;
    if (!allowed) throw new Error('no scopes section');
    expect(within(allowed).getByText('Read your leads')).toBeTruthy();
    expect(within(allowed).getByText('Send messages to customers')).toBeTruthy();
    expect(within(allowed).queryByText(/supply::/)).toBeNull();
    const renews = screen.getByText('Access renews').nextElementSibling;
    expect(renews?.querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-30T11:00:00Z');
    expect(
      screen.getByText('Session ends').nextElementSibling?.querySelector('time')?.getAttribute('dateTime'),
    ).toBe('2026-12-07T10:00:00Z');
  });

  it('disconnects Thumbtack after confirming, then shows the login screen', async () => {
    setSession(signedIn('supply'));
    window.sessionStorage.setItem('tt-console:conversations', '[]');
    const { router } = renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect Thumbtack' }));
    expect(callsTo('POST', '/auth/disconnect')).toHaveLength(0);
    const confirm = screen.getByRole('button', { name: 'Yes, disconnect' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    const [call] = callsTo('POST', '/auth/disconnect');
    expect(call?.headers.get('x-csrf')).toBe('1');
    // Nothing of the person's stays in the tab.
    expect(window.sessionStorage.getItem('tt-console:conversations')).toBeNull();
  });

  it('keeps the person here when disconnecting fails', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.post('http://localhost/auth/disconnect', () => bffError(502, 'thumbtack_unavailable', 'Down.')),
    );
    renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect Thumbtack' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disconnect' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Thumbtack is not answering right now');
    expect(screen.getByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
  });

  it('shows the marketplace navigation for a demand account', async () => {
    setSession(signedIn('demand'));
    renderApp('/account');
    expect(await screen.findByText('Marketplace (demand side)')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Find a pro', 'Messages', 'Account']);
  });

  it('keeps a demand account out of the pro workspace', async () => {
    setSession(signedIn('demand'));
    const { router } = renderApp('/businesses/590297085345701895/leads');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/find');
  });

  it('shows a not-found screen for unknown addresses', async () => {
    setSession(signedIn('supply'));
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });

  it('shows the root error screen when the session cannot be checked', async () => {
    bff.use(http.get('http://localhost/auth/session', () => bffError(502, 'thumbtack_unavailable', 'Down.')));
    renderApp('/');
    expect((await screen.findByRole('alert')).textContent).toContain('Thumbtack is not answering right now');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
