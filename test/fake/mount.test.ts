import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createFakeThumbtack, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { mountFakeThumbtack } from '../mocks/thumbtack/mount.ts';

// Mounted mode: the same handlers answering plain Requests (no interception), on base URLs with a path
// as mocked-network mode uses them, and the standalone server of `npm run fake`.

const ORIGIN = 'http://localhost:3000';
const fake = createFakeThumbtack({
  authBase: `${ORIGIN}/__thumbtack/auth`,
  apiBase: `${ORIGIN}/__thumbtack/api`,
  controlBase: `${ORIGIN}/__thumbtack/control`,
  redirectUris: ['http://localhost:3000/custom/callback'],
});
const mount = mountFakeThumbtack(fake);

async function answer(url: string, init?: RequestInit): Promise<Response> {
  const response = await mount(new Request(url, init));
  if (!response) throw new Error(`no answer for ${url}`);
  return response;
}

describe('mountFakeThumbtack', () => {
  it('answers the fake paths under an origin with path prefixes', async () => {
    const doc = (await (
      await answer(`${ORIGIN}/__thumbtack/auth/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${ORIGIN}/__thumbtack/auth/`);
    expect(fake.issuer).toBe(`${ORIGIN}/__thumbtack/auth/`);
    expect(doc.authorization_endpoint).toBe(`${ORIGIN}/__thumbtack/auth/oauth2/auth`);
    expect((await answer(`${ORIGIN}/__thumbtack/api/api/v4/users/self`)).status).toBe(401);
    expect((await answer(`${ORIGIN}/__thumbtack/control/stats`)).status).toBe(200);
  });

  it("guards the control surface on the console's origin: JSON only, never from another site", async () => {
    const reset = (headers: Record<string, string>) =>
      answer(`${ORIGIN}/__thumbtack/control/reset`, { method: 'POST', headers, body: '{}' });
    // What a page elsewhere can send without a preflight: refused, and nothing is reset.
    await answer(`${ORIGIN}/__thumbtack/api/api/v4/users/self`);
    const calls = fake.control.stats().api;
    expect(calls).toBeGreaterThan(0);
    expect((await reset({ 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await reset({ 'Content-Type': 'application/json', Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(
      (await reset({ 'Content-Type': 'application/json', Origin: 'http://localhost:5173' })).status,
    ).toBe(403);
    expect(fake.control.stats().api).toBe(calls);
    // The console's own pages (same origin) and tools without an Origin may.
    expect((await reset({ 'Content-Type': 'application/json', Origin: ORIGIN })).status).toBe(200);
    expect(fake.control.stats().api).toBe(0);
    expect((await reset({ 'Content-Type': 'application/json' })).status).toBe(200);
  });

  it('resolves to undefined outside the fake so the host app can answer', async () => {
    expect(await mount(new Request(`${ORIGIN}/auth/login`))).toBeUndefined();
    expect(await mount(new Request(`${ORIGIN}/__thumbtack/other`))).toBeUndefined();
    expect(await mount(new Request('https://api.thumbtack.com/api/v4/users/self'))).toBeUndefined();
  });

  it('runs a whole login through mounted requests, with the extra redirect URI', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENTS.demand.id,
      redirect_uri: 'http://localhost:3000/custom/callback',
      scope: 'demand::users.read',
      state: 'mounted-state',
      audience: 'urn:partner-api',
    });
    const url = `${ORIGIN}/__thumbtack/auth/oauth2/auth?${query}`;
    const consented = await answer(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'account=demo-customer&decision=allow',
    });
    const code = new URL(consented.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await answer(`${ORIGIN}/__thumbtack/auth/oauth2/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${btoa(`${DEMO_CLIENTS.demand.id}:${DEMO_CLIENTS.demand.secret}`)}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:3000/custom/callback',
        audience: 'urn:partner-api',
      }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const self = await answer(`${ORIGIN}/__thumbtack/api/api/v4/users/self`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(self.status).toBe(200);
    expect(self.headers.get('set-cookie')).toContain('__cf_bm=');
  });

  it('refuses bases with a query string', () => {
    expect(() =>
      createFakeThumbtack({
        authBase: 'https://a.test?x=1',
        apiBase: 'https://b.test',
        controlBase: 'https://c.test',
      }),
    ).toThrow(TypeError);
  });
});

describe('serve.ts (npm run fake)', () => {
  it('serves the fake over HTTP with FAKE_PORT and FAKE_REDIRECT_URIS', async () => {
    const child = spawn('node_modules/.bin/tsx', ['test/mocks/thumbtack/serve.ts'], {
      env: {
        ...process.env,
        FAKE_PORT: '0',
        FAKE_ORIGIN: 'http://fake.localhost:4010',
        FAKE_REDIRECT_URIS: 'http://localhost:5173/auth/callback, https://x.example/cb',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake did not start')), 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(chunk.toString());
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        child.once('exit', (code) => reject(new Error(`fake exited with ${code}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const doc = (await (
        await fetch(`${base}/__thumbtack/auth/.well-known/openid-configuration`)
      ).json()) as { issuer: string };
      // Whatever Host the client used, the fake names itself by FAKE_ORIGIN.
      expect(doc.issuer).toBe('http://fake.localhost:4010/__thumbtack/auth/');
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: DEMO_CLIENTS.supply.id,
        redirect_uri: 'https://x.example/cb',
        scope: 'supply::users.read',
        state: 'served-state',
        audience: 'urn:partner-api',
      });
      expect((await fetch(`${base}/__thumbtack/auth/oauth2/auth?${query}`)).status).toBe(200);
      expect(await (await fetch(`${base}/__thumbtack/control/stats`)).json()).toMatchObject({ api: 0 });
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('demo pictures in mocked-network mode', () => {
  it('links API images to the local image base and serves them', async () => {
    const { createFakeThumbtack } = await import('../mocks/thumbtack/index.ts');
    const { mountFakeThumbtack } = await import('../mocks/thumbtack/mount.ts');
    const { IMAGE_CDN_PREFIX } = await import('../mocks/thumbtack/demo-images.ts');
    const origin = 'http://localhost:3000';
    const fake = createFakeThumbtack({
      authBase: `${origin}/__thumbtack/auth`,
      apiBase: `${origin}/__thumbtack/api`,
      controlBase: `${origin}/__thumbtack/control`,
      imageBase: `${origin}/__thumbtack/images`,
    });
    const mount = mountFakeThumbtack(fake);
    const token = await mount(
      new Request(`${origin}/__thumbtack/auth/oauth2/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${btoa('demo-demand-client:demo-demand-secret-not-for-production')}`,
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          audience: 'urn:partner-api',
          scope: 'demand::categories.read',
        }),
      }),
    );
    if (!token) throw new Error('the token endpoint did not answer');
    const { access_token } = (await token.json()) as { access_token: string };
    const res = await mount(
      new Request(
        `${origin}/__thumbtack/api/api/v4/categories/recommendations?zipCode=78704&limit=3&utmData%5Butm_source%5D=cma-demo`,
        {
          headers: { Authorization: `Bearer ${access_token}` },
        },
      ),
    );
    const text = (await res?.text()) ?? '';
    expect(text).toContain(`${origin}/__thumbtack/images/`);
    expect(text).not.toContain(IMAGE_CDN_PREFIX);
    const image = JSON.parse(text).data[0].imageURL as string;
    const picture = await mount(new Request(image));
    expect(picture?.headers.get('content-type')).toBe('image/svg+xml');
    expect(await picture?.text()).toContain('<svg');
  });
});
