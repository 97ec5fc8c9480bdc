import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker } from '../support/workerd.ts';

const ORIGIN = 'http://localhost';
let worker: Awaited<ReturnType<typeof startWorker>>;
let mf: Miniflare;

beforeAll(async () => {
  // With a METRICS dataset bound, as a deployment with metrics has (docs/operations.md): every request
  // below writes its data points through the platform's binding.
  worker = await startWorker(
    'test/mocks/worker.ts',
    {
      THUMBTACK_ENV: 'mock',
      PUBLIC_ORIGIN: ORIGIN,
      SESSION_SECRETS: 'edge-test-session-secret-0123456789abcdef',
    },
    { analyticsEngineDatasets: { METRICS: 'thumbtack_partner_console_test' } },
  );
  mf = worker.mf;
}, 60_000);

afterAll(() => worker?.close());

/** A browser's cookie jar over Miniflare's dispatchFetch. */
const jar = new Map<string, string>();
async function go(
  path: string,
  init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {},
) {
  const res = await mf.dispatchFetch(`${path.startsWith('http') ? '' : ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    body: init.body?.toString(),
    redirect: 'manual',
    headers: {
      ...(init.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      ...init.headers,
    },
  });
  for (const cookie of res.headers.getSetCookie()) {
    const [pair = ''] = cookie.split(';');
    const [name = '', value = ''] = pair.split('=');
    if (cookie.includes('Max-Age=0')) jar.delete(name);
    else jar.set(name, value);
  }
  return res;
}

describe('inside workerd (Miniflare)', () => {
  it('runs the BFF and the fake Thumbtack: sign in, then a proxied call', async () => {
    expect(await (await go('/healthz')).json()).toEqual({ ok: true });
    const login = await go('/auth/login?returnTo=/businesses');
    expect(login.status).toBe(302);
    const authorize = login.headers.get('location') as string;
    const consent = await go(authorize);
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('Allow');
    const decided = await go(authorize, {
      method: 'POST',
      body: new URLSearchParams({ account: 'demo-pro', decision: 'allow' }),
    });
    expect(decided.status).toBe(302);
    const callback = await go(decided.headers.get('location') as string);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/businesses');
    const session = await (await go('/auth/session', { headers: { 'X-CSRF': '1' } })).json();
    expect(session).toMatchObject({ authenticated: true, side: 'supply', user: { name: 'Maya Ortiz' } });
    const businesses = await go('/api/v4/businesses', { headers: { 'X-CSRF': '1' } });
    expect(businesses.status).toBe(200);
    expect(((await businesses.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  it('rate-limits per client address, as Cloudflare writes it in CF-Connecting-IP', async () => {
    const limited = await worker.open({
      THUMBTACK_ENV: 'mock',
      PUBLIC_ORIGIN: ORIGIN,
      SESSION_SECRETS: 'edge-test-session-secret-0123456789abcdef',
      AUTH_RATE_LIMIT: '3',
      LOG_LEVEL: 'warn',
    });
    const login = (ip: string) =>
      limited.dispatchFetch(`${ORIGIN}/auth/login`, {
        redirect: 'manual',
        headers: { 'CF-Connecting-IP': ip },
      });
    for (let i = 0; i < 3; i += 1) expect((await login('198.51.100.7')).status).toBe(302);
    expect((await login('198.51.100.7')).status).toBe(429);
    // Another person is not refused because of the first.
    expect((await login('198.51.100.8')).status).toBe(302);
  });

  it('answers a misconfigured worker with a clear 503, not a crash', async () => {
    const bad = await worker.open({ PUBLIC_ORIGIN: ORIGIN, THUMBTACK_ENV: 'production' });
    // The worker logs the configuration problems once; that line is expected here.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await bad.dispatchFetch(`${ORIGIN}/healthz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
      expect(logged.mock.calls.flat().join('\n')).toContain(
        'THUMBTACK_CLIENT_ID: required outside mock mode',
      );
    } finally {
      logged.mockRestore();
    }
  });

  it.each([
    ['the production worker with no bindings at all', 'bff/worker.ts', {}],
    ['a worker with settings but no THUMBTACK_ENV', 'bff/worker.ts', { PUBLIC_ORIGIN: ORIGIN }],
    ['the mock worker without THUMBTACK_ENV=mock', 'test/mocks/worker.ts', { PUBLIC_ORIGIN: ORIGIN }],
  ])(
    'fails closed: %s refuses to serve, never falls back to mocks',
    async (_, entry, bindings) => {
      const other = await startWorker(entry, bindings);
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        for (const path of ['/healthz', '/auth/login', '/api/v4/businesses']) {
          const res = await other.mf.dispatchFetch(`${ORIGIN}${path}`, { redirect: 'manual' });
          expect(res.status).toBe(503);
          expect(res.headers.get('location')).toBeNull();
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
        }
        // workerd's console output reaches the host asynchronously.
        await vi.waitFor(() =>
          expect(logged.mock.calls.flat().join('\n')).toContain('THUMBTACK_ENV: not set'),
        );
        const lines = logged.mock.calls
          .map((call) => call.join(' '))
          .filter((l) => l.includes('misconfigured'));
        expect(lines).toHaveLength(1);
      } finally {
        logged.mockRestore();
        await other.close();
      }
    },
    60_000,
  );
});
