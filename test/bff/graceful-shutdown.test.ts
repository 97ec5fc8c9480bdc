import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER_SCOPES } from '../../bff/thumbtack/scopes.ts';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { type FakeServer, startFakeServer } from '../support/fake-server.ts';
import { freePort } from '../support/free-port.ts';
import { HttpBrowser } from '../support/http-browser.ts';

// SIGTERM, as a container runtime or a service manager sends it, to the production server built the
// way `npm run build` builds it (plain JavaScript, no npm or tsx in the signal path). With a slow
// Thumbtack and requests in flight, every request completes with its real answer, new connections are
// refused, a repeated signal does not cut the drain short, and the process exits 0.

const ROOT = resolve('.');
const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'console-shutdown-test');
const BUNDLE = join(BUILD_DIR, 'node.js');
const LATENCY_MS = 1500;
const SECRET = 'Wm7pQ2xL9vT4kR8nZ1sB6dF3hJ0cY5gA';

let work: string;
let fake: FakeServer;
let child: ChildProcess | undefined;

beforeAll(() => {
  // The very command `npm run build:server` runs, into a place of our own.
  const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts['build:server'] as string;
  const args = script
    .split(' ')
    .slice(1)
    .map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${BUNDLE}` : arg));
  mkdirSync(BUILD_DIR, { recursive: true });
  execFileSync('node_modules/.bin/esbuild', args, { stdio: 'pipe' });
  // The server serves the built SPA from ./dist/web; a stand-in shell is enough here.
  work = mkdtempSync(join(BUILD_DIR, 'cwd-'));
  mkdirSync(join(work, 'dist', 'web'), { recursive: true });
  writeFileSync(join(work, 'dist', 'web', 'index.html'), '<!doctype html><title>console</title>');
}, 60_000);

// The fake server closes itself when the test finishes, after this hook.
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

afterAll(() => rmSync(BUILD_DIR, { recursive: true, force: true }));

interface Started {
  origin: string;
  port: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Starts the built server as staging against the fake; `wrapped` puts a signal-relaying shell in front. */
async function startServer({
  wrapped = false,
  extraEnv = {},
}: {
  wrapped?: boolean;
  extraEnv?: Record<string, string>;
} = {}): Promise<Started> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  fake = await startFakeServer([`${origin}/auth/callback`]);
  const env = {
    PATH: process.env.PATH ?? '',
    THUMBTACK_ENV: 'staging',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: origin,
    THUMBTACK_CLIENT_ID: DEMO_CLIENTS.supply.id,
    THUMBTACK_CLIENT_SECRET: DEMO_CLIENTS.supply.secret,
    THUMBTACK_SCOPES: DEMO_USER_SCOPES.supply.join(' '),
    SESSION_SECRETS: SECRET,
    LOG_LEVEL: 'warn',
    ...fake.urls,
    ...extraEnv,
  };
  const command = wrapped
    ? [
        'sh',
        [
          '-c',
          // A wrapper that relays TERM to its child, as npm, tsx or a process supervisor might.
          `trap 'kill -TERM $pid' TERM; ${process.execPath} ${BUNDLE} & pid=$!; wait $pid; wait $pid`,
        ],
      ]
    : [process.execPath, [BUNDLE]];
  let output = '';
  const started = spawn(command[0] as string, command[1] as string[], {
    cwd: work,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  started.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  started.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    started.once('exit', (code, signal) => done({ code, signal })),
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await fetch(`${origin}/healthz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || started.exitCode !== null)
      throw new Error(`the server did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return { origin, port, exit, output: () => output };
}

/** A request on a brand-new connection (no pooled keep-alive socket). */
function freshConnection(port: number): Promise<number | string> {
  return new Promise((done) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
    req.end();
  });
}

async function inFlightWork(browser: HttpBrowser) {
  const negotiationID = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
  const apiBefore = fake.fake.control.stats().api;
  fake.fake.control.setFaults({ api: { latencyMs: LATENCY_MS } });
  const gets = Array.from({ length: 10 }, () => browser.request('/api/v4/businesses'));
  const posts = Array.from({ length: 5 }, (_, i) =>
    browser.request(`/api/v4/negotiations/${negotiationID}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: `drain test message ${i}` }),
    }),
  );
  // Wait until Thumbtack has all 15: they are truly in flight when the signal comes.
  for (let i = 0; i < 200 && fake.fake.control.stats().api < apiBefore + 15; i++) {
    await new Promise((done) => setTimeout(done, 10));
  }
  expect(fake.fake.control.stats().api).toBe(apiBefore + 15);
  return { gets, posts, negotiationID };
}

