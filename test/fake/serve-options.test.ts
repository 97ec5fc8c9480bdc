import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { proTokenVia } from './fake-harness.ts';

// serve.ts (`npm run fake`) options that only exist on the command line: FAKE_ACCESS_TOKEN_TTL_SECONDS
// makes tokens short-lived, so a BFF in front of it (the soak test) refreshes during a run;
// FAKE_ALLOW_LOCALHOST_WEBHOOKS (default on) lets the mock-mode consoles sharing it receive webhooks.

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

function serve(env: Record<string, string>) {
  const started = spawn(process.execPath, ['--import', 'tsx', 'test/mocks/thumbtack/serve.ts'], {
    env: { ...process.env, FAKE_PORT: '0', FAKE_ORIGIN: 'http://fake.localhost:4010', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  started.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => started.once('exit', (code) => done(code)));
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake did not start:\n${output}`)), 10_000);
    started.stdout?.on('data', () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fake exited with ${code}:\n${output}`));
    });
  });
  return { port, exited, output: () => output };
}

async function clientCredentials(port: number) {
  const client = DEMO_CLIENTS.demand;
  const res = await fetch(`http://127.0.0.1:${port}/__thumbtack/auth/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${btoa(`${client.id}:${client.secret}`)}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      audience: 'urn:partner-api',
      scope: 'demand::keywords.read',
    }),
  });
  return (await res.json()) as { expires_in: number };
}

describe('serve.ts options', () => {
  it('issues access tokens for FAKE_ACCESS_TOKEN_TTL_SECONDS', async () => {
    const fake = serve({ FAKE_ACCESS_TOKEN_TTL_SECONDS: '70' });
    expect((await clientCredentials(await fake.port)).expires_in).toBe(70);
  });

  it('keeps the hour by default (unset or empty)', async () => {
    const fake = serve({ FAKE_ACCESS_TOKEN_TTL_SECONDS: '' });
    expect((await clientCredentials(await fake.port)).expires_in).toBe(3600);
  });

  it.each(['0', '1.5', 'soon'])('refuses FAKE_ACCESS_TOKEN_TTL_SECONDS=%j and exits 1', async (value) => {
    const fake = serve({ FAKE_ACCESS_TOKEN_TTL_SECONDS: value });
    fake.port.catch(() => undefined);
    expect(await fake.exited).toBe(1);
    expect(fake.output()).toContain('FAKE_ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds');
  });
});

/** Registers a webhook for the demo pro's first business through the served fake; the status. */
async function createWebhook(port: number, webhookURL: string): Promise<number> {
  const base = `http://127.0.0.1:${port}/__thumbtack`;
  const token = await proTokenVia(fetch, `${base}/auth`);
  const response = await fetch(`${base}/api/api/v4/businesses/${DEMO_ACCOUNTS.pro.businessIDs[0]}/webhooks`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ webhookURL, eventTypes: ['NegotiationCreatedV4'], enabled: true }),
  });
  return response.status;
}

describe('serve.ts FAKE_ALLOW_LOCALHOST_WEBHOOKS', () => {
  it('accepts http://localhost webhook URLs by default (it only ever serves mocked-network mode)', async () => {
    const fake = serve({ FAKE_ALLOW_LOCALHOST_WEBHOOKS: '' });
    const port = await fake.port;
    expect(await createWebhook(port, 'http://localhost:3000/webhooks/thumbtack')).toBe(201);
    expect(await createWebhook(port, 'http://partner.example/hook')).toBe(400);
    expect(fake.output()).toContain('https, or http on localhost');
  });

  it('is https only, as Thumbtack, with 0', async () => {
    const fake = serve({ FAKE_ALLOW_LOCALHOST_WEBHOOKS: '0' });
    const port = await fake.port;
    expect(await createWebhook(port, 'http://localhost:3000/webhooks/thumbtack')).toBe(400);
    expect(await createWebhook(port, 'https://partner.example/hook')).toBe(201);
  });

  it.each(['yes', 'true', '2'])('refuses FAKE_ALLOW_LOCALHOST_WEBHOOKS=%j and exits 1', async (value) => {
    const fake = serve({ FAKE_ALLOW_LOCALHOST_WEBHOOKS: value });
    fake.port.catch(() => undefined);
    expect(await fake.exited).toBe(1);
    expect(fake.output()).toContain('FAKE_ALLOW_LOCALHOST_WEBHOOKS must be 0 or 1');
  });
});
