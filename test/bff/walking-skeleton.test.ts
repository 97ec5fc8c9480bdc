import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, signIn } from '../support/console-harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

describe('walking skeleton: browser -> BFF -> fake Thumbtack -> sealed session -> proxied call', () => {
  it('answers /healthz', async () => {
    const res = await h.browser().request('/healthz');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('starts signed out', async () => {
    const res = await h.browser().request('/auth/session');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ authenticated: false });
  });

  it('signs a pro in and shows their two businesses through the proxy', async () => {
    const browser = h.browser();
    const callback = await signIn(h, browser, { returnTo: '/businesses' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/businesses');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer');

    const session = await (await browser.request('/auth/session')).json();
    expect(session).toMatchObject({ authenticated: true, side: 'supply', user: { id: expect.any(String) } });
    expect(session.user.name.length).toBeGreaterThan(0);
    expect(session.scopes).toContain('supply::businesses.list');
    expect(Date.parse(session.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(session.sessionExpiresAt)).toBeGreaterThan(Date.parse(session.accessTokenExpiresAt));

    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toHaveLength(2);
    for (const business of body.data) {
      expect(business.businessID).toMatch(/^\d+$/);
      expect(business.name.length).toBeGreaterThan(0);
    }
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('keeps the session in one sealed __Host- cookie: HttpOnly, Secure, SameSite=Strict', async () => {
    const browser = h.browser();
    const callback = await signIn(h, browser);
    const sessionCookie = callback.headers.getSetCookie().find((c) => c.startsWith('__Host-tt-session='));
    expect(sessionCookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(sessionCookie).not.toMatch(/Domain=/i);
    expect(sessionCookie).toMatch(/^__Host-tt-session=eyJ[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+;/); // JWE, dir: empty key part
  });

  it.each([
    ['GET', '/auth/session'],
    ['GET', '/api/v4/businesses'],
    ['POST', '/auth/logout'],
  ])('refuses %s %s without X-CSRF: 1, in the error shape', async (method, path) => {
    const browser = h.browser();
    await signIn(h, browser);
    const res = await browser.request(path, { method, csrf: false });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body).toEqual({
      error: { code: 'csrf_rejected', message: expect.any(String), requestId: expect.any(String) },
    });
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('signs out: cookie cleared, session gone, API says 401', async () => {
    const browser = h.browser();
    await signIn(h, browser);
    const res = await browser.request('/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toContain(
      '__Host-tt-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
    const api = await browser.request('/api/v4/businesses');
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toBe('not_authenticated');
  });

  it('never lets an access, refresh or id token reach the browser during the journey', async () => {
    const issued: string[] = [];
    h.server.events.on('response:mocked', async ({ request, response }) => {
      if (!request.url.endsWith('/oauth2/token')) return;
      const body = await response.clone().json();
      for (const key of ['access_token', 'refresh_token', 'id_token']) if (body[key]) issued.push(body[key]);
    });
    const browser = h.browser();
    await signIn(h, browser);
    await browser.request('/auth/session');
    await browser.request('/api/v4/businesses');
    await browser.request('/api/v4/users/self');
    await browser.request('/auth/logout', { method: 'POST' });
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const seen = browser.everythingSeen();
    const logs = h.logs.join('\n');
    for (const token of issued) {
      expect(seen.includes(token)).toBe(false);
      expect(logs.includes(token)).toBe(false);
      // Not even a recognisable piece of one.
      expect(seen.includes(token.slice(-24))).toBe(false);
    }
  });
});
