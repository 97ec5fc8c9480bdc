import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { startWorker } from '../support/workerd.ts';

// The same handlers inside workerd (via Miniflare): bundled for the worker platform, no node:* APIs.

const ORIGIN = 'http://fake.localhost';
let worker: Awaited<ReturnType<typeof startWorker>>;
let mf: Miniflare;

beforeAll(async () => {
  worker = await startWorker('test/fake/fixtures/fake-worker.ts');
  mf = worker.mf;
}, 60_000);

afterAll(() => worker?.close());

describe('the fake in workerd', () => {
  it('issues a client-credentials token (RS256 via Web Crypto) and serves the API with it', async () => {
    const token = await mf.dispatchFetch(`${ORIGIN}/__thumbtack/auth/oauth2/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${btoa(`${DEMO_CLIENTS.demand.id}:${DEMO_CLIENTS.demand.secret}`)}`,
      },
      body: 'grant_type=client_credentials&audience=urn%3Apartner-api&scope=demand%3A%3Akeywords.read',
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const keywords = await mf.dispatchFetch(
      `${ORIGIN}/__thumbtack/api/api/v4/keywords/search?searchQuery=clean`,
      {
        headers: { Authorization: `Bearer ${access_token}` },
      },
    );
    expect(keywords.status).toBe(200);
    expect(((await keywords.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    const stats = await mf.dispatchFetch(`${ORIGIN}/__thumbtack/control/stats`);
    expect(await stats.json()).toEqual({
      token: { authorization_code: 0, refresh_token: 0, client_credentials: 1 },
      api: 1,
    });
  });

  it('renders the consent page', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENTS.supply.id,
      redirect_uri: 'http://localhost:3000/auth/callback',
      scope: 'supply::users.read',
      state: 'workerd-state',
      audience: 'urn:partner-api',
    });
    const page = await mf.dispatchFetch(`${ORIGIN}/__thumbtack/auth/oauth2/auth?${query}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Demo Supply Partner');
  });
});
