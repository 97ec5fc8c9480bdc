/**
 * `npm start` and `npm run dev`: the console on one origin. With THUMBTACK_ENV unset (or `mock`) this
 * composes mocked-network mode: the fake Thumbtack is mounted beside the BFF under /__thumbtack, and
 * the BFF reaches it in-process, so nothing leaves the machine and no credentials are needed. With
 * THUMBTACK_ENV=staging or production it starts the plain BFF, exactly as `npm run serve` does.
 * The BFF itself never knows about mocks: this entry hands it a fetch and a mount.
 */
import { type Config, ConfigError, parseConfig } from '../../bff/config.ts';
import { shutdownOnSignals } from '../../bff/node/graceful-shutdown.ts';
import { DEFAULT_STATIC_DIR, startNodeServer } from '../../bff/node.ts';
import type { FetchLike } from '../../bff/oauth/token-request.ts';
import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { buildSpaIfStale } from './spa-build.ts';

const dev = process.argv.includes('--dev');

function loadConfig(env: Record<string, string | undefined>): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The fake Thumbtack on `origin`, plus a fetch that answers the fake's URLs in-process. Its webhooks may
 * point at http://localhost (decision 046), and a delivery to the console's own origin goes over HTTP
 * to the address this server really listens on (`listeningAt`, once known): in dev the public port is
 * Vite's, which does not forward /webhooks.
 */
async function composeFake(config: Config, origin: string, listeningAt: () => string | undefined) {
  const { createFakeThumbtack, loopbackBase, sendOwnOriginTo } = await import('./thumbtack/index.ts');
  const { mountFakeThumbtack } = await import('./thumbtack/mount.ts');
  const fake = createFakeThumbtack({
    authBase: `${origin}${MOCK_PATHS.auth}`,
    apiBase: `${origin}${MOCK_PATHS.api}`,
    controlBase: `${origin}${MOCK_PATHS.control}`,
    imageBase: `${origin}/__thumbtack/images`,
    redirectUris: [config.redirectUri],
    allowLocalhostWebhooks: true,
    deliver: sendOwnOriginTo(origin, () => {
      const address = listeningAt();
      return address ? loopbackBase(address) : undefined;
    }),
  });
  const mount = mountFakeThumbtack(fake);
  const prefix = `${origin}/__thumbtack/`;
  const fetch: FetchLike = async (request) => {
    if (!request.url.startsWith(prefix)) return globalThis.fetch(request);
    return (await mount(request)) ?? new Response('Not found', { status: 404 });
  };
  return { mount, fetch };
}

async function main() {
  const port = Number(process.env.PORT ?? '3000');
  // In dev, Vite owns the public port and proxies the BFF's paths to the BFF on the next port.
  const env = dev
    ? {
        ...process.env,
        PORT: String(port + 1),
        PUBLIC_ORIGIN: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`,
      }
    : process.env;
  const config = loadConfig(env);
  if (!dev) await buildSpaIfStale(DEFAULT_STATIC_DIR);

  let options = {};
  let listeningAt: string | undefined;
  if (config.env === 'mock') {
    if (config.sessionSecretsEphemeral) {
      console.error('Mock mode: SESSION_SECRETS is unset, so a random key is used; sessions end on restart.');
    }
    if (config.mock?.fakeOrigin) {
      console.error(`Mock mode: using the external fake Thumbtack at ${config.mock.fakeOrigin}`);
    } else {
      options = await composeFake(config, config.publicOrigin, () => listeningAt);
    }
  }
  const server = startNodeServer(config, {
    ...options,
    staticDir: dev ? false : undefined,
    hosts: dev ? ['127.0.0.1'] : undefined,
  });
  await server.listening;
  listeningAt = server.addresses()[0];
  let closeVite = async () => {};
  if (dev) {
    const { createServer } = await import('vite');
    const target = `http://127.0.0.1:${config.port}`;
    // changeOrigin stays false: the BFF compares Origin and Host against the public origin.
    const proxied = { target, changeOrigin: false };
    const vite = await createServer({
      server: {
        port,
        strictPort: true,
        proxy: {
          '/auth': proxied,
          '/api': proxied,
          '/live': proxied,
          '/webhooks': proxied,
          '/healthz': proxied,
          '/readyz': proxied,
          '/__thumbtack': proxied,
        },
      },
    });
    await vite.listen();
    closeVite = () => vite.close();
  }
  const mode = config.env === 'mock' ? `mocked-network mode, ${config.side} demo` : config.env;
  console.log(`Thumbtack partner console (${mode}${dev ? ', hot reload' : ''})`);
  if (!dev) console.log(`Listening on ${server.addresses().join(', ')}`);
  console.log(`Open ${config.publicOrigin}`);
  // npm and tsx sit between a terminal (or a service manager) and this process: a signal may come
  // through them, around them (the process group) or not at all (npm stopped alone), so losing the
  // parent counts as a signal too.
  shutdownOnSignals(async () => void (await Promise.all([server.close(), closeVite()])), {
    log: (line) => console.error(JSON.stringify(line)),
    watchParent: true,
  });
}

await main();
