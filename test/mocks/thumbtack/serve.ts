import { serve } from '@hono/node-server';
import { createFakeThumbtack } from './index.ts';
import { mountFakeThumbtack } from './mount.ts';

// `npm run fake`: the fake Thumbtack alone, over HTTP, with the same paths as mocked-network mode
// (/__thumbtack/auth, /__thumbtack/api, /__thumbtack/control) under its own origin. Several BFF
// instances can share it (FAKE_THUMBTACK_URL), which is what scale-out tests and benchmarks need.
//
//   FAKE_PORT            port (default 4010; 0 picks a free one, printed on start)
//   FAKE_HOST            interface to bind (default 127.0.0.1)
//   FAKE_ORIGIN          public origin the fake names itself by (default http://localhost:<port>)
//   FAKE_REDIRECT_URIS   extra redirect URIs for both demo clients, comma-separated
//   FAKE_ACCESS_TOKEN_TTL_SECONDS  lifetime of access tokens (default 3600); short ones make a BFF
//                        refresh often (the soak test: 70 s means a refresh about every 10 s)
//   FAKE_ALLOW_LOCALHOST_WEBHOOKS  1 (default): webhook URLs may also be http://localhost, 127.0.0.1 or
//                        [::1], where the mock-mode consoles sharing this fake listen; 0: https only,
//                        as Thumbtack (docs/decisions/046-fake-localhost-webhooks.md)

const port = Number(process.env.FAKE_PORT ?? '4010');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`FAKE_PORT must be a port number, got ${process.env.FAKE_PORT}`);
  process.exit(1);
}
// Empty counts as unset, as the BFF's own configuration reads it.
const ttlText = process.env.FAKE_ACCESS_TOKEN_TTL_SECONDS || '3600';
const accessTokenTtlSeconds = Number(ttlText);
if (!/^\d+$/.test(ttlText) || !Number.isSafeInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
  console.error(`FAKE_ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds from 1, got ${ttlText}`);
  process.exit(1);
}
// This server only ever stands in for Thumbtack in mocked-network mode, so the leniency is on unless
// turned off. Empty counts as unset.
const localhostText = process.env.FAKE_ALLOW_LOCALHOST_WEBHOOKS || '1';
if (localhostText !== '0' && localhostText !== '1') {
  console.error(`FAKE_ALLOW_LOCALHOST_WEBHOOKS must be 0 or 1, got ${localhostText}`);
  process.exit(1);
}
const hostname = process.env.FAKE_HOST ?? '127.0.0.1';
const origin = (process.env.FAKE_ORIGIN ?? `http://localhost:${port}`).replace(/\/+$/, '');
const redirectUris = (process.env.FAKE_REDIRECT_URIS ?? '')
  .split(',')
  .map((uri) => uri.trim())
  .filter((uri) => uri.length > 0);

const fake = createFakeThumbtack({
  authBase: `${origin}/__thumbtack/auth`,
  apiBase: `${origin}/__thumbtack/api`,
  controlBase: `${origin}/__thumbtack/control`,
  redirectUris,
  accessTokenTtlSeconds,
  allowLocalhostWebhooks: localhostText === '1',
});
const mount = mountFakeThumbtack(fake);

const server = serve({
  hostname,
  port,
  async fetch(request) {
    // Handlers match full URLs: answer whatever Host the client used (localhost, 127.0.0.1, a proxy)
    // as if it had used the public origin.
    const url = new URL(request.url);
    const canonical = new Request(new URL(`${url.pathname}${url.search}`, origin), request);
    return (await mount(canonical)) ?? Response.json({ error: 'not_found' }, { status: 404 });
  },
});

server.once('listening', () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  console.log(`fake Thumbtack listening on http://${hostname}:${bound} as ${origin}`);
  console.log(`  authorization server ${origin}/__thumbtack/auth (issuer ${fake.issuer})`);
  console.log(`  partner API          ${origin}/__thumbtack/api/api/v4/...`);
  console.log(`  control surface      ${origin}/__thumbtack/control`);
  console.log(
    `  webhook URLs         ${localhostText === '1' ? 'https, or http on localhost' : 'https only'}`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
  });
}
