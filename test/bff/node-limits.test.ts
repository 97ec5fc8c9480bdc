import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../bff/config.ts';
import { type NodeServer, startNodeServer } from '../../bff/node.ts';
import { freePort } from '../support/free-port.ts';

// The Node server's own defenses, over real sockets: slow clients are cut, a GET never carries a body
// however it is framed, and mocked-network mode listens on loopback only.

const SECRET = 'node-limits-test-secret-0123456789abcdef';
let dir: string;
const started: NodeServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'console-limits-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shell</title>');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(env: Record<string, string>, hosts?: string[]) {
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    PUBLIC_ORIGIN: `http://localhost:${port}`,
    SESSION_SECRETS: SECRET,
    LOG_LEVEL: 'error',
    ...env,
  });
  const server = startNodeServer(config, { staticDir: dir, hosts });
  started.push(server);
  await server.listening;
  return { server, port };
}

/** Sends raw bytes and collects everything the server answers until it closes the connection. */
function rawExchange(port: number, write: (socket: Socket) => void, timeoutMs = 5000) {
  return new Promise<{ text: string; closedAfterMs: number }>((done, fail) => {
    const began = performance.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`the server kept the connection open for ${timeoutMs} ms; got: ${text}`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done({ text, closedAfterMs: performance.now() - began });
    });
    socket.on('connect', () => write(socket));
  });
}

describe('slow clients', () => {
  it('cuts a request whose body trickles past SERVER_REQUEST_TIMEOUT_MS and stays responsive meanwhile', async () => {
    const { port } = await start({ SERVER_HEADERS_TIMEOUT_MS: '400', SERVER_REQUEST_TIMEOUT_MS: '800' });
    let trickle: ReturnType<typeof setInterval> | undefined;
    // A request that passes every check that needs no body, so the proxy waits for the body.
    const exchange = rawExchange(port, (socket) => {
      socket.write(
        `POST /api/v4/businesses/1/webhooks HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nOrigin: http://localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
      );
      trickle = setInterval(() => socket.writable && socket.write('x'), 100);
    });
    // While one client trickles, others are served at once.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const { text, closedAfterMs } = await exchange;
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('cuts a client that never finishes its headers past SERVER_HEADERS_TIMEOUT_MS', async () => {
    const { port } = await start({ SERVER_HEADERS_TIMEOUT_MS: '400', SERVER_REQUEST_TIMEOUT_MS: '800' });
    let trickle: ReturnType<typeof setInterval> | undefined;
    const { text, closedAfterMs } = await rawExchange(port, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    });
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('has defaults of tens of seconds, not Node’s five minutes', () => {
    const config = parseConfig({});
    expect(config.server.requestTimeoutMs).toBe(30_000);
    expect(config.server.headersTimeoutMs).toBe(20_000);
  });
});

describe('a GET with a body', () => {
  it.each([
    ['chunked', 'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
    ['with Content-Length', 'Content-Length: 5\r\n\r\nhello'],
  ])('is refused the same way when %s', async (_, framing) => {
    const { port } = await start({});
    const { text } = await rawExchange(port, (socket) => {
      socket.write(
        `GET /api/v4/businesses HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nConnection: close\r\n${framing}`,
      );
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('"code":"invalid_request"');
    expect(text).toContain('takes no body');
  });

  it('is refused on every path, not only the proxy', async () => {
    const { port } = await start({});
    const { text } = await rawExchange(port, (socket) => {
      socket.write(
        'GET /auth/session HTTP/1.1\r\nHost: localhost\r\nX-CSRF: 1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n',
      );
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe('where mocked-network mode listens', () => {
  it('defaults to loopback only (127.0.0.1 and ::1); staging and production to every interface; HOST overrides', () => {
    expect(parseConfig({}).hosts).toEqual(['127.0.0.1', '::1']);
    expect(parseConfig({ HOST: '0.0.0.0' }).hosts).toEqual(['0.0.0.0']);
    const staging = parseConfig({
      THUMBTACK_ENV: 'staging',
      THUMBTACK_CLIENT_ID: 'id',
      THUMBTACK_CLIENT_SECRET: 'secret',
      THUMBTACK_SCOPES: 'supply::businesses.list',
      SESSION_SECRETS: 'Zq3v9LmX2pR7tY4wK8sD1fG6hJ0cB5nA',
    });
    expect(staging.hosts).toEqual(['0.0.0.0']);
  });

  it('binds loopback addresses only, so localhost works and other interfaces are refused', async () => {
    const { server, port } = await start({});
    const bound = server.addresses();
    expect(bound.length).toBeGreaterThan(0);
    for (const address of bound) expect(address).toMatch(/^(127\.0\.0\.1|\[::1\]):\d+$/);
    expect(bound).toContain(`127.0.0.1:${port}`);
    expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && !info.internal && info.family === 'IPv4');
    if (external) {
      await expect(fetch(`http://${external.address}:${port}/healthz`)).rejects.toThrow();
    }
  });
});
