import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Serving the metrics (docs/operations.md): never on the public origin unguarded. On the public port
 * they need `Authorization: Bearer <METRICS_TOKEN>`; on METRICS_PORT, a port of their own (kept off the
 * load balancer), they need the token too when one is set.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!presented) return false;
  // Hashes of equal length, compared in constant time: the token's length leaks nothing either.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

export async function metricsText(registry: Registry): Promise<{ body: string; contentType: string }> {
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** The metrics port: GET /metrics only. */
export function startMetricsServer(
  registry: Registry,
  port: number,
  host: string,
  token: string | undefined,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' })
        .end('unauthorized\n');
      return;
    }
    const { body, contentType } = await metricsText(registry);
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}
