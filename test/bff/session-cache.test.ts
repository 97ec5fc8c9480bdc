import { describe, expect, it } from 'vitest';
import { createKeyRing, OpenedCache, seal, unseal } from '../../bff/session/seal.ts';
import { createHarness, signIn } from '../support/console-harness.ts';

// Opened cookies are remembered by their exact sealed text (bff/session/seal.ts): a browser sends the
// same cookie with every request, and AES-GCM authenticates every byte, so the same text always opens
// to the same session. What must not change: the session's own rules still apply on every request.

const SECRET = 'session-cache-test-secret-0123456789abcdef';
const HOUR = 3600_000;

describe('a cached session', () => {
  it('still ends on time: idle timeout', async () => {
    const h = createHarness({
      env: { SESSION_IDLE_TIMEOUT_SECONDS: '600', SESSION_ABSOLUTE_LIFETIME_SECONDS: '3600' },
    });
    const browser = h.browser();
    await signIn(h, browser);
    // Opened once: from here on the same cookie text is served from the cache.
    expect((await (await browser.request('/auth/session')).json()).authenticated).toBe(true);
    h.advance(601_000);
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
  });

  it('still ends on time: absolute lifetime, however active', async () => {
    const h = createHarness({
      env: { SESSION_IDLE_TIMEOUT_SECONDS: '3600', SESSION_ABSOLUTE_LIFETIME_SECONDS: '7200' },
    });
    const browser = h.browser();
    await signIn(h, browser);
    // Keep it busy: a request every 50 minutes, each served from the cache or a re-sealed cookie.
    for (let i = 0; i < 2; i++) {
      h.advance(50 * 60_000);
      expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    }
    h.advance(21 * 60_000);
    expect(await (await browser.request('/auth/session')).json()).toEqual({ authenticated: false });
  });

  it('is refused after logout though its text is cached', async () => {
    const h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    const copy = h.browser();
    for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
    expect((await copy.request('/api/v4/businesses')).status).toBe(200);
    await browser.request('/auth/logout', { method: 'POST' });
    expect((await copy.request('/api/v4/businesses')).status).toBe(401);
  });

  it('refreshes when its access token runs out, cache or no cache', async () => {
    const h = createHarness();
    const browser = h.browser();
    await signIn(h, browser);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    h.advance(HOUR);
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    expect(h.fake.control.stats().token.refresh_token).toBe(1);
  });
});

describe('the opened-value cache', () => {
  it('serves the same text from memory, and never a different text', async () => {
    const ring = await createKeyRing([SECRET]);
    const sealed = await seal(ring, 'cookie', { n: 1 });
    const first = await unseal(ring, 'cookie', sealed);
    expect(ring.opened.size).toBe(1);
    expect(await unseal(ring, 'cookie', sealed)).toBe(first);
    // One character off is a different text: decrypted (and refused), never served from the cache.
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    expect(await unseal(ring, 'cookie', flipped)).toBeUndefined();
    expect(ring.opened.size).toBe(1);
  });

  it('binds the cookie name in the cache too', async () => {
    const ring = await createKeyRing([SECRET]);
    const sealed = await seal(ring, 'login', { n: 1 });
    expect(await unseal(ring, 'login', sealed)).toBeDefined();
    expect(await unseal(ring, 'session', sealed)).toBeUndefined();
  });

  it('hands out frozen payloads, so no request can change what the next one sees', async () => {
    const ring = await createKeyRing([SECRET]);
    const sealed = await seal(ring, 'cookie', { user: { name: 'Maya' } });
    const opened = await unseal<{ user: { name: string } }>(ring, 'cookie', sealed);
    expect(Object.isFrozen(opened?.payload)).toBe(true);
    expect(Object.isFrozen(opened?.payload.user)).toBe(true);
  });

  it('keeps at most its capacity, dropping the oldest addition', () => {
    const cache = new OpenedCache(2);
    const opened = (n: number) => ({ payload: n, stale: false });
    cache.set('c', 'a', opened(1));
    cache.set('c', 'b', opened(2));
    expect(cache.get('c', 'a')).toEqual(opened(1));
    cache.set('c', 'c', opened(3));
    expect(cache.size).toBe(2);
    expect(cache.get('c', 'a')).toBeUndefined();
    expect(cache.get('c', 'b')).toEqual(opened(2));
    expect(cache.get('c', 'c')).toEqual(opened(3));
  });
});
