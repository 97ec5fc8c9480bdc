import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';
import { freePort } from '../support/free-port.ts';
import { TestBrowser } from '../support/test-browser.ts';

// Several consoles can share one fake: `npm run fake` runs it alone, and a mock-mode console given
// FAKE_THUMBTACK_URL talks to it over real HTTP instead of mounting its own.

let fake: ChildProcess;
let fakeOrigin: string;

beforeAll(async () => {
  const port = await freePort();
  fakeOrigin = `http://localhost:${port}`;
  fake = spawn('node_modules/.bin/tsx', ['test/mocks/thumbtack/serve.ts'], {
    env: { ...process.env, FAKE_PORT: String(port), FAKE_REDIRECT_URIS: 'http://localhost/auth/callback' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake did not start')), 15_000);
    fake.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    fake.once('exit', (code) => reject(new Error(`the fake exited with ${code}`)));
  });
}, 20_000);

afterAll(() => {
  fake?.kill();
});

function consoleApp() {
  const config = parseConfig({
    PUBLIC_ORIGIN: 'http://localhost',
    SESSION_SECRETS: 'external-fake-test-secret-0123456789abcdef',
    FAKE_THUMBTACK_URL: fakeOrigin,
  });
  return createApp(config, { logSink: () => {} });
}

describe('a mock-mode console using an external fake (FAKE_THUMBTACK_URL)', () => {
  it('signs in and calls the API over HTTP; two consoles share the fake', async () => {
    const stats = async () => (await fetch(`${fakeOrigin}/__thumbtack/control/stats`)).json();
    for (const app of [consoleApp(), consoleApp()]) {
      const browser = new TestBrowser(app);
      const login = await browser.request('/auth/login', { csrf: false });
      const authorize = login.headers.get('location') as string;
      expect(authorize.startsWith(`${fakeOrigin}/__thumbtack/auth/oauth2/auth?`)).toBe(true);
      const decided = await fetch(authorize, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ account: 'demo-pro', decision: 'allow' }),
        redirect: 'manual',
      });
      const callback = new URL(decided.headers.get('location') as string);
      expect((await browser.request(`${callback.pathname}${callback.search}`, { csrf: false })).status).toBe(
        302,
      );
      const businesses = await browser.request('/api/v4/businesses');
      expect(businesses.status).toBe(200);
      expect(((await businesses.json()) as { data: unknown[] }).data).toHaveLength(2);
    }
    expect(await stats()).toMatchObject({ token: { authorization_code: 2 } });
  });
});
