import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../bff/session/cookie-jar.ts';
import { createKeyRing } from '../../bff/session/seal.ts';
import { sealedSessionSize } from '../../bff/session/session-cookie.ts';
import {
  createHarness,
  type Harness,
  openSessionCookie,
  signIn,
  TEST_SECRET,
} from '../support/console-harness.ts';
import { TestBrowser } from '../support/test-browser.ts';

let h: Harness;

const NEW_SECRET = 'a-brand-new-session-secret-after-rotation-0001';

describe('sealed session cookie', () => {
  it.each([
    ['tampered', (v: string) => `${v.slice(0, 60)}${v[60] === 'A' ? 'B' : 'A'}${v.slice(61)}`],
    ['truncated', (v: string) => v.slice(0, v.length - 10)],
    ['empty', () => ''],
    ['garbage', () => '%%%not-a-cookie%%%'],
    ['oversized', () => 'A'.repeat(5000)],
    ['an unsigned JWT', () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'],
  ])('treats a %s cookie as no session: 401 on the API, never 500', async (_, mangle) => {
    h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    browser.cookies.set('__Host-tt-session', mangle(browser.cookies.get('__Host-tt-session') as string));
    const api = await browser.request('/api/v4/businesses');
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toMatch(/^(not_authenticated|session_expired)$/);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
  });

  it('refuses a login-transaction cookie swapped into the session slot', async () => {
    h = createHarness();
    const browser = h.browser();
    await browser.request('/auth/login', { csrf: false });
    const [txName] = [...browser.cookies.keys()];
    browser.cookies.set('__Host-tt-session', browser.cookies.get(txName as string) as string);
    expect((await browser.request('/api/v4/businesses')).status).toBe(401);
  });

  it('keeps people signed in across a SESSION_SECRETS rotation and re-seals with the new key', async () => {
    h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    const rotated = h.instance({ SESSION_SECRETS: `${NEW_SECRET},${TEST_SECRET}` });
    const moved = new TestBrowser(rotated.app);
    for (const [k, v] of browser.cookies) moved.cookies.set(k, v);
    const res = await moved.request('/auth/session');
    expect((await res.json()).authenticated).toBe(true);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-tt-session='))).toBe(true);
    // The re-sealed cookie opens with the new key alone.
    expect(await openSessionCookie(moved, [NEW_SECRET])).toBeDefined();
  });

  it('treats a cookie sealed with a removed key as no session', async () => {
    h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    const removed = h.instance({ SESSION_SECRETS: NEW_SECRET });
    const moved = new TestBrowser(removed.app);
    for (const [k, v] of browser.cookies) moved.cookies.set(k, v);
    expect(await (await moved.request('/auth/session')).json()).toEqual({ authenticated: false });
    expect((await moved.request('/api/v4/businesses')).status).toBe(401);
  });

  it('ends a session after the idle timeout', async () => {
    h = createHarness({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '1800' } });
    const browser = h.browser();
    await signIn(h, browser);
    h.advance(1801_000);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    expect(res.headers.getSetCookie()).toContain(
      '__Host-tt-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('slides the idle timeout while the person is active', async () => {
    h = createHarness({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '1800' } });
    const browser = h.browser();
    await signIn(h, browser);
    for (let i = 0; i < 4; i++) {
      h.advance(1000_000);
      expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    }
  });

  it('ends a session at its absolute lifetime even when active', async () => {
    h = createHarness({
      env: { SESSION_IDLE_TIMEOUT_SECONDS: '3000', SESSION_ABSOLUTE_LIFETIME_SECONDS: '7200' },
    });
    const browser = h.browser();
    await signIn(h, browser);
    h.advance(2500_000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    h.advance(2500_000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    h.advance(2500_000);
    expect((await browser.request('/api/v4/businesses')).status).toBe(401);
  });

  it('states both expiry times in /auth/session', async () => {
    h = createHarness({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '1800' } });
    const browser = h.browser();
    await signIn(h, browser);
    const s = await (await browser.request('/auth/session')).json();
    const idleEnd = Date.parse(s.sessionExpiresAt) - Date.now();
    expect(idleEnd).toBeGreaterThan(1790_000);
    expect(idleEnd).toBeLessThanOrEqual(1800_000);
  });

  it('fits the largest real session (every scope) in one cookie; a padded worst case chunks', async () => {
    h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    const session = await openSessionCookie(browser);
    if (!session) throw new Error('no session');
    const cookie = browser.cookies.get('__Host-tt-session') as string;
    // The measurement, recorded in the README's session model.
    expect(cookie.length).toBeLessThan(3800);
    expect(session.scopes.length).toBe(h.config.scopes.length);
    // With a far longer name, e-mail and picture URL it needs two chunks, well within the cap.
    const ring = await createKeyRing([TEST_SECRET]);
    const padded = {
      ...session,
      user: {
        ...session.user,
        name: 'N'.repeat(200),
        email: `${'e'.repeat(200)}@example.com`,
        picture: `https://x/${'p'.repeat(300)}`,
      },
    };
    const paddedSize = await sealedSessionSize(ring, padded);
    expect(paddedSize).toBeGreaterThan(CHUNK_SIZE);
    expect(paddedSize).toBeLessThan(CHUNK_SIZE * 2);
    console.info(
      `sealed session: ${cookie.length} bytes; padded worst case: ${paddedSize} bytes in 2 chunks`,
    );
  });

  it('reads a session that arrives in chunks and writes it back in chunks', async () => {
    h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    const session = await openSessionCookie(browser);
    if (!session) throw new Error('no session');
    const { seal } = await import('../../bff/session/seal.ts');
    const big = await seal(await createKeyRing([TEST_SECRET]), '__Host-tt-session', {
      ...session,
      user: { ...session.user, name: 'N'.repeat(600) },
      lastSeenAt: session.lastSeenAt - 600,
    });
    browser.cookies.delete('__Host-tt-session');
    browser.cookies.set('__Host-tt-session.0', big.slice(0, CHUNK_SIZE));
    browser.cookies.set('__Host-tt-session.1', big.slice(CHUNK_SIZE));
    const res = await browser.request('/auth/session');
    expect((await res.json()).user.name).toBe('N'.repeat(600));
    // Touching the idle clock rewrote it; still two chunks, the unchunked name cleared.
    expect([...browser.cookies.keys()].filter((k) => k.startsWith('__Host-tt-session')).sort()).toEqual([
      '__Host-tt-session.0',
      '__Host-tt-session.1',
    ]);
  });
});
