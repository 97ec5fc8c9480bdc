import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openSessionCookie, signIn } from '../support/console-harness.ts';
import type { TestBrowser } from '../support/test-browser.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

const tokenCalls = () => h.fake.control.stats().token.authorization_code;

async function startLogin(browser: TestBrowser, returnTo = '/') {
  const res = await browser.request(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, { csrf: false });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

/** Runs the consent page for an authorize URL and returns the callback URL Thumbtack sends back. */
async function consent(authorize: URL, decision: 'allow' | 'deny' = 'allow') {
  const res = await fetch(authorize, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: 'demo-pro', decision }),
    redirect: 'manual',
  });
  const location = new URL(res.headers.get('location') as string);
  return `${location.pathname}${location.search}`;
}

describe('login', () => {
  it('sends PKCE S256, a 32-byte state, a nonce, the audience and every configured scope', async () => {
    const url = await startLogin(h.browser());
    const q = url.searchParams;
    expect(`${url.origin}${url.pathname}`).toBe(h.config.thumbtack.authorizeUrl);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(h.config.clientId);
    expect(q.get('redirect_uri')).toBe('http://localhost/auth/callback');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43,}$/); // >= 32 random bytes, base64url
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(q.get('audience')).toBe('urn:partner-api');
    expect(q.get('scope')?.split(' ')).toEqual([...h.config.scopes]);
  });

  it('uses a fresh state, verifier and nonce for every login', async () => {
    const browser = h.browser();
    const a = await startLogin(browser);
    const b = await startLogin(browser);
    for (const key of ['state', 'code_challenge', 'nonce']) {
      expect(a.searchParams.get(key)).not.toBe(b.searchParams.get(key));
    }
  });

  it('keeps each login in its own short-lived __Host- cookie with SameSite=Lax', async () => {
    const res = await h.browser().request('/auth/login', { csrf: false });
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-tt-login-[A-Za-z0-9_-]{16}=eyJ/);
    expect(cookie).toMatch(/; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('lets logins started in two tabs both finish', async () => {
    const browser = h.browser();
    const first = await startLogin(browser, '/first');
    const second = await startLogin(browser, '/second');
    const secondCallback = await consent(second);
    const firstCallback = await consent(first);
    const a = await browser.request(firstCallback, { csrf: false });
    expect(a.headers.get('location')).toBe('/first');
    const b = await browser.request(secondCallback, { csrf: false });
    expect(b.headers.get('location')).toBe('/second');
  });

  it('caps parallel logins: the oldest transaction is dropped', async () => {
    const browser = h.browser();
    const oldest = await startLogin(browser);
    for (let i = 0; i < 3; i++) await startLogin(browser);
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('__Host-tt-login-'))).toHaveLength(3);
    const res = await browser.request(await consent(oldest), { csrf: false });
    expect(res.status).toBe(400);
  });

  it.each([
    ['//evil.example', '/'],
    ['https://evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/leads?status=Open', '/leads?status=Open'],
  ])('returns to a same-origin path only: returnTo=%s ends at %s', async (returnTo, expected) => {
    const browser = h.browser();
    const res = await signIn(h, browser, { returnTo });
    expect(res.headers.get('location')).toBe(expected);
  });

  it('ignores a returnTo given twice', async () => {
    const browser = h.browser();
    const res = await browser.request('/auth/login?returnTo=/a&returnTo=//evil.example', { csrf: false });
    const callback = await consent(new URL(res.headers.get('location') as string));
    expect((await browser.request(callback, { csrf: false })).headers.get('location')).toBe('/');
  });
});

