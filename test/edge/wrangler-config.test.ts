import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';
import viteConfig from '../../vite.config.ts';
import {
  MOCK_COMPATIBILITY_FLAGS,
  MOCK_WORKER_FIRST,
  mockWranglerConfig,
  parseJsonc,
  readWranglerConfig,
  WRANGLER_CONFIG,
} from '../mocks/edge-config.ts';

// wrangler.jsonc, the production worker's configuration, checked against what the code needs: the
// worker sees every BFF path, every Durable Object class is bound and migrated in every environment,
// no secret is in the file, and each environment is a valid configuration once its secrets are put.

const config = readWranglerConfig();
const ENVIRONMENTS = ['staging', 'production'] as const;
/** What README's "Deploy to Cloudflare Workers" says to `wrangler secret put`. */
const SECRETS = ['THUMBTACK_CLIENT_ID', 'THUMBTACK_CLIENT_SECRET', 'SESSION_SECRETS', 'WEBHOOK_SECRET'];
/** bff/edge/durable-objects.ts's list; production-worker.test.ts checks the bundle exports no other. */
const DURABLE_OBJECTS = {
  SESSIONS: 'SessionObject',
  APP_TOKENS: 'AppTokenObject',
  RATE_LIMITS: 'RateLimitObject',
  LIVE: 'LiveObject',
};

const envOf = (name: (typeof ENVIRONMENTS)[number]) => {
  const env = config.env?.[name];
  if (!env) throw new Error(`${WRANGLER_CONFIG}: no env.${name}`);
  return env;
};
const bindingsOf = (section: Record<string, unknown>) =>
  Object.fromEntries(
    (
      (section.durable_objects as { bindings?: { name: string; class_name: string }[] } | undefined)
        ?.bindings ?? []
    ).map((b) => [b.name, b.class_name]),
  );
/** A run_worker_first pattern (`*` matches anything) as a test of a path. */
const matches = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(path);

describe(WRANGLER_CONFIG, () => {
  it("reads the same with this repository's parser as with wrangler's own", () => {
    const wrangler = createRequire(import.meta.url)('wrangler') as {
      experimental_readRawConfig(args: { config: string }): { rawConfig: unknown };
    };
    const raw = wrangler.experimental_readRawConfig({ config: WRANGLER_CONFIG }).rawConfig;
    expect(parseJsonc(readFileSync(WRANGLER_CONFIG, 'utf8'))).toEqual(raw);
  });

  it('deploys bff/worker.ts with the SPA vite builds, deep links falling back to index.html', () => {
    expect(config.main).toBe('bff/worker.ts');
    expect(config.assets.directory).toBe(viteConfig.build?.outDir);
    expect(config.assets.not_found_handling).toBe('single-page-application');
    expect(config.send_metrics).toBe(false);
  });

  it('sends every path the BFF answers to the worker before any asset lookup', () => {
    const app = createApp(parseConfig({ MOCK_SIDE: 'demand' }), { logSink: () => {} });
    const paths = [...new Set(app.routes.map((route) => route.path))].filter((p) => p !== '/*');
    const first = config.assets.run_worker_first;
    expect(Array.isArray(first)).toBe(true);
    for (const path of paths) {
      const example = path.replace(/:[^/]+/g, '1').replace(/\*$/, 'x');
      expect(
        (first as string[]).some((pattern) => matches(pattern, example)),
        `${path} reaches the worker`,
      ).toBe(true);
    }
    // Nothing of the SPA's own goes to the worker first: its deep links are the assets' fallback.
    for (const spaPath of ['/', '/leads', '/businesses/1/reviews', '/assets/index.js', '/__thumbtack/x']) {
      expect(
        (first as string[]).some((pattern) => matches(pattern, spaPath)),
        spaPath,
      ).toBe(false);
    }
  });

  it('binds and migrates every Durable Object class, in every environment', () => {
    expect(bindingsOf(config)).toEqual(DURABLE_OBJECTS);
    for (const name of ENVIRONMENTS) expect(bindingsOf(envOf(name)), name).toEqual(DURABLE_OBJECTS);
    const migrated = (
      config.migrations as { new_sqlite_classes?: string[]; new_classes?: string[] }[]
    ).flatMap((m) => [...(m.new_sqlite_classes ?? []), ...(m.new_classes ?? [])]);
    expect(migrated.sort()).toEqual(Object.values(DURABLE_OBJECTS).sort());
  });

  it('holds no secret, and never defaults to the demo', () => {
    const sections = [config.vars ?? {}, ...ENVIRONMENTS.map((name) => envOf(name).vars ?? {})];
    for (const vars of sections) {
      for (const secret of [...SECRETS, 'REDIS_URL']) expect(vars).not.toHaveProperty(secret);
    }
    expect(config.vars).not.toHaveProperty('THUMBTACK_ENV');
    expect(JSON.stringify(config)).not.toContain('"mock"');
  });

  it.each(ENVIRONMENTS)('env.%s is a valid configuration once the documented secrets are put', (name) => {
    const vars = envOf(name).vars ?? {};
    expect(vars.THUMBTACK_ENV).toBe(name);
    // Vars are not inherited from the top level: each environment repeats every default.
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(Object.keys(config.vars ?? {})));
    const secrets = {
      THUMBTACK_CLIENT_ID: 'partner-client-id',
      THUMBTACK_CLIENT_SECRET: 'partner-client-secret',
      SESSION_SECRETS: 'Wm7pQ2xL9vT4kR8nZ1sB6dF3hJ0cY5gA',
      WEBHOOK_SECRET: 'Hq3vN8cT1mX6pL0wR5zK9bD2fJ7sY4gE',
    };
    expect(Object.keys(secrets)).toEqual(SECRETS);
    const parsed = parseConfig({ ...vars, ...secrets });
    expect(parsed.env).toBe(name);
    expect(parsed.publicOrigin).toMatch(/^https:\/\//);
    expect(parsed.sessionStore.kind).not.toBe('redis');
  });

  it('pins the compatibility date the workerd tests run with', () => {
    expect(config.compatibility_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readFileSync('test/support/workerd.ts', 'utf8')).toContain(
      `compatibilityDate: '${config.compatibility_date}'`,
    );
  });

  it("gives `npm run edge` the production settings plus only the mock's own", () => {
    const mock = mockWranglerConfig(config, {
      main: 'test/mocks/worker.ts',
      assetsDirectory: 'assets',
      vars: { THUMBTACK_ENV: 'mock', PUBLIC_ORIGIN: 'http://localhost:3000' },
    });
    expect(mock.compatibility_date).toBe(config.compatibility_date);
    expect(mock.compatibility_flags).toEqual([
      ...(config.compatibility_flags ?? []),
      ...MOCK_COMPATIBILITY_FLAGS,
    ]);
    expect(mock.assets).toEqual({
      ...config.assets,
      directory: 'assets',
      run_worker_first: [...(config.assets.run_worker_first as string[]), ...MOCK_WORKER_FIRST],
    });
    expect(mock.durable_objects).toEqual(config.durable_objects);
    expect(mock.migrations).toEqual(config.migrations);
    expect(mock.vars).toEqual({
      ...config.vars,
      THUMBTACK_ENV: 'mock',
      PUBLIC_ORIGIN: 'http://localhost:3000',
    });
    expect(mock).not.toHaveProperty('env');
    expect(mock).not.toHaveProperty('routes');
  });
});
