import { pathToFileURL } from 'node:url';
import { type Config, ConfigError, parseConfig } from './config.ts';
import { shutdownOnSignals } from './node/graceful-shutdown.ts';
import { startNodeServer } from './node/server.ts';

export {
  DEFAULT_STATIC_DIR,
  type NodeServer,
  type NodeServerOptions,
  startNodeServer,
} from './node/server.ts';

/**
 * The Node entry for staging and production: `node dist/server/node.js` (what `npm run serve` runs,
 * and what a container or service manager should run directly, so signals reach this process and
 * not a wrapper). Mocked-network mode is composed by `npm start` instead.
 */
async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (config.env === 'mock') {
    console.error('THUMBTACK_ENV is mock (or unset): run `npm start`, which mounts the fake Thumbtack.');
    process.exit(1);
  }
  const server = startNodeServer(config);
  await server.listening;
  const log = (line: Record<string, unknown>) =>
    console.error(JSON.stringify({ time: new Date().toISOString(), ...line }));
  log({
    level: 'info',
    msg: `Thumbtack partner console (${config.env}) listening on ${server.addresses().join(', ')}`,
    publicOrigin: config.publicOrigin,
  });
  // Run directly (a container, a service manager) the parent never changes; run through `npm run
  // serve`, npm may be stopped without passing the signal on, and then this process notices.
  shutdownOnSignals(server.close, { log, watchParent: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
