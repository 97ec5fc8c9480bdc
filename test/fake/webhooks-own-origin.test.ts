import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Miniflare } from 'miniflare';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeThumbtack,
  DEMO_ACCOUNTS,
  type FakeThumbtackOptions,
  loopbackBase,
  routeOwnOrigin,
  sendOwnOriginTo,
} from '../mocks/thumbtack/index.ts';
import { mountFakeThumbtack } from '../mocks/thumbtack/mount.ts';
import { startWorker } from '../support/workerd.ts';
import { proTokenVia } from './fake-harness.ts';

// Mocked-network mode composes the fake with the console in one process, and the console's webhook
// URL is on its own origin: deliveries must reach its /webhooks/thumbtack route. On Node (start.ts)
// they go over real HTTP to the address the server really listens on (in dev the public port is
// Vite's); on workerd (test/mocks/worker.ts) the worker answers them in-process. No msw here: real
// sockets only.

const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;

/** A plain HTTP server standing in for the console's listener, recording what it is sent. */
const got: { method?: string; url?: string; authorization?: string; body: string }[] = [];
let receiver: Server;
let receiverAddress = '';

beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverAddress = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => receiver.close(() => done())));
afterEach(() => {
  got.length = 0;
});

/** A mounted fake (as start.ts has it) on `origin`, with a pro's webhook registered at `webhookURL`. */
async function mountedFake(origin: string, webhookURL: string, options: Partial<FakeThumbtackOptions>) {
  const fake = createFakeThumbtack({
    authBase: `${origin}/__thumbtack/auth`,
    apiBase: `${origin}/__thumbtack/api`,
    controlBase: `${origin}/__thumbtack/control`,
    allowLocalhostWebhooks: true,
    ...options,
  });
  const mount = mountFakeThumbtack(fake);
  const call = async (url: string, init?: RequestInit) =>
    (await mount(new Request(url, init))) ?? new Response(null, { status: 404 });
  const token = await proTokenVia(call, `${origin}/__thumbtack/auth`);
  const created = await call(`${origin}/__thumbtack/api/api/v4/businesses/${ORTIZ}/webhooks`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      webhookURL,
      eventTypes: ['NegotiationCreatedV4', 'ReviewCreatedV4'],
      enabled: true,
      auth: { username: `business-${ORTIZ}`, password: 'pw' },
    }),
  });
  expect(created.status).toBe(201);
  return fake;
}

