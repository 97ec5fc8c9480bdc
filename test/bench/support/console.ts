import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MOCK_PATHS } from '../../../bff/thumbtack/environments.ts';
import { DEMO_APP_SCOPES, DEMO_USER_SCOPES, type Side } from '../../../bff/thumbtack/scopes.ts';
import { DEMO_CLIENTS } from '../../mocks/thumbtack/index.ts';
import { fakeUrlOverrides } from '../../support/fake-urls.ts';
import { freePort } from '../../support/free-port.ts';
import { HttpBrowser } from '../../support/http-browser.ts';
import { type Child, spawnNode, waitFor200 } from './processes.ts';

// The pieces every bench section and the soak put together: the BFF built the way production runs it,
// the fake Thumbtack as its own process, and a signed-in browser's cookies.

export const ROOT = resolve('.');
const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'console-bench');
export const SESSION_COOKIE_NAME = '__Host-tt-session';

export interface BuiltServer {
  /** The bundle `npm run build:server` would write to dist/server/node.js. */
  bundle: string;
  /** A working directory with dist/web/index.html, which the server needs to start. */
  cwd: string;
}

let built: BuiltServer | undefined;

/**
 * Builds the BFF with the very command of package.json's `build:server` (only the output file moved
 * under node_modules/.cache), once per run: the BFF is measured as it is in the working tree now.
 */
export function buildServer(): BuiltServer {
  if (built) return built;
  const script = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts[
    'build:server'
  ] as string;
  const [tool, ...rest] = script.split(' ');
  if (tool !== 'esbuild') throw new Error(`build:server no longer runs esbuild: ${script}`);
  const bundle = join(BUILD_DIR, 'node.js');
  const args = rest.map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${bundle}` : arg));
  mkdirSync(BUILD_DIR, { recursive: true });
  execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), args, { cwd: ROOT, stdio: 'pipe' });
  // The server refuses to start without the built SPA; a stand-in shell is enough to measure the API.
  const cwd = join(BUILD_DIR, 'cwd');
  mkdirSync(join(cwd, 'dist', 'web'), { recursive: true });
  writeFileSync(join(cwd, 'dist', 'web', 'index.html'), '<!doctype html><title>console</title>');
  built = { bundle, cwd };
  return built;
}

/** A session secret staging accepts (random per run: nothing here is meant to outlive the run). */
export function sessionSecret(): string {
  return randomBytes(48).toString('base64');
}

export interface FakeProcess {
  child: Child;
  origin: string;
  /** The URL overrides that point a staging BFF at this fake (API included). */
  urls: Record<string, string>;
  stats(): Promise<{ token: Record<string, number>; api: number }>;
  control(path: string, body?: unknown): Promise<Response>;
}

/** `npm run fake` as a child process (serve.ts under tsx), with redirect URIs for the given consoles. */
export async function startFake(
  redirectOrigins: string[],
  { accessTokenTtlSeconds }: { accessTokenTtlSeconds?: number } = {},
): Promise<FakeProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    FAKE_PORT: String(port),
    FAKE_HOST: '127.0.0.1',
    FAKE_ORIGIN: origin,
    FAKE_REDIRECT_URIS: redirectOrigins.map((o) => `${o}/auth/callback`).join(','),
  };
  if (accessTokenTtlSeconds !== undefined) env.FAKE_ACCESS_TOKEN_TTL_SECONDS = String(accessTokenTtlSeconds);
  const child = spawnNode('fake Thumbtack', ['--import', 'tsx', 'test/mocks/thumbtack/serve.ts'], {
    cwd: ROOT,
    env,
  });
  const control = `${origin}${MOCK_PATHS.control}`;
  await waitFor200(`${control}/stats`, child);
  return {
    child,
    origin,
    urls: fakeUrlOverrides(origin),
    async stats() {
      const res = await fetch(`${control}/stats`);
      return (await res.json()) as { token: Record<string, number>; api: number };
    },
    async control(path: string, body: unknown = {}) {
      const res = await fetch(`${control}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`fake control ${path} answered ${res.status}: ${await res.text()}`);
      return res;
    },
  };
}

