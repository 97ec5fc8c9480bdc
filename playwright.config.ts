import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Browser journeys against the console in mocked-network mode on both runtimes: on Node (what
// `npm start` runs) and on workerd (what `npm run edge` runs through wrangler dev), each with one
// console on the supply (pro) demo and one on the demand (customer) demo, each on its own port.
const PORT = Number(process.env.E2E_PORT ?? 3199);
const DEMAND_PORT = PORT - 1;
const EDGE_PORT = PORT - 2;
const EDGE_DEMAND_PORT = PORT - 3;
const serverEnv = { AUTH_RATE_LIMIT: '1000', APP_RATE_LIMIT: '1000', THUMBTACK_ENV: 'mock' };
// npm test finds or installs a Chromium and passes it in; run alone, Debian's is used when present,
// else Playwright's own download.
const executablePath =
  process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'supply', testIgnore: '**/demand/**', use: browserFor(PORT) },
    { name: 'demand', testMatch: '**/demand/**/*.spec.ts', use: browserFor(DEMAND_PORT) },
    // The same journeys on workerd; the screenshots are taken from the Node console only.
    {
      name: 'supply-edge',
      testIgnore: ['**/demand/**', '**/screenshots.spec.ts'],
      use: browserFor(EDGE_PORT),
    },
    { name: 'demand-edge', testMatch: '**/demand/**/*.spec.ts', use: browserFor(EDGE_DEMAND_PORT) },
  ],
  webServer: [
    { project: 'supply', server: consoleServer(PORT, 'supply') },
    { project: 'demand', server: consoleServer(DEMAND_PORT, 'demand') },
    { project: 'supply-edge', server: edgeConsoleServer(EDGE_PORT, 'supply') },
    { project: 'demand-edge', server: edgeConsoleServer(EDGE_DEMAND_PORT, 'demand') },
  ]
    .filter(({ project }) => selected(project))
    .map(({ server }) => server),
});

/**
 * Whether a project was asked for (`--project`, globs allowed; none: all). Playwright starts every web
 * server whatever the projects, so a run of the Node journeys alone would otherwise start wrangler too.
 */
function selected(project: string): boolean {
  const patterns: string[] = [];
  process.argv.forEach((arg, i) => {
    if (arg === '--project') patterns.push(process.argv[i + 1] ?? '');
    else if (arg.startsWith('--project=')) patterns.push(arg.slice('--project='.length));
  });
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => {
    const glob = pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*');
    return new RegExp(`^${glob}$`).test(project);
  });
}

/** Debian's or Playwright's Chromium, headless, kept off the network it cannot reach here. */
function browserFor(port: number) {
  return {
    ...devices['Desktop Chrome'],
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  };
}

/** `npm start`'s entry in mocked-network mode on one side of the demo. */
function consoleServer(port: number, side: 'supply' | 'demand') {
  return {
    command: 'node --import tsx test/mocks/start.ts',
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { ...serverEnv, PORT: String(port), MOCK_SIDE: side },
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}

/**
 * `npm run edge`'s entry: the same console on workerd through `wrangler dev` (local, offline). Stopped
 * with SIGTERM so wrangler tears workerd down itself; one wrangler per side for the whole run.
 */
function edgeConsoleServer(port: number, side: 'supply' | 'demand') {
  return {
    command: 'node --import tsx test/mocks/edge.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { ...serverEnv, PORT: String(port), MOCK_SIDE: side },
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}