describe('routing deliveries to the console’s own origin', () => {
  it('routeOwnOrigin sends URLs on the origin one way and everything else the other', async () => {
    const seen: string[] = [];
    const via = (name: string) => async (url: string) => {
      seen.push(`${name} ${url}`);
      return new Response(null, { status: 204 });
    };
    const deliver = routeOwnOrigin('http://localhost:3000', via('local'), via('other'));
    for (const url of [
      'http://localhost:3000/webhooks/thumbtack?x=1',
      'http://localhost:3001/webhooks/thumbtack',
      'http://127.0.0.1:3000/webhooks/thumbtack',
      'https://localhost:3000/webhooks/thumbtack',
      'https://partner.example/hook',
    ])
      await deliver(url, { method: 'POST' });
    expect(seen).toEqual([
      'local http://localhost:3000/webhooks/thumbtack?x=1',
      'other http://localhost:3001/webhooks/thumbtack',
      'other http://127.0.0.1:3000/webhooks/thumbtack',
      'other https://localhost:3000/webhooks/thumbtack',
      'other https://partner.example/hook',
    ]);
  });

  it('loopbackBase turns a bound address into a URL base, wildcards into loopback', () => {
    expect(loopbackBase('127.0.0.1:3001')).toBe('http://127.0.0.1:3001');
    expect(loopbackBase('[::1]:3000')).toBe('http://[::1]:3000');
    expect(loopbackBase('0.0.0.0:3000')).toBe('http://127.0.0.1:3000');
    expect(loopbackBase('[::]:3000')).toBe('http://[::1]:3000');
  });

  it('sendOwnOriginTo delivers over HTTP to the listening address, not the public port (start.ts)', async () => {
    // The public origin's port has no server on it, as in dev where it is Vite's, which does not
    // forward /webhooks; the console itself listens elsewhere.
    const publicOrigin = 'http://localhost:1';
    let listeningAt: string | undefined;
    const fake = await mountedFake(publicOrigin, `${publicOrigin}/webhooks/thumbtack?v=1`, {
      deliver: sendOwnOriginTo(publicOrigin, () => (listeningAt ? loopbackBase(listeningAt) : undefined)),
    });
    // Before the server has said where it listens, the public URL is used as it is (and fails here).
    const early = await fake.control.simulate({ event: 'review', businessID: ORTIZ });
    expect(early.deliveries).toMatchObject([{ status: null, ok: false }]);
    listeningAt = receiverAddress;
    const result = await fake.control.simulate({ event: 'negotiation', businessID: ORTIZ });
    expect(result.deliveries).toMatchObject([
      { url: `${publicOrigin}/webhooks/thumbtack?v=1`, status: 204, ok: true },
    ]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      method: 'POST',
      url: '/webhooks/thumbtack?v=1',
      authorization: `Basic ${btoa(`business-${ORTIZ}:pw`)}`,
    });
    expect(JSON.parse(got[0]?.body ?? '{}')).toMatchObject({
      event: { eventType: 'NegotiationCreatedV4' },
      data: { negotiationID: result.negotiation.negotiationID },
    });
  });

  it('the default transport reaches an http://127.0.0.1 receiver as it is (npm run fake)', async () => {
    const url = `http://${receiverAddress}/webhooks/thumbtack`;
    const fake = await mountedFake('http://fake.localhost:4010', url, {});
    const result = await fake.control.simulate({ event: 'review', businessID: ORTIZ, duplicate: true });
    expect(result.deliveries).toMatchObject([
      { url, status: 204, ok: true },
      { url, status: 204, ok: true },
    ]);
    expect(got.map((g) => g.url)).toEqual(['/webhooks/thumbtack', '/webhooks/thumbtack']);
    expect(got[1]?.body).toBe(got[0]?.body);
  });
});

describe('mocked-network mode on workerd (test/mocks/worker.ts)', () => {
  const ORIGIN = 'http://localhost';
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let mf: Miniflare;

  beforeAll(async () => {
    worker = await startWorker('test/mocks/worker.ts', {
      THUMBTACK_ENV: 'mock',
      PUBLIC_ORIGIN: ORIGIN,
      SESSION_SECRETS: 'own-origin-test-session-secret-0123456789abcdef',
    });
    mf = worker.mf;
  }, 60_000);

  afterAll(() => worker?.close());

  it('accepts the console’s http://localhost webhook URL and answers its deliveries in-process', async () => {
    const call = async (url: string, init?: RequestInit) =>
      (await mf.dispatchFetch(url, init as never)) as unknown as Response;
    const token = await proTokenVia(call, `${ORIGIN}/__thumbtack/auth`);
    const created = await call(`${ORIGIN}/__thumbtack/api/api/v4/businesses/${ORTIZ}/webhooks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        webhookURL: `${ORIGIN}/webhooks/thumbtack`,
        eventTypes: ['NegotiationCreatedV4'],
        enabled: true,
      }),
    });
    expect(created.status).toBe(201);
    const simulated = await call(`${ORIGIN}/__thumbtack/control/simulate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'negotiation', businessID: ORTIZ }),
    });
    expect(simulated.status).toBe(200);
    const { deliveries } = (await simulated.json()) as { deliveries: { status: number | null }[] };
    // The console answered (whatever its receiver says of an unauthenticated delivery): the delivery
    // reached it, where a fetch out of the isolate to http://localhost would have found nobody.
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.status).toEqual(expect.any(Number));
  });
});
