import { describe, expect, it } from 'vitest';
import { type Harness, openSessionCookie, signedInHarness } from '../support/console-harness.ts';
import { recordOutbound } from './proxy/proxy-support.ts';

let h: Harness;

const refreshCalls = () => h.fake.control.stats().token.refresh_token;
const HOUR = 3600_000;

async function signedIn(env: Record<string, string> = {}) {
  const ctx = await signedInHarness(env);
  h = ctx.h;
  return ctx.browser;
}

describe('refresh', () => {
  it('refreshes pre-emptively within 60 s of expiry and stores the rotated refresh token', async () => {
    const browser = await signedIn();
    const before = await openSessionCookie(browser);
    h.advance(HOUR - 50_000);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    expect(refreshCalls()).toBe(1);
    const after = await openSessionCookie(browser);
    expect(after?.refreshToken).toBeDefined();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.sid).toBe(before?.sid);
  });

  it('does not refresh while the access token has more than a minute left', async () => {
    const browser = await signedIn();
    h.advance(HOUR - 120_000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    expect(refreshCalls()).toBe(0);
  });

  it('serves 50 parallel calls with an expired access token with exactly one refresh', async () => {
    const browser = await signedIn();
    h.advance(HOUR + 1000);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => browser.request('/api/v4/businesses')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(refreshCalls()).toBe(1);
  });

  it('serves a replayed pre-refresh cookie inside the reuse window with no new token request', async () => {
    const browser = await signedIn();
    const stale = browser.cookies.get('__Host-tt-session') as string;
    h.advance(HOUR + 1000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    expect(refreshCalls()).toBe(1);
    h.advance(30_000);
    const replay = h.browser();
    replay.cookies.set('__Host-tt-session', stale);
    expect((await replay.request('/api/v4/businesses')).status).toBe(200);
    expect(refreshCalls()).toBe(1);
    // The replaying browser is handed the rotated tokens too.
    expect((await openSessionCookie(replay))?.refreshToken).toBe(
      (await openSessionCookie(browser))?.refreshToken,
    );
  });

  it('never presents a rotated refresh token again after the window: that is reuse, and Thumbtack ends the grant', async () => {
    const browser = await signedIn();
    const stale = browser.cookies.get('__Host-tt-session') as string;
    h.advance(HOUR + 1000);
    await browser.request('/api/v4/businesses');
    h.advance(61_000);
    const replay = h.browser();
    replay.cookies.set('__Host-tt-session', stale);
    const res = await replay.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(refreshCalls()).toBe(2);
  });

  it('ends the session on invalid_grant: 401 session_expired, cookie cleared, /auth/session agrees', async () => {
    const browser = await signedIn();
    h.fake.control.revokeRefreshTokens();
    h.advance(HOUR + 1000);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(res.headers.getSetCookie()).toContain(
      '__Host-tt-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
  });

  it('makes /auth/session and the API agree when the grant was revoked before any API call', async () => {
    const browser = await signedIn();
    h.fake.control.revokeRefreshTokens();
    h.advance(HOUR + 1000);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
    expect((await browser.request('/api/v4/businesses')).status).toBe(401);
  });

  it.each([
    ['503', { status: 503, times: 1 }],
    ['500', { status: 500, times: 1 }],
    ['429', { status: 429, times: 1 }],
  ])(
    'keeps the session through a transient %s from the token endpoint: 503 + Retry-After, then recovers',
    async (_, fault) => {
      const browser = await signedIn();
      h.advance(HOUR + 1000);
      h.fake.control.setFaults({ token: fault });
      const res = await browser.request('/api/v4/businesses');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await res.json()).error.code).toBe('token_refresh_unavailable');
      expect(res.headers.getSetCookie().some((c) => c.includes('Max-Age=0'))).toBe(false);
      expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    },
  );

  it('keeps the session when Thumbtack cannot be reached at all', async () => {
    const browser = await signedIn();
    h.advance(HOUR + 1000);
    const { http, HttpResponse } = await import('msw');
    h.server.use(http.post(h.config.thumbtack.tokenUrl, () => HttpResponse.error()));
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(503);
    h.server.resetHandlers();
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
  });

  it('ends a session with no refresh token (no offline_access) cleanly when its access token expires', async () => {
    const browser = await signedIn({
      THUMBTACK_SCOPES: 'supply::businesses.list supply::users.read openid profile',
    });
    expect((await openSessionCookie(browser))?.refreshToken).toBeUndefined();
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    h.advance(HOUR + 1000);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(refreshCalls()).toBe(0);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
  });

  it('refreshes once and retries once when Thumbtack answers 401 to a token we thought valid', async () => {
    const browser = await signedIn();
    h.fake.control.expireAccessTokens();
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    expect(refreshCalls()).toBe(1);
    expect(h.fake.control.stats().api).toBe(2);
  });

  it("reads Thumbtack's token rules strictly: a refresh names the audience and the session's granted scopes", async () => {
    const browser = await signedIn();
    const granted = (await openSessionCookie(browser))?.scopes ?? [];
    const outbound = recordOutbound(h);
    h.advance(HOUR + 1000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    const refreshes = outbound.filter((o) => o.url === h.config.thumbtack.tokenUrl);
    expect(refreshes).toHaveLength(1);
    await new Promise((done) => setTimeout(done, 0));
    const form = new URLSearchParams(refreshes[0]?.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('audience')).toBe('urn:partner-api');
    expect(form.get('scope')?.split(' ').sort()).toEqual([...granted].sort());
    expect(granted.length).toBeGreaterThan(0);
  });
});
