/**
 * `npm run edge`: the whole console in mocked-network mode on workerd, the Cloudflare Workers runtime,
 * through `wrangler dev`: the built SPA as the worker's static assets, the BFF's worker (bff/worker.ts)
 * and the fake Thumbtack mounted beside it (test/mocks/worker.ts), on one origin, as `npm start` does on
 * Node. The same settings apply (PORT, PUBLIC_ORIGIN, HOST, MOCK_SIDE, AUTH_RATE_LIMIT, APP_RATE_LIMIT,
 * LOG_LEVEL, SESSION_STORE, FAKE_THUMBTACK_URL, …).
 *
 * wrangler runs locally only: no Cloudflare account, no network, no telemetry (`offlineWranglerEnv`). Its
 * configuration is generated from wrangler.jsonc plus the mock vars into node_modules/.cache/console-edge/
 * (one folder per port), never committed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, parseConfig } from '../../bff/config.ts';
import { shutdownOnSignals } from '../../bff/node/graceful-shutdown.ts';
import {
  assetHeadersFile,
  mockWranglerConfig,
  offlineWranglerEnv,
  readWranglerConfig,
  WRANGLER_CONFIG,
} from './edge-config.ts';
import { buildSpaIfStale } from './spa-build.ts';

const MOCK_WORKER = 'test/mocks/worker.ts';
const CACHE_DIR = 'node_modules/.cache/console-edge';
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;

/** Settings passed to the worker as they are, when set (the rest keep wrangler.jsonc's defaults). */
const PASSED_THROUGH = [
  'MOCK_SIDE',
  'AUTH_RATE_LIMIT',
  'APP_RATE_LIMIT',
  'WEBHOOK_RATE_LIMIT',
  'LOG_LEVEL',
  'SESSION_STORE',
  'SESSION_SECRETS',
  'WEBHOOK_SECRET',
  'SESSION_ABSOLUTE_LIFETIME_SECONDS',
  'SESSION_IDLE_TIMEOUT_SECONDS',
  'UPSTREAM_TIMEOUT_MS',
  'TRUSTED_PROXY_HEADER',
  'THUMBTACK_SCOPES',
  'THUMBTACK_APP_SCOPES',
  'THUMBTACK_UTM_SOURCE',
  'REDIS_URL',
  'FAKE_THUMBTACK_URL',
];

function fail(message: string): never {
  console.error(`npm run edge: ${message}`);
  process.exit(1);
}