describe('callback', () => {
  it('refuses a callback with no transaction in this browser: 400 and no token call (login CSRF)', async () => {
    const attacker = h.browser();
    const callback = await consent(await startLogin(attacker));
    const victim = h.browser();
    const res = await victim.request(callback, { csrf: false });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_login_state');
    expect(tokenCalls()).toBe(0);
    expect(victim.cookies.has('__Host-tt-session')).toBe(false);
  });

  it('refuses a replayed callback: the transaction is consumed once', async () => {
    const browser = h.browser();
    const callback = await consent(await startLogin(browser));
    const saved = new Map(browser.cookies);
    expect((await browser.request(callback, { csrf: false })).status).toBe(302);
    expect(tokenCalls()).toBe(1);
    // Even with the old transaction cookie put back, the code was used; and without it, nothing matches.
    const again = await browser.request(callback, { csrf: false });
    expect(again.status).toBe(400);
    for (const [k, v] of saved) if (k.startsWith('__Host-tt-login-')) browser.cookies.set(k, v);
    await browser.request(callback, { csrf: false });
    expect(tokenCalls()).toBe(2);
    expect(h.fake.control.stats().token.authorization_code).toBe(2);
  });

  it('refuses a tampered transaction cookie: 400, no token call', async () => {
    const browser = h.browser();
    const callback = await consent(await startLogin(browser));
    for (const [name, value] of browser.cookies) {
      if (name.startsWith('__Host-tt-login-')) browser.cookies.set(name, `${value.slice(0, -4)}AAAA`);
    }
    const res = await browser.request(callback, { csrf: false });
    expect(res.status).toBe(400);
    expect(tokenCalls()).toBe(0);
  });

  it('refuses a transaction older than 10 minutes: 400 login_expired, no token call', async () => {
    const browser = h.browser();
    const callback = await consent(await startLogin(browser));
    h.advance(601_000);
    const res = await browser.request(callback, { csrf: false });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('login_expired');
    expect(tokenCalls()).toBe(0);
  });

  it('refuses a callback whose state belongs to another login of the same browser', async () => {
    const browser = h.browser();
    const first = await startLogin(browser);
    await startLogin(browser);
    const callback = new URL(await consent(first), 'http://localhost');
    callback.searchParams.set('state', 'x'.repeat(43));
    const res = await browser.request(`${callback.pathname}${callback.search}`, { csrf: false });
    expect(res.status).toBe(400);
    expect(tokenCalls()).toBe(0);
  });

  it('shows people a page, not JSON, when they land on a bad callback in a browser', async () => {
    const res = await h.browser().request('/auth/callback?state=abc&code=def', {
      csrf: false,
      headers: { Accept: 'text/html' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('href="/login"');
  });

  it('sends a declined consent back to the login screen with a safe code, clearing the transaction', async () => {
    const browser = h.browser();
    const callback = await consent(await startLogin(browser), 'deny');
    expect(callback).toContain('error=access_denied');
    const res = await browser.request(callback, { csrf: false });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?error=access_denied');
    expect([...browser.cookies.keys()].some((n) => n.startsWith('__Host-tt-login-'))).toBe(false);
    expect(tokenCalls()).toBe(0);
  });

  it('maps any other authorization error to login_failed without echoing it', async () => {
    const browser = h.browser();
    const url = await startLogin(browser);
    const state = url.searchParams.get('state') as string;
    const res = await browser.request(
      `/auth/callback?state=${state}&error=%3Cscript%3E&error_description=${encodeURIComponent('<b>x</b>')}`,
      { csrf: false },
    );
    expect(res.headers.get('location')).toBe('/login?error=login_failed');
  });

  it('sends a failed code exchange to the login screen; an unavailable Thumbtack says so', async () => {
    const browser = h.browser();
    const callback = await consent(await startLogin(browser));
    h.fake.control.setFaults({ token: { status: 503, times: 1 } });
    const res = await browser.request(callback, { csrf: false });
    expect(res.headers.get('location')).toBe('/login?error=thumbtack_unavailable');
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
  });

  it('replaces any session that came in with a new one (session fixation)', async () => {
    const browser = h.browser();
    await signIn(h, browser);
    const before = await openSessionCookie(browser);
    const sessionBefore = await (await browser.request('/auth/session')).json();
    await signIn(h, browser);
    const after = await openSessionCookie(browser);
    expect(after?.sid).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(after?.sid).not.toBe(before?.sid);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    // A planted cookie from before login is not trusted: it was never ours to begin with.
    const planted = h.browser();
    planted.cookies.set('__Host-tt-session', 'attacker-chosen-value');
    await signIn(h, planted);
    expect(planted.cookies.get('__Host-tt-session')).not.toBe('attacker-chosen-value');
    expect((await (await planted.request('/auth/session')).json()).authenticated).toBe(true);
    expect(sessionBefore.authenticated).toBe(true);
  });

  it("keeps the person's phone number from the id_token (phone scope), for the account screen", async () => {
    const browser = h.browser();
    await signIn(h, browser);
    const session = await (await browser.request('/auth/session')).json();
    expect(session.user.phone).toBe('+15125550147');
  });

  it("keeps the phone number from Thumbtack's users/self when there is no id_token", async () => {
    h.close();
    h = createHarness({
      env: { THUMBTACK_SCOPES: 'supply::businesses.list supply::users.read offline_access' },
    });
    const browser = h.browser();
    await signIn(h, browser);
    const session = await (await browser.request('/auth/session')).json();
    expect(session.user).toMatchObject({ name: 'Maya Ortiz', phone: '+15125550147' });
  });
});
