import { describe, expect, it } from 'vitest';
import { TokenRefresher } from '../../bff/oauth/token-refresher.ts';
import type { TokenEndpoint } from '../../bff/oauth/token-request.ts';
import { EndedSessions } from '../../bff/session/ended-sessions.ts';
import { type Harness, signedInHarness, signIn } from '../support/console-harness.ts';
import type { TestBrowser } from '../support/test-browser.ts';

// A copy of the session cookie taken before logout (a stolen cookie, a second tab's stale copy) must
// not keep working where the BFF can tell, and the screen (/auth/session) and the API (the proxy) must
// always give the same answer about it.

let h: Harness;

const HOUR = 3600_000;

async function signedIn(env: Record<string, string> = {}) {
  const ctx = await signedInHarness(env);
  h = ctx.h;
  return ctx.browser;
}

/** A second browser holding a copy of `browser`'s cookies as they are now. */
function copyOf(browser: TestBrowser): TestBrowser {
  const copy = h.browser();
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
  return copy;
}

async function verdicts(browser: TestBrowser) {
  const session = (await (await browser.request('/auth/session')).json()) as { authenticated: boolean };
  const api = await browser.request('/api/v4/businesses');
  return { session: session.authenticated, api: api.status };
}

describe('a cookie copied before logout (cookie store)', () => {
  it('is refused by /auth/session and the proxy alike, with no call to Thumbtack', async () => {
    const browser = await signedIn();
    const stolen = copyOf(browser);
    expect(await verdicts(stolen)).toEqual({ session: true, api: 200 });
    expect((await browser.request('/auth/logout', { method: 'POST' })).status).toBe(204);
    const apiCallsBefore = h.fake.control.stats().api;
    expect(await verdicts(stolen)).toEqual({ session: false, api: 401 });
    expect(h.fake.control.stats().api).toBe(apiCallsBefore);
  });

  it('is refused even when it needs a refresh, and no token request is made for it', async () => {
    const browser = await signedIn();
    const stolen = copyOf(browser);
    await browser.request('/auth/logout', { method: 'POST' });
    h.advance(HOUR + 1000);
    const tokenCallsBefore = h.fake.control.stats().token.refresh_token;
    expect(await verdicts(stolen)).toEqual({ session: false, api: 401 });
    expect(h.fake.control.stats().token.refresh_token).toBe(tokenCallsBefore);
  });

  it('is refused when the copy was taken before a refresh that happened just before logout', async () => {
    const browser = await signedIn();
    const stolen = copyOf(browser);
    h.advance(HOUR + 1000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    await browser.request('/auth/logout', { method: 'POST' });
    // Inside Thumbtack's reuse window the remembered rotation would have served the old cookie.
    h.advance(10_000);
    expect(await verdicts(stolen)).toEqual({ session: false, api: 401 });
  });

  it('agrees after the proxy found the grant dead: /auth/session says signed out for every copy', async () => {
    const browser = await signedIn();
    const copy = copyOf(browser);
    h.fake.control.revokeRefreshTokens();
    h.fake.control.expireAccessTokens();
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(await verdicts(copy)).toEqual({ session: false, api: 401 });
  });

  it('does not touch other people: their sessions keep working', async () => {
    const browser = await signedIn();
    const other = h.browser();
    await signIn(h, other);
    await browser.request('/auth/logout', { method: 'POST' });
    expect(await verdicts(other)).toEqual({ session: true, api: 200 });
  });
});

describe('EndedSessions', () => {
  it('remembers an ended session until it would have expired, then forgets it', () => {
    const ended = new EndedSessions();
    ended.add('sid-1', 1000, 100);
    expect(ended.has('sid-1', 999)).toBe(true);
    expect(ended.has('sid-1', 1000)).toBe(false);
    expect(ended.has('sid-2', 100)).toBe(false);
  });

  it('stays within its capacity, dropping expired entries first, then the oldest', () => {
    const ended = new EndedSessions(3);
    ended.add('expired', 150, 100);
    ended.add('a', 1000, 100);
    ended.add('b', 1000, 100);
    ended.add('c', 1000, 200);
    expect(ended.size).toBe(3);
    expect(ended.has('a', 200)).toBe(true);
    ended.add('d', 1000, 200);
    expect(ended.size).toBe(3);
    expect(ended.has('a', 200)).toBe(false);
    expect(ended.has('d', 200)).toBe(true);
  });
});

describe('TokenRefresher.forget', () => {
  it('drops the remembered rotation from and to a refresh token, so the next use asks Thumbtack', async () => {
    let calls = 0;
    const endpoint: TokenEndpoint = {
      tokenUrl: 'https://auth.example/oauth2/token',
      clientId: 'id',
      clientSecret: 'secret',
      userAgent: 'test',
      timeoutMs: 1000,
      fetch: async () => {
        calls += 1;
        return Response.json({
          access_token: `access-${calls}`,
          token_type: 'bearer',
          expires_in: 3600,
          refresh_token: `refresh-${calls}`,
        });
      },
    };
    const refresher = new TokenRefresher(endpoint, () => 1000);
    const first = await refresher.refresh('refresh-0', ['a']);
    await refresher.refresh('refresh-0', ['a']);
    expect(calls).toBe(1);
    refresher.forget(first.refreshToken as string);
    await refresher.refresh('refresh-0', ['a']);
    expect(calls).toBe(2);
  });
});
