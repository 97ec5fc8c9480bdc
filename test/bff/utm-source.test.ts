import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/console-harness.ts';

let h: Harness;

describe("the partner's utm_source", () => {
  it('is added to marketplace query calls from config, and the browser cannot set it', async () => {
    h = createHarness({ env: { MOCK_SIDE: 'demand', THUMBTACK_UTM_SOURCE: 'cma-acme-console' } });
    const seen: string[] = [];
    h.server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/categories/')) seen.push(request.url);
    });
    const browser = h.browser();
    const ok = await browser.request('/api/v4/categories/recommendations?zipCode=78704&limit=3');
    expect(ok.status).toBe(200);
    expect(new URL(seen[0] as string).searchParams.get('utmData[utm_source]')).toBe('cma-acme-console');
    const forged = await browser.request(
      '/api/v4/categories/recommendations?zipCode=78704&utmData%5Butm_source%5D=cma-evil',
    );
    expect(forged.status).toBe(400);
  });

  it('is set in marketplace JSON bodies, replacing whatever the browser sent', async () => {
    h = createHarness({ env: { MOCK_SIDE: 'demand', THUMBTACK_UTM_SOURCE: 'cma-acme-console' } });
    const bodies: unknown[] = [];
    h.server.events.on('request:start', async ({ request }) => {
      if (request.url.endsWith('/businesses/search')) bodies.push(await request.clone().json());
    });
    const res = await h.browser().request('/api/v4/businesses/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        searchQuery: 'handyman',
        zipCode: '78704',
        utmData: { utm_source: 'cma-evil' },
      }),
    });
    expect(res.status).toBe(200);
    expect(bodies[0]).toMatchObject({ utmData: { utm_source: 'cma-acme-console' }, searchQuery: 'handyman' });
  });

  it('refuses a body that is JSON but not an object where utm_source must go', async () => {
    h = createHarness({ env: { MOCK_SIDE: 'demand' } });
    const res = await h.browser().request('/api/v4/businesses/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[1,2]',
    });
    expect(res.status).toBe(400);
    expect(h.fake.control.stats().api).toBe(0);
  });
});
