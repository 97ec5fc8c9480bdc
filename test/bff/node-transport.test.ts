import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../bff/errors.ts';
import { createNodePartnerApiTransport } from '../../bff/node/partner-api-transport.ts';
import {
  callPartnerApi,
  fetchTransport,
  MAX_UPSTREAM_BODY_BYTES,
  type PartnerApiTransport,
} from '../../bff/thumbtack/partner-api.ts';

// The partner-API call behaves the same whichever transport carries it: the Node entry's (undici's
// request, no WHATWG objects) and the default one (fetch). A real HTTP server plays Thumbtack.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let base: string;
const node = createNodePartnerApiTransport();

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  handler = (_req, res) => res.end();
});
afterAll(async () => {
  await node.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const TRANSPORTS: [string, PartnerApiTransport][] = [
  ['Node (undici request)', node.transport],
  ['fetch', fetchTransport((request) => globalThis.fetch(request))],
];

function call(
  transport: PartnerApiTransport,
  path = '/v4/businesses',
  init: { method?: string; body?: string } = {},
) {
  return callPartnerApi(transport, {
    url: `${base}${path}`,
    method: init.method ?? 'GET',
    accessToken: 'access-token-value',
    requestId: 'request-id-0123',
    timeoutMs: 300,
    body: init.body,
  });
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, status: (error as AppError).status };
}

describe.each(TRANSPORTS)('calling the partner API over %s', (_, transport) => {
  it('sends only our headers and returns status, headers and the whole body', async () => {
    let seen: IncomingMessage | undefined;
    let body = '';
    handler = (req, res) => {
      seen = req;
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json', 'Retry-After': '7', 'Set-Cookie': 'a=b' });
        res.end('{"ok":true}');
      });
    };
    const answer = await call(transport, '/v4/x', { method: 'POST', body: '{"text":"hi"}' });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('{"ok":true}');
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(body).toBe('{"text":"hi"}');
    expect(seen?.headers.authorization).toBe('Bearer access-token-value');
    expect(seen?.headers['x-request-id']).toBe('request-id-0123');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers.cookie).toBeUndefined();
  });

  it('decodes a character split across two chunks', async () => {
    handler = (_req, res) => {
      const bytes = Buffer.from('{"name":"Zoë"}');
      const cut = bytes.indexOf(0xc3) + 1;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    };
    expect((await call(transport)).text).toBe('{"name":"Zoë"}');
  });

  it('follows no redirect', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    };
    expect((await call(transport)).status).toBe(302);
  });

  it('gives 504 when the headers never come', async () => {
    handler = () => undefined;
    expect(await failure(call(transport))).toEqual({ code: 'thumbtack_timeout', status: 504 });
  });

  it('gives 504 when the body stalls after the headers', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"data":[');
    };
    expect(await failure(call(transport))).toEqual({ code: 'thumbtack_timeout', status: 504 });
  });

  it('gives 502 for an answer over the size limit, declared or streamed', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': String(MAX_UPSTREAM_BODY_BYTES + 1) });
      res.write(chunk);
    };
    expect(await failure(call(transport))).toEqual({ code: 'thumbtack_unavailable', status: 502 });
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < 5; i++) res.write(chunk);
      res.end();
    };
    expect(await failure(call(transport))).toEqual({ code: 'thumbtack_unavailable', status: 502 });
  });

  it('gives 502 when the connection is cut mid-answer or refused', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":');
      setTimeout(() => req.socket.destroy(), 20);
    };
    expect(await failure(call(transport))).toEqual({ code: 'thumbtack_unavailable', status: 502 });
    const refused = callPartnerApi(transport, {
      url: 'http://127.0.0.1:9/v4/businesses',
      method: 'GET',
      accessToken: 't',
      requestId: 'r-0123456789',
      timeoutMs: 1000,
    });
    expect(await failure(refused)).toEqual({ code: 'thumbtack_unavailable', status: 502 });
  });
});
