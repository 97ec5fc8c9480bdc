import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { api, login, startFake } from './fake-harness.ts';

// allowLocalhostWebhooks (mocked-network mode, decision 046): webhook URLs may also be plain http to
// this machine's loopback, so a console on a developer's machine can receive deliveries. Everything
// else stays as strict as Thumbtack (https only); the strict default is checked in webhooks.test.ts.

const received: string[] = [];
const fake = startFake({
  allowLocalhostWebhooks: true,
  deliver: async (url) => {
    received.push(url);
    return new Response(null, { status: 204 });
  },
});

const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;
const LOCAL = [
  'http://localhost:3000/webhooks/thumbtack',
  'http://127.0.0.1:3000/webhooks/thumbtack',
  'http://[::1]:3000/webhooks/thumbtack',
  'http://localhost/webhooks/thumbtack',
];
const STILL_REFUSED = [
  'http://partner.example/hook',
  'http://localhost.partner.example/hook',
  'http://localhost@partner.example/hook',
  'http://user:pass@localhost:3000/hook',
  'http://127.0.0.2:3000/hook',
  'http://0.0.0.0:3000/hook',
  'ftp://localhost/hook',
  'ws://localhost:3000/hook',
  'HTTP://partner.example/hook',
  'http://',
];

function hook(webhookURL: string, events = ['NegotiationCreatedV4', 'MessageCreatedV4']) {
  return { webhookURL, eventTypes: events, enabled: true };
}

describe('allowLocalhostWebhooks', () => {
  it.each(LOCAL)('accepts a business webhook at %s and delivers to it', async (url) => {
    received.length = 0;
    const token = (await login()).access_token;
    const created = await api(token, `/businesses/${ORTIZ}/webhooks`, { method: 'POST', json: hook(url) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ webhookURL: url, businessID: ORTIZ });
    const result = await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ });
    expect(result.deliveries).toMatchObject([{ url, status: 204, ok: true }]);
    expect(received).toEqual([url]);
  });

  it.each(STILL_REFUSED)('still refuses %s (400)', async (url) => {
    const token = (await login()).access_token;
    const created = await api(token, `/businesses/${ORTIZ}/webhooks`, { method: 'POST', json: hook(url) });
    expect(created.status).toBe(400);
  });

  it('accepts https as before', async () => {
    const token = (await login()).access_token;
    const created = await api(token, `/businesses/${ORTIZ}/webhooks`, {
      method: 'POST',
      json: hook('https://partner.example/hook'),
    });
    expect(created.status).toBe(201);
  });

  it('applies to PUT: to a loopback URL and back, but not to another http host', async () => {
    const token = (await login()).access_token;
    const { webhookID } = (await (
      await api(token, `/businesses/${ORTIZ}/webhooks`, {
        method: 'POST',
        json: hook('https://partner.example/hook'),
      })
    ).json()) as { webhookID: string };
    const path = `/businesses/${ORTIZ}/webhooks/${webhookID}`;
    const put = (webhookURL: string) => api(token, path, { method: 'PUT', json: { webhookURL } });
    expect((await put('http://127.0.0.1:5173/webhooks/thumbtack')).status).toBe(200);
    expect((await put('http://partner.example/hook')).status).toBe(400);
    expect(((await (await api(token, path)).json()) as { webhookURL: string }).webhookURL).toBe(
      'http://127.0.0.1:5173/webhooks/thumbtack',
    );
    expect((await put('https://partner.example/again')).status).toBe(200);
  });

  it('applies to user webhooks (demand) too, create and PUT', async () => {
    const token = (await login({}, 'demand')).access_token;
    const created = await api(token, '/users/webhooks', {
      method: 'POST',
      json: hook('http://localhost:3000/webhooks/thumbtack', ['MessageCreatedV4']),
    });
    expect(created.status).toBe(201);
    const { webhookID } = (await created.json()) as { webhookID: string };
    const put = (webhookURL: string) =>
      api(token, `/users/webhooks/${webhookID}`, { method: 'PUT', json: { webhookURL } });
    expect((await put('http://[::1]:3000/webhooks/thumbtack')).status).toBe(200);
    expect((await put('http://market.example/hook')).status).toBe(400);
    const refused = await api(token, '/users/webhooks', {
      method: 'POST',
      json: hook('http://market.example/hook', ['MessageCreatedV4']),
    });
    expect(refused.status).toBe(400);
  });
});