export interface BffProcess {
  child: Child;
  side: Side;
  /** PUBLIC_ORIGIN (http://localhost:port): what browsers, cookies and redirect URIs use. */
  origin: string;
  /** The same server by address, for load generators that should not resolve names. */
  address: string;
  port: number;
  secret: string;
}

export interface BffOptions {
  side: Side;
  port: number;
  fake: FakeProcess;
  /** Overrides THUMBTACK_API_BASE (the proxy bench points it at the upstream stub). */
  apiBase?: string;
  env?: Record<string, string>;
  /** Extra node flags before the bundle, e.g. `--import <probe>`. */
  nodeArgs?: string[];
  ipc?: boolean;
}

/** The origin a BFF on `port` calls itself; the fake must know its callback before the BFF starts. */
export const consoleOrigin = (port: number) => `http://localhost:${port}`;

/** The built server as staging (`node dist/server/node.js`), every Thumbtack URL pointing at the fake. */
export async function startBff(options: BffOptions): Promise<BffProcess> {
  const { bundle, cwd } = buildServer();
  const secret = sessionSecret();
  const origin = consoleOrigin(options.port);
  const client = DEMO_CLIENTS[options.side];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    THUMBTACK_ENV: 'staging',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: origin,
    THUMBTACK_CLIENT_ID: client.id,
    THUMBTACK_CLIENT_SECRET: client.secret,
    THUMBTACK_SCOPES: DEMO_USER_SCOPES[options.side].join(' '),
    SESSION_SECRETS: secret,
    LOG_LEVEL: 'warn',
    // The load comes from one address: the per-IP limits would measure themselves, not the proxy.
    AUTH_RATE_LIMIT: '1000000',
    APP_RATE_LIMIT: '1000000',
    ...options.fake.urls,
    ...(options.apiBase ? { THUMBTACK_API_BASE: options.apiBase } : {}),
    ...(options.side === 'demand'
      ? { THUMBTACK_APP_SCOPES: DEMO_APP_SCOPES.join(' '), THUMBTACK_UTM_SOURCE: 'cma-partner-console-bench' }
      : {}),
    ...options.env,
  };
  const child = spawnNode(`BFF (${options.side})`, [...(options.nodeArgs ?? []), bundle], {
    cwd,
    env,
    ipc: options.ipc,
  });
  const address = `http://127.0.0.1:${options.port}`;
  await waitFor200(`${address}/healthz`, child);
  return { child, side: options.side, origin, address, port: options.port, secret };
}

/** Signs a demo person in through the fake's consent page; returns the browser (cookies inside). */
export async function signIn(bff: BffProcess): Promise<HttpBrowser> {
  const browser = new HttpBrowser(bff.origin);
  const account = bff.side === 'supply' ? 'demo-pro' : 'demo-customer';
  const res = await browser.signIn(account);
  if (res.status !== 302 || !browser.cookies.has(SESSION_COOKIE_NAME)) {
    const chunked = [...browser.cookies.keys()].some((k) => k.startsWith(`${SESSION_COOKIE_NAME}.`));
    if (res.status !== 302 || !chunked) {
      throw new Error(`sign-in on the ${bff.side} console answered ${res.status}: ${await res.text()}`);
    }
  }
  return browser;
}

/** The Cookie header a browser with these cookies sends. */
export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** The session cookie's value, chunks joined in order (as the BFF's cookie jar reads it). */
export function sessionCookieValue(cookies: Map<string, string>): string {
  const whole = cookies.get(SESSION_COOKIE_NAME);
  if (whole !== undefined) return whole;
  const parts: string[] = [];
  for (let i = 0; cookies.has(`${SESSION_COOKIE_NAME}.${i}`); i++) {
    parts.push(cookies.get(`${SESSION_COOKIE_NAME}.${i}`) as string);
  }
  if (parts.length === 0) throw new Error('no session cookie');
  return parts.join('');
}
