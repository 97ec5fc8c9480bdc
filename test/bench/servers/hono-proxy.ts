import { Agent, request } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// Target (b) of the proxy benchmark: the least a Hono proxy can do. It forwards /api/* to the upstream
// with a bearer token of its own and drops the upstream's Set-Cookie, nothing else: no session, no
// route table, no checks. The BFF's price is measured against this floor, on the same server stack
// (@hono/node-server, Hono). Upstream it uses Node's own HTTP client with a keep-alive pool and reads
// the whole (small) body before answering, as the BFF does: the cheapest way there, so the floor is
// a floor.
//
//   PROXY_PORT, UPSTREAM (origin), ACCESS_TOKEN

const upstream = new URL(process.env.UPSTREAM ?? 'http://invalid');
const token = process.env.ACCESS_TOKEN ?? '';
if (!process.env.UPSTREAM || !token) {
  console.error('UPSTREAM and ACCESS_TOKEN are required');
  process.exit(1);
}

/** Hop-by-hop headers (RFC 9110 §7.6.1), what a proxy must not pass on, and what it sets itself. */
const DROPPED_REQUEST = new Set(['host', 'connection', 'keep-alive', 'cookie', 'authorization']);
const DROPPED_RESPONSE = new Set(['set-cookie', 'connection', 'keep-alive', 'transfer-encoding']);

const agent = new Agent({ keepAlive: true });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function forward(method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: upstream.hostname, port: upstream.port, method, path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined || DROPPED_RESPONSE.has(name)) continue;
            out[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const app = new Hono();
app.all('/api/*', async (c) => {
  const url = new URL(c.req.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.req.header())) {
    if (!DROPPED_REQUEST.has(name)) headers[name] = value;
  }
  headers.authorization = `Bearer ${token}`;
  const method = c.req.method;
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(await c.req.arrayBuffer());
  const answer = await forward(method, `${url.pathname}${url.search}`, headers, body);
  return c.body(new Uint8Array(answer.body), answer.status as 200, answer.headers);
});

const server = serve({
  fetch: app.fetch,
  hostname: '127.0.0.1',
  port: Number(process.env.PROXY_PORT ?? '0'),
});
server.once('listening', () => console.log('hono pass-through proxy listening'));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections from the load generator would hold close() open.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
