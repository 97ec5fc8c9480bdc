import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { offlineWranglerEnv, readWranglerConfig, WRANGLER_CONFIG } from '../mocks/edge-config.ts';

// The production worker exactly as `wrangler deploy --env production` would upload it: bundled by
// wrangler itself (a dry run: offline, no account), checked for anything of the fake Thumbtack, then run
// in workerd with the production compatibility date and flags (no nodejs_compat) and its Durable Objects.

const config = readWranglerConfig();
const production = config.env?.production?.vars ?? {};
const SECRETS = {
  THUMBTACK_CLIENT_ID: 'partner-client-id',
  THUMBTACK_CLIENT_SECRET: 'partner-client-secret',
  SESSION_SECRETS: 'Wm7pQ2xL9vT4kR8nZ1sB6dF3hJ0cY5gA',
  WEBHOOK_SECRET: 'Hq3vN8cT1mX6pL0wR5zK9bD2fJ7sY4gE',
};

let dir: string;
let bundle: string;
let sources: string[];
const started: Miniflare[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'console-deploy-'));
  // wrangler.jsonc as it is, only moved: `main` made absolute and the assets pointed at a stand-in, so
  // this runs before (and without) the SPA build. The worker's bundle does not depend on either.
  const assets = join(dir, 'assets');
  mkdirSync(assets);
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>console</title>');
  const moved = { ...config, main: resolve(config.main), assets: { ...config.assets, directory: assets } };
  writeFileSync(join(dir, 'wrangler.json'), JSON.stringify(moved));
  const wrangler = join(
    dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
    'bin',
    'wrangler.js',
  );
  execFileSync(
    process.execPath,
    [
      wrangler,
      'deploy',
      '--dry-run',
      '--config',
      join(dir, 'wrangler.json'),
      '--env',
      'production',
      '--outdir',
      join(dir, 'out'),
    ],
    { env: offlineWranglerEnv(process.env, dir), stdio: 'pipe', timeout: 120_000 },
  );
  bundle = readFileSync(join(dir, 'out', 'worker.js'), 'utf8');
  sources = (JSON.parse(readFileSync(join(dir, 'out', 'worker.js.map'), 'utf8')) as { sources: string[] })
    .sources;
}, 150_000);

afterAll(async () => {
  await Promise.all(started.map((mf) => mf.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

/** The bundle in workerd with the production settings of wrangler.jsonc and these bindings. */
async function run(bindings: Record<string, string>) {
  const durableObjects = Object.fromEntries(
    (config.durable_objects?.bindings ?? []).map((b) => [
      b.name,
      { className: b.class_name, useSQLite: true },
    ]),
  );
  const mf = new Miniflare({
    modules: true,
    modulesRoot: join(dir, 'out'),
    scriptPath: join(dir, 'out', 'worker.js'),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings,
    durableObjects,
  });
  started.push(mf);
  await mf.ready;
  return mf;
}

describe(`the production worker, bundled by wrangler from ${WRANGLER_CONFIG}`, () => {
  it('contains nothing of the fake Thumbtack, msw or the Node entry', () => {
    const outside = sources.filter((source) =>
      /(^|\/)test\/|node_modules\/(msw|@mswjs|tough-cookie|ioredis|@hono\/node-server)\/|bff\/node(\/|\.ts)/.test(
        source,
      ),
    );
    expect(outside).toEqual([]);
    expect(sources.some((source) => source.endsWith('bff/worker.ts'))).toBe(true);
    for (const text of [
      'createFakeThumbtack',
      'mountFakeThumbtack',
      'Maya Ortiz',
      'Priya Shah',
      'mswjs',
      'demo-pro',
    ]) {
      expect(bundle, text).not.toContain(text);
    }
    expect(bundle).not.toMatch(/\bmsw\b/);
    // The public demo client ids are the BFF's own data (bff/thumbtack/demo-clients.ts): allowed.
    expect(bundle).toContain('demo-supply-client');
  });

  it('exports exactly the Durable Object classes wrangler.jsonc binds and migrates', () => {
    const exported = /export\s*\{([^}]*)\}\s*;?\s*(\/\/# sourceMappingURL=\S+\s*)?$/.exec(bundle)?.[1] ?? '';
    const names = exported.split(',').map(
      (part) =>
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1) ?? '',
    );
    expect(names).toContain('default');
    const classes = names.filter((name) => /Object$/.test(name)).sort();
    const bound = (config.durable_objects?.bindings ?? []).map((b) => b.class_name).sort();
    const migrated = (config.migrations as { new_sqlite_classes?: string[] }[])
      .flatMap((m) => m.new_sqlite_classes ?? [])
      .sort();
    expect(classes.length).toBeGreaterThan(0);
    expect(bound).toEqual(classes);
    expect(migrated).toEqual(classes);
  });

  it('serves with production settings and its secrets, with no compatibility flag', async () => {
    const mf = await run({ ...production, ...SECRETS });
    const health = await mf.dispatchFetch(`${production.PUBLIC_ORIGIN}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=/);
    const login = await mf.dispatchFetch(`${production.PUBLIC_ORIGIN}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(/^https:\/\/auth\.thumbtack\.com\/oauth2\/auth\?/);
    await login.arrayBuffer();
  });

  it('refuses to serve with no configuration at all (503 misconfigured)', async () => {
    const mf = await run({});
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await mf.dispatchFetch('https://console.example.com/auth/login', { redirect: 'manual' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
      await vi.waitFor(() => expect(logged.mock.calls.flat().join('\n')).toContain('THUMBTACK_ENV: not set'));
    } finally {
      logged.mockRestore();
    }
  });

  it("refuses the Redis session store with the message README's table of differences quotes", async () => {
    // README.md, "Node and the edge": the session-store row quotes the worker's log line.
    const row = readFileSync('README.md', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| session store'));
    const quoted = /`(SESSION_STORE: redis[^`]*)`/.exec(row ?? '')?.[1];
    expect(quoted, 'the README row quotes the message').toBeDefined();
    const mf = await run({
      ...production,
      ...SECRETS,
      SESSION_STORE: 'redis',
      REDIS_URL: 'rediss://redis.example.com:6380',
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await mf.dispatchFetch(`${production.PUBLIC_ORIGIN}/healthz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
      await vi.waitFor(() => expect(logged.mock.calls.flat().join('\n')).toContain(quoted));
    } finally {
      logged.mockRestore();
    }
  });
});
