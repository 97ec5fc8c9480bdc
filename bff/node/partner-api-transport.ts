import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  MAX_UPSTREAM_BODY_BYTES,
  type OutgoingRequest,
  type PartnerApiAnswer,
  type PartnerApiTransport,
  thumbtackUnavailable,
  upstreamTooLarge,
} from '../thumbtack/partner-api.ts';

/**
 * The partner-API transport on Node: Node's own HTTP client with a keep-alive pool. It builds no
 * Request, Headers or Response objects (most of a proxied call's cost in a profile under load:
 * docs/decisions/006-hot-path.md), follows no redirect, and reads at most MAX_UPSTREAM_BODY_BYTES.
 * The deadline (through the signal), the headers sent and the error codes stay with callPartnerApi.
 */
export function createNodePartnerApiTransport(): {
  transport: PartnerApiTransport;
  close: () => Promise<void>;
} {
  const options = { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, timeout: 60_000 };
  const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  const transport: PartnerApiTransport = (outgoing) => send(outgoing, agents);
  // Called once the server has drained: whatever is still waiting on Thumbtack belongs to a request
  // that was already cut, so it is dropped rather than awaited.
  const close = async () => {
    agents.http.destroy();
    agents.https.destroy();
  };
  return { transport, close };
}

/** Where an origin is, parsed once: every call to one API base shares it (no URL parse per call). */
interface Target {
  https: boolean;
  hostname: string;
  port: number;
}
const targets = new Map<string, Target>();

function targetOf(url: string): { target: Target; path: string } {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const origin = pathStart === -1 ? url : url.slice(0, pathStart);
  let target = targets.get(origin);
  if (!target) {
    const parsed = new URL(origin);
    const https = parsed.protocol === 'https:';
    // Brackets belong to the URL form of an IPv6 address, not to the address Node connects to.
    const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    target = { https, hostname, port: Number(parsed.port) || (https ? 443 : 80) };
    if (targets.size < 64) targets.set(origin, target);
  }
  return { target, path: pathStart === -1 ? '/' : url.slice(pathStart) };
}

function send(
  { url, method, headers, body, deadline }: OutgoingRequest,
  agents: { http: HttpAgent; https: HttpsAgent },
): Promise<PartnerApiAnswer> {
  return new Promise((resolve, reject) => {
    const { target, path } = targetOf(url);
    const https = target.https;
    const onResponse = (response: IncomingMessage) => {
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > MAX_UPSTREAM_BODY_BYTES) {
        response.destroy();
        return reject(upstreamTooLarge());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > MAX_UPSTREAM_BODY_BYTES) {
          response.destroy();
          reject(upstreamTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (cause) =>
        reject(thumbtackUnavailable('Thumbtack closed the connection. Try again shortly.', cause)),
      );
      response.on('aborted', () =>
        reject(thumbtackUnavailable('Thumbtack closed the connection. Try again shortly.')),
      );
      response.on('end', () => {
        if (size > MAX_UPSTREAM_BODY_BYTES) return;
        // Decoded once, whole: a character split between two chunks must not be mangled.
        const text =
          chunks.length === 1
            ? (chunks[0] as Buffer).toString('utf8')
            : Buffer.concat(chunks, size).toString('utf8');
        const raw = response.headers;
        resolve({
          status: response.statusCode ?? 502,
          headers: {
            get: (name) => {
              const value = raw[name.toLowerCase()];
              if (value === undefined) return null;
              return Array.isArray(value) ? value.join(', ') : value;
            },
          },
          text,
        });
      });
    };
    const request = (https ? httpsRequest : httpRequest)(
      {
        hostname: target.hostname,
        port: target.port,
        path,
        method,
        headers,
        agent: https ? agents.https : agents.http,
      },
      onResponse,
    );
    request.on('error', reject);
    // The deadline is callPartnerApi's; here it only stops the exchange (and frees the socket).
    deadline.onExpire((reason) => request.destroy(reason));
    request.end(body);
  });
}
