import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../bff/config.ts';
import { startNodeServer } from '../../bff/node.ts';
import { freePort } from '../support/free-port.ts';

let dir: string;
let server: ReturnType<typeof startNodeServer>;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shell</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    PORT: String(port),
    PUBLIC_ORIGIN: `http://localhost:${port}`,
    SESSION_SECRETS: 'node-server-test-secret-0123456789abcdef',
    LOG_LEVEL: 'error',
  });
  server = startNodeServer(config, { staticDir: dir, hosts: ['127.0.0.1'] });
  await server.listening;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Node server', () => {
  it.each(['/', '/login', '/businesses/123/leads', '/account?x=1'])(
    'serves the SPA shell for the deep link %s',
    async (path) => {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>shell</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    },
  );

  it('serves hashed assets as immutable', async () => {
    const res = await fetch(`${base}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing asset with a 404 in the error shape, not the shell', async () => {
    const res = await fetch(`${base}/assets/missing.js`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('keeps /api and /auth for the BFF', async () => {
    const res = await fetch(`${base}/api/v4/nothing`, { headers: { 'X-CSRF': '1' } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('route_not_allowed');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("does not serve the edge platform's files of the build", async () => {
    writeFileSync(join(dir, '_headers'), '/*\n  X-Frame-Options: DENY\n');
    const res = await fetch(`${base}/_headers`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it.each([
    ['an unknown path under /auth', '/auth/nowhere', 'GET'],
    ['a method a route does not take', '/healthz', 'POST'],
  ])('answers %s with the JSON error shape', async (_, path, method) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'X-CSRF': '1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()).error.code).toBe('not_found');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('does not serve files outside the build', async () => {
    const res = await fetch(`${base}/..%2F..%2Fetc%2Fpasswd`);
    expect(await res.text()).not.toContain('root:');
  });
});