async function expectAllAnswered(work: Awaited<ReturnType<typeof inFlightWork>>) {
  const gets = await Promise.all(work.gets);
  const posts = await Promise.all(work.posts);
  expect(gets.map((r) => r.status)).toEqual(Array(10).fill(200));
  for (const res of gets) expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(2);
  expect(posts.map((r) => r.status)).toEqual(Array(5).fill(201));
  const texts = await Promise.all(posts.map(async (r) => ((await r.json()) as { text: string }).text));
  expect(texts.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `drain test message ${i}`));
}

describe('graceful shutdown of the built Node server', () => {
  it('on SIGTERM (sent twice) finishes every request in flight, refuses new connections, exits 0', async () => {
    const server = await startServer();
    const browser = new HttpBrowser(server.origin);
    expect((await browser.signIn()).status).toBe(302);
    const work = await inFlightWork(browser);
    const pid = child?.pid as number;
    process.kill(pid, 'SIGTERM');
    await new Promise((done) => setTimeout(done, 150));
    // A second signal (a relay, an impatient operator) must not cut the drain short.
    process.kill(pid, 'SIGTERM');
    expect(['ECONNREFUSED', 503]).toContain(await freshConnection(server.port));
    await expectAllAnswered(work);
    const { code, signal } = await server.exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('shutdown already under way; signal ignored');
  }, 30_000);

  it('on SIGTERM to the whole process group, through a relaying wrapper, does the same', async () => {
    const server = await startServer({ wrapped: true });
    const browser = new HttpBrowser(server.origin);
    expect((await browser.signIn()).status).toBe(302);
    const work = await inFlightWork(browser);
    // The group: the wrapper (which relays) and the server both get it, so the server gets two.
    process.kill(-(child?.pid as number), 'SIGTERM');
    await new Promise((done) => setTimeout(done, 150));
    expect(['ECONNREFUSED', 503]).toContain(await freshConnection(server.port));
    await expectAllAnswered(work);
    const { code } = await server.exit;
    expect(code).toBe(0);
  }, 30_000);

  it('cuts what is left at SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const server = await startServer({ extraEnv: { SHUTDOWN_TIMEOUT_MS: '500' } });
    const browser = new HttpBrowser(server.origin);
    expect((await browser.signIn()).status).toBe(302);
    const apiBefore = fake.fake.control.stats().api;
    fake.fake.control.setFaults({ api: { latencyMs: 5000 } });
    const stuck = browser.request('/api/v4/businesses').then(
      (res) => res.status,
      () => 'cut' as const,
    );
    for (let i = 0; i < 200 && fake.fake.control.stats().api === apiBefore; i++) {
      await new Promise((done) => setTimeout(done, 10));
    }
    const signalledAt = performance.now();
    process.kill(child?.pid as number, 'SIGTERM');
    const { code } = await server.exit;
    const tookMs = performance.now() - signalledAt;
    expect(code).toBe(0);
    expect(await stuck).toBe('cut');
    expect(tookMs).toBeGreaterThanOrEqual(450);
    expect(tookMs).toBeLessThan(3000);
  }, 30_000);

  it('shuts down when the wrapper it runs under (npm, tsx) is stopped without passing the signal on', async () => {
    const wrapper = spawn(
      'sh',
      ['-c', `${process.execPath} --import tsx test/bff/fixtures/orphaned-server.ts & wait`],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    const ready = new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ready line: ${output}`)), 15_000);
      wrapper.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /ready (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
    });
    const serverPid = await ready;
    wrapper.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      try {
        process.kill(serverPid, 0);
      } catch {
        alive = false;
      }
    }
    if (alive) process.kill(serverPid, 'SIGKILL');
    expect(alive).toBe(false);
    expect(output).toContain('parent process exited');
    expect(output).toContain('drained');
  }, 30_000);
});
