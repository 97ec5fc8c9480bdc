import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Browser journeys against the server `npm start` runs, in mocked-network mode: one console on the
// supply (pro) demo and one on the demand (customer) demo, each on its own port.
const PORT = Number(process.env.E2E_PORT ?? 3199);
const DEMAND_PORT = PORT - 1;
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
  ],
  webServer: [consoleServer(PORT, 'supply'), consoleServer(DEMAND_PORT, 'demand')],
});

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
