import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { basicCredentials } from '../../bff/oauth/token-request.ts';
import {
  createHarness,
  type Harness,
  openSessionCookie,
  signedInHarness,
  signIn,
} from '../support/console-harness.ts';
import type { TestBrowser } from '../support/test-browser.ts';

let h: Harness;

async function signedIn(env: Record<string, string> = {}) {
  const ctx = await signedInHarness(env);
  h = ctx.h;
  return ctx.browser;
}

/** Presents a refresh token to the fake's token endpoint directly, as a thief holding it would. */
async function tryRefresh(refreshToken: string) {
  const res = await fetch(h.config.thumbtack.tokenUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${basicCredentials(h.config.clientId, h.config.clientSecret)}`,
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      audience: 'urn:partner-api',
    }),
  });
  return { status: res.status, body: await res.json() };
}

const CLEARED = '__Host-tt-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict';
const signedInNow = async (b: TestBrowser) => (await (await b.request('/auth/session')).json()).authenticated;

describe('logout', () => {
  it('revokes the refresh token at Thumbtack and clears the cookie', async () => {
    const browser = await signedIn();
    const refreshToken = (await openSessionCookie(browser))?.refreshToken as string;
    const res = await browser.request('/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toContain(CLEARED);
    const attempt = await tryRefresh(refreshToken);
    expect(attempt.status).toBe(400);
    expect(attempt.body.error).toBe('invalid_grant');
  });

  it('still logs out locally when revocation fails', async () => {
    const browser = await signedIn();
    h.server.use(http.post(h.config.thumbtack.revokeUrl as string, () => HttpResponse.error()));
    const res = await browser.request('/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toContain(CLEARED);
    expect(await signedInNow(browser)).toBe(false);
    expect(h.logs.some((l) => l.includes('revocation failed'))).toBe(true);
  });

  it('is idempotent: a second logout, or one with no session, is a 204 too', async () => {
    const browser = await signedIn();
    expect((await browser.request('/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await browser.request('/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('clears login transactions in flight as well', async () => {
    const browser = await signedIn();
    await browser.request('/auth/login', { csrf: false });
    const res = await browser.request('/auth/logout', { method: 'POST' });
    expect(
      res.headers.getSetCookie().some((c) => /^__Host-tt-login-[\w-]+=; Max-Age=0;.*SameSite=Lax$/.test(c)),
    ).toBe(true);
  });

  it('does nothing when asked by GET (an <img> on any page could ask)', async () => {
    const browser = await signedIn();
    const res = await browser.request('/auth/logout');
    expect(res.status).toBe(405);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await signedInNow(browser)).toBe(true);
  });

  it.each([
    ['another origin', { Origin: 'https://evil.example' }],
    ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
  ])('does nothing when asked from %s', async (_, headers) => {
    const browser = await signedIn();
    const res = await browser.request('/auth/logout', { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect(await signedInNow(browser)).toBe(true);
  });
});

describe('disconnect', () => {
  it("calls Thumbtack's disconnect, which ends the grant, then logs out", async () => {
    const browser = await signedIn();
    const session = await openSessionCookie(browser);
    const apiBefore = h.fake.control.stats().api;
    const res = await browser.request('/auth/disconnect', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(h.fake.control.stats().api).toBe(apiBefore + 1);
    expect(res.headers.getSetCookie()).toContain(CLEARED);
    expect((await tryRefresh(session?.refreshToken as string)).status).toBe(400);
    expect(await signedInNow(browser)).toBe(false);
  });

  it('keeps the session when Thumbtack cannot disconnect, so the person can retry', async () => {
    const browser = await signedIn();
    h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    const res = await browser.request('/auth/disconnect', { method: 'POST' });
    expect(res.status).toBe(502);
    expect((await res.json()).error.code).toBe('thumbtack_error');
    expect(await signedInNow(browser)).toBe(true);
    expect((await browser.request('/auth/disconnect', { method: 'POST' })).status).toBe(204);
  });

  it('needs a session', async () => {
    h = createHarness();
    const res = await h.browser().request('/auth/disconnect', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('who signed in', () => {
  it('comes from the verified id_token when openid is granted', async () => {
    const browser = await signedIn();
    const s = await (await browser.request('/auth/session')).json();
    expect(s.user).toMatchObject({ name: 'Maya Ortiz', email: 'maya.ortiz@example.com' });
  });

  it("comes from Thumbtack's users/self without openid", async () => {
    const browser = await signedIn({
      THUMBTACK_SCOPES: 'supply::businesses.list supply::users.read offline_access',
    });
    const s = await (await browser.request('/auth/session')).json();
    expect(s.user).toMatchObject({ name: 'Maya Ortiz' });
    expect(s.scopes).not.toContain('openid');
  });

  it('refuses the login when the id_token does not come from the configured issuer', async () => {
    h = createHarness({ env: { THUMBTACK_ISSUER: 'https://auth.thumbtack.com/' } });
    const browser = h.browser();
    const res = await signIn(h, browser);
    expect(res.headers.get('location')).toBe('/login?error=login_failed');
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
    expect(h.logs.some((l) => l.includes('wrong issuer'))).toBe(true);
  });

  it("refuses an id_token whose signature does not match the issuer's keys", async () => {
    h = createHarness();
    const browser = h.browser();
    const { generateKeyPair, exportJWK } = await import('jose');
    const stranger = await exportJWK((await generateKeyPair('RS256')).publicKey);
    // The issuer's published keys are replaced by a stranger's: every signature now fails.
    h.server.use(
      http.get(h.config.thumbtack.jwksUrl as string, () =>
        HttpResponse.json({ keys: [{ ...stranger, alg: 'RS256', use: 'sig' }] }),
      ),
    );
    const res = await signIn(h, browser);
    expect(res.headers.get('location')).toBe('/login?error=login_failed');
    expect(browser.cookies.has('__Host-tt-session')).toBe(false);
  });
});