function freePort(host: string): Promise<number> {
  return new Promise((done, failed) => {
    const probe = createServer();
    probe.once('error', failed);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Settings wrangler must not print (its bindings table shows vars): they go to .dev.vars instead. */
const SECRETS = new Set(['SESSION_SECRETS', 'WEBHOOK_SECRET', 'REDIS_URL']);

/** The worker's settings: what `npm start` would read from this environment, split into vars and secrets. */
function mockSettings(env: NodeJS.ProcessEnv, port: number) {
  const vars: Record<string, string> = {
    THUMBTACK_ENV: 'mock',
    PUBLIC_ORIGIN: env.PUBLIC_ORIGIN || `http://localhost:${port}`,
  };
  const secrets: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = env[key];
    if (value !== undefined && value !== '') (SECRETS.has(key) ? secrets : vars)[key] = value;
  }
  // One key per start, like `npm start`: a workerd isolate (a reload) would otherwise make up its own.
  const ephemeral = !secrets.SESSION_SECRETS;
  if (ephemeral) secrets.SESSION_SECRETS = randomBytes(32).toString('hex');
  return { vars, secrets, ephemeral };
}

/** A .dev.vars file (dotenv): wrangler dev loads it from beside the config and shows its values hidden. */
function devVarsFile(secrets: Record<string, string>): string {
  return Object.entries(secrets)
    .map(([key, value]) => {
      // Double quotes keep #, spaces and commas; dotenv has no escape for a quote or a line break.
      if (/["\r\n]/.test(value))
        fail(`${key}: a value with a double quote or a line break cannot be passed on`);
      return `${key}="${value}"\n`;
    })
    .join('');
}

/**
 * wrangler's output, less its line per request: the BFF logs its own (at LOG_LEVEL), as on Node, and
 * the worker's console lines only reach wrangler's output at its `log` level, which includes those.
 */
function forwardOutput(child: ChildProcess): void {
  if (!child.stdout) return;
  const colours = /\x1b\[[0-9;]*m/g; // ANSI colour codes
  createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (/^\[wrangler:info\] [A-Z]+ \S+ \d{3} /.test(line.replace(colours, ''))) return;
    process.stdout.write(`${line}\n`);
  });
}

/**
 * Polls /healthz until the worker answers; a worker that refuses to serve is an error. Returns early
 * when a shutdown began (wrangler exiting then is expected).
 */
async function waitUntilReady(url: string, stopping: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
      if (body?.error?.code === 'misconfigured') {
        throw new Error('the worker refuses to serve: it is misconfigured (its log line above says why)');
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('the worker')) throw error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping()) throw new Error(`the console did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops wrangler (and with it workerd) by its pid, and waits for it; SIGKILL if it lingers. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const pid = child.pid;
  return new Promise((done) => {
    const force = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      clearTimeout(force);
      done();
    }
  });
}

async function main() {
  const env = process.env;
  if (env.THUMBTACK_ENV && env.THUMBTACK_ENV !== 'mock') {
    fail(
      `THUMBTACK_ENV=${env.THUMBTACK_ENV}: this runs mocked-network mode only. Deploy staging or production with \`wrangler deploy --env ${env.THUMBTACK_ENV}\` (README, "Deploy to Cloudflare Workers").`,
    );
  }
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT: "${env.PORT}" is not a port number`);
  // Loopback by default, as `npm start` in mocked-network mode: the demo and its control surface.
  const host = env.HOST || '127.0.0.1';

  const production = readWranglerConfig();
  const { vars, secrets, ephemeral } = mockSettings(env, port);
  // The worker's own parser, here first: every mistake in one message before wrangler starts.
  let side: string;
  try {
    const config = parseConfig({ ...production.vars, ...vars, ...secrets });
    side = config.side;
    vars.PUBLIC_ORIGIN = config.publicOrigin;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (ephemeral) {
    console.error('Mock mode: SESSION_SECRETS is unset, so a random key is used; sessions end on restart.');
  }
  if (vars.FAKE_THUMBTACK_URL) {
    console.error(`Mock mode: using the external fake Thumbtack at ${vars.FAKE_THUMBTACK_URL}`);
  }

  const spa = production.assets.directory;
  await buildSpaIfStale(spa);

  // A folder per port, so two consoles (a supply and a demand demo) can run side by side.
  const dir = resolve(CACHE_DIR, String(port));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The built SPA, with the `_headers` the BFF would send for this origin (no HSTS on http, as on Node).
  const assets = join(dir, 'assets');
  cpSync(spa, assets, { recursive: true });
  writeFileSync(join(assets, '_headers'), assetHeadersFile(vars.PUBLIC_ORIGIN));
  const generated = mockWranglerConfig(production, {
    main: relative(dir, resolve(MOCK_WORKER)),
    assetsDirectory: 'assets',
    vars,
  });
  writeFileSync(join(dir, '.dev.vars'), devVarsFile(secrets), { mode: 0o600 });
  const writeConfig = (name: string, config: object) => {
    const path = join(dir, name);
    const note = `// Generated by test/mocks/edge.ts from ${WRANGLER_CONFIG} for \`npm run edge\`; rewritten on every start.`;
    writeFileSync(path, `${note}\n${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    return path;
  };

  const require = createRequire(import.meta.url);
  const wrangler = join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');
  const wranglerEnv = offlineWranglerEnv(process.env, dir);
  // wrangler bundles the worker once, as a deploy would (a dry run: offline, no account), and `wrangler
  // dev` serves that bundle. Like `npm start`, the running console then never reloads behind a person's
  // back when a source file changes (a reload would drop the fake's state and the isolate's memory).
  const built = spawnSync(
    process.execPath,
    [
      wrangler,
      'deploy',
      '--dry-run',
      '--config',
      writeConfig('bundle.jsonc', generated),
      '--outdir',
      'bundle',
    ],
    { cwd: dir, env: wranglerEnv, encoding: 'utf8' },
  );
  if (built.status !== 0) {
    fail(
      `wrangler could not bundle ${MOCK_WORKER}:\n${built.stdout ?? ''}${built.stderr ?? ''}${built.error ?? ''}`,
    );
  }
  const configPath = writeConfig('wrangler.jsonc', {
    ...generated,
    main: 'bundle/worker.js',
    no_bundle: true,
  });
  const args = [
    wrangler,
    'dev',
    '--config',
    configPath,
    '--ip',
    host,
    '--port',
    String(port),
    '--local-protocol',
    'http',
    '--inspector-ip',
    '127.0.0.1',
    '--inspector-port',
    String(await freePort('127.0.0.1')),
    '--persist-to',
    join(dir, 'state'),
    '--show-interactive-dev-session=false',
    '--log-level',
    'log',
  ];
  const child = spawn(process.execPath, args, {
    env: wranglerEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('error', (error) => fail(`could not start wrangler: ${error.message}`));
  forwardOutput(child);
  // From here on, like `npm start`: a signal may come directly, with the process group (Ctrl+C) or not
  // at all (npm stopped alone), so losing the parent counts as a signal too. wrangler goes first.
  let stopping = false;
  shutdownOnSignals(
    async () => {
      stopping = true;
      await stop(child);
      // Generated for this run only (kept when wrangler fails, for its log).
      rmSync(dir, { recursive: true, force: true });
    },
    { log: (line) => console.error(JSON.stringify(line)), watchParent: true },
  );
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`npm run edge: wrangler dev stopped (${signal ?? `code ${code}`}).`);
    process.exit(code || 1);
  });

  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const probe = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/healthz`;
  try {
    await waitUntilReady(probe, () => stopping);
  } catch (error) {
    stopping = true;
    await stop(child);
    fail(error instanceof Error ? error.message : String(error));
  }
  if (stopping) return;
  console.log(`Thumbtack partner console (mocked-network mode, ${side} demo, on workerd via wrangler dev)`);
  console.log(`Listening on ${host}:${port}`);
  console.log(`Open ${vars.PUBLIC_ORIGIN}`);
}

await main();
