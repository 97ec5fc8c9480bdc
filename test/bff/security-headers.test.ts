import { describe, expect, it } from 'vitest';
import { createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';

const SECRET = 'security-headers-test-secret-0123456789abcdef';

function app(origin: string) {
  const env = origin.startsWith('https')
    ? {
        THUMBTACK_ENV: 'production',
        THUMBTACK_CLIENT_ID: 'c',
        THUMBTACK_CLIENT_SECRET: 's',
        THUMBTACK_SCOPES: 'supply::businesses.list',
        SESSION_SECRETS: SECRET,
        PUBLIC_ORIGIN: origin,
      }
    : { PUBLIC_ORIGIN: origin, SESSION_SECRETS: SECRET };
  return createApp(parseConfig(env), { logSink: () => {} });
}

describe('security headers', () => {
  it.each(['/healthz', '/auth/session', '/api/v4/businesses', '/nowhere'])(
    'are on every response: %s',
    async (path) => {
      const res = await app('http://localhost').request(`http://localhost${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBeTruthy();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('adds HSTS on https', async () => {
    const res = await app('https://console.example.com').request('https://console.example.com/healthz');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('answers unknown paths in the error shape, with no stack', async () => {
    const res = await app('http://localhost').request('http://localhost/nowhere');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
