import { describe, expect, it } from 'vitest';
import { createHarness, signIn } from '../../support/console-harness.ts';
import type { TestBrowser } from '../../support/test-browser.ts';
import { errorOf } from './proxy-support.ts';

// Rate limits on /auth/login and /auth/callback (docs/architecture.md, "The BFF's HTTP interface"): per client IP, the IP
// taken only from a configured trusted proxy header, 429 with Retry-After.

function harness(env: Record<string, string> = {}) {
  return createHarness({ env: { AUTH_RATE_LIMIT: '3', ...env } });
}

const login = (browser: TestBrowser, headers: Record<string, string> = {}) =>
  browser.request('/auth/login?returnTo=/', { csrf: false, headers });
const callback = (browser: TestBrowser, headers: Record<string, string> = {}) =>
  browser.request('/auth/callback?code=x&state=unknown-state', {
    csrf: false,
    headers: { Accept: 'text/html', ...headers },
  });

async function expect429(res: Response) {
  expect(res.status).toBe(429);
  expect((await errorOf(res)).code).toBe('rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('auth rate limits', () => {
  it('lets AUTH_RATE_LIMIT logins through, then answers 429 with Retry-After', async () => {
    const h = harness();
    const browser = h.browser();
    for (let i = 0; i < 3; i++) expect((await login(browser)).status).toBe(302);
    await expect429(await login(browser));
    // No transaction cookie was set by the refused attempt.
    expect(browser.responses.at(-1)?.headers.some(([k]) => k === 'set-cookie')).toBe(false);
  });

  it('limits /auth/callback too, before any token request', async () => {
    const h = harness();
    const browser = h.browser();
    for (let i = 0; i < 3; i++) expect((await callback(browser)).status).toBe(400);
    await expect429(await callback(browser));
    expect(h.fake.control.stats().token.authorization_code).toBe(0);
  });

  it('counts logins and callbacks in one budget', async () => {
    const h = harness();
    const browser = h.browser();
    await login(browser);
    await callback(browser);
    await login(browser);
    await expect429(await callback(browser));
  });

  it('opens again when the minute has passed', async () => {
    const h = harness();
    const browser = h.browser();
    for (let i = 0; i < 3; i++) await login(browser);
    await expect429(await login(browser));
    h.advance(61_000);
    expect((await login(browser)).status).toBe(302);
  });

  it('does not limit the other auth routes, the health check or the API with the auth budget', async () => {
    const h = harness({ AUTH_RATE_LIMIT: '2' });
    const browser = h.browser();
    // A whole sign-in is a login and a callback: exactly the budget.
    expect((await signIn(h, browser)).status).toBe(302);
    for (let i = 0; i < 5; i++) {
      expect((await browser.request('/auth/session')).status).toBe(200);
      expect((await browser.request('/healthz')).status).toBe(200);
      expect((await browser.request('/api/v4/businesses')).status).toBe(200);
    }
    await expect429(await login(browser));
  });

  it('ignores X-Forwarded-For and friends without a configured trusted header', async () => {
    const h = harness();
    const browser = h.browser();
    for (let i = 0; i < 3; i++) await login(browser, { 'X-Forwarded-For': `198.51.100.${i}` });
    for (const ip of ['203.0.113.1', '203.0.113.2, 10.0.0.1']) {
      await expect429(
        await login(browser, {
          'X-Forwarded-For': ip,
          'X-Real-IP': ip,
          'CF-Connecting-IP': ip,
          'True-Client-IP': ip,
        }),
      );
    }
  });

  it('honours the configured trusted header, by its last entry only', async () => {
    const h = harness({ TRUSTED_PROXY_HEADER: 'X-Forwarded-For' });
    const browser = h.browser();
    const as = (spoof: string, real: string) => ({ 'X-Forwarded-For': `${spoof}, ${real}` });
    for (let i = 0; i < 3; i++)
      expect((await login(browser, as(`10.0.0.${i}`, '192.0.2.10'))).status).toBe(302);
    // Changing the client-written part does not help...
    await expect429(await login(browser, as('10.9.9.9', '192.0.2.10')));
    await expect429(await callback(browser, as('10.9.9.8', '192.0.2.10')));
    // ...while another client seen by our proxy has its own budget.
    expect((await login(browser, as('10.0.0.1', '192.0.2.11'))).status).toBe(302);
    expect((await login(browser, { 'X-Forwarded-For': '192.0.2.12' })).status).toBe(302);
  });

  it('honours only the configured header, not another one', async () => {
    const h = harness({ TRUSTED_PROXY_HEADER: 'cf-connecting-ip' });
    const browser = h.browser();
    for (let i = 0; i < 3; i++) {
      await login(browser, { 'CF-Connecting-IP': '192.0.2.50', 'X-Forwarded-For': `10.0.0.${i}` });
    }
    await expect429(
      await login(browser, { 'CF-Connecting-IP': '192.0.2.50', 'X-Forwarded-For': '10.1.1.1' }),
    );
    expect((await login(browser, { 'CF-Connecting-IP': '192.0.2.51' })).status).toBe(302);
  });
});
