/**
 * The console on workerd, as configuration: reads the production wrangler.jsonc, writes the `_headers`
 * file that gives the static assets the BFF's security headers, derives the mocked-network config
 * `npm run edge` hands to `wrangler dev` (test/mocks/edge.ts), and the environment wrangler runs in.
 * No wrangler import.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { securityHeaderValues } from '../../bff/http/security-headers.ts';

export const WRANGLER_CONFIG = 'wrangler.jsonc';

/** `_headers` for the production build: vite copies web/public/ into dist/web. */
export const HEADERS_FILE = 'web/public/_headers';

/** The origin whose headers web/public/_headers holds: any https one (only the scheme matters). */
export const PRODUCTION_LIKE_ORIGIN = 'https://console.example.com';

/** Paths the fake Thumbtack answers in mocked-network mode; they must reach the worker, not the SPA. */
export const MOCK_WORKER_FIRST = ['/__thumbtack/*'];

/**
 * The fake's one need: msw keeps its cookie store in memory only where `process.versions.node` exists
 * (elsewhere it wants localStorage), so the mock worker runs with nodejs_compat. The BFF needs no flag.
 */
export const MOCK_COMPATIBILITY_FLAGS = ['nodejs_compat'];

/** What test/mocks/edge.ts reads of wrangler.jsonc. */
export interface WranglerConfig {
  name: string;
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets: {
    directory: string;
    not_found_handling?: string;
    run_worker_first?: string[] | boolean;
  };
  durable_objects?: { bindings: { name: string; class_name: string }[] };
  migrations?: unknown[];
  vars?: Record<string, string>;
  env?: Record<string, { vars?: Record<string, string> } & Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * JSON with comments and trailing commas (what wrangler accepts in .jsonc) to plain JSON: comments
 * outside strings are dropped, then commas before a closing bracket. test/edge/ checks that wrangler's
 * own reader agrees on wrangler.jsonc.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += ch;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

export function readWranglerConfig(path = WRANGLER_CONFIG): WranglerConfig {
  return parseJsonc(readFileSync(path, 'utf8')) as WranglerConfig;
}

/**
 * The `_headers` file for the built SPA: on every asset the BFF's own security headers (the same values
 * as bff/http/security-headers.ts gives every Node response, HSTS on https only), and the Node static
 * handler's caching: hashed files under /assets/ immutable, everything else (the SPA shell) revalidated.
 */
export function assetHeadersFile(publicOrigin: string): string {
  const security = Object.entries(securityHeaderValues(publicOrigin)).map(
    ([name, value]) => `  ${name}: ${value}`,
  );
  return [
    '# Headers Cloudflare adds to the static assets (the built SPA); the BFF sets its own on its answers.',
    '# Generated from bff/http/security-headers.ts by test/mocks/edge-config.ts (assetHeadersFile) for an',
    '# https origin; test/edge/asset-headers.test.ts fails when the two differ.',
    '/*',
    ...security,
    '  Cache-Control: no-cache',
    '/assets/*',
    '  ! Cache-Control',
    '  Cache-Control: public, max-age=31536000, immutable',
    '',
  ].join('\n');
}

export interface MockEdgeOptions {
  /** The worker entry with the fake mounted (test/mocks/worker.ts), relative to the generated file. */
  main: string;
  /** The assets directory to serve, relative to the generated file. */
  assetsDirectory: string;
  /** Mock-mode vars on top of the production defaults (THUMBTACK_ENV=mock, PUBLIC_ORIGIN, …). */
  vars: Record<string, string>;
}

/**
 * The mocked-network config: the production worker's settings (compatibility date and flags, assets
 * handling, Durable Objects and their migrations, default vars), with the mock worker as `main`, the
 * fake's paths routed to the worker as well, the fake's compatibility flag, and the mock vars. No environments, routes or deploy
 * settings: it is only ever run by `wrangler dev`.
 */
export function mockWranglerConfig(production: WranglerConfig, options: MockEdgeOptions) {
  const runWorkerFirst = production.assets.run_worker_first;
  if (!Array.isArray(runWorkerFirst)) {
    throw new Error(`${WRANGLER_CONFIG}: assets.run_worker_first must list the BFF's paths`);
  }
  return {
    name: `${production.name}-mock`,
    main: options.main,
    compatibility_date: production.compatibility_date,
    compatibility_flags: [
      ...new Set([...(production.compatibility_flags ?? []), ...MOCK_COMPATIBILITY_FLAGS]),
    ],
    send_metrics: false,
    assets: {
      ...production.assets,
      directory: options.assetsDirectory,
      run_worker_first: [...runWorkerFirst, ...MOCK_WORKER_FIRST],
    },
    durable_objects: production.durable_objects,
    migrations: production.migrations,
    vars: { ...production.vars, ...options.vars },
  };
}

/**
 * wrangler's environment, local and quiet: no usage metrics or error reports, no update check (it comes
 * with the banner), no download of the request.cf data, no .env picked up from anywhere, its log files
 * and its local dev registry in `dir` rather than the user's home, and no Cloudflare credentials even if
 * this shell has some. Local `wrangler dev` and `wrangler deploy --dry-run` need no account and no network.
 */
export function offlineWranglerEnv(base: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    WRANGLER_REGISTRY_PATH: join(dir, 'registry'),
  };
  for (const key of [
    'CLOUDFLARE_API_TOKEN',
    'CLOUDFLARE_API_KEY',
    'CLOUDFLARE_EMAIL',
    'CLOUDFLARE_ACCOUNT_ID',
  ]) {
    delete env[key];
  }
  return env;
}
