import { randomBytes } from 'node:crypto';
import { sealData } from 'iron-session';
import { createKeyRing, unseal } from '../../../bff/session/seal.ts';
import { SESSION_COOKIE } from '../../../bff/session/session-cookie.ts';
import type { SessionData } from '../../../bff/session/session-data.ts';
import { DEMO_CLIENTS } from '../../mocks/thumbtack/index.ts';
import { freePort } from '../../support/free-port.ts';
import { EXPRESS_SESSION_COOKIE } from '../servers/names.ts';
import {
  type BffProcess,
  consoleOrigin,
  cookieHeader,
  type FakeProcess,
  ROOT,
  sessionCookieValue,
  signIn,
  startBff,
  startFake,
} from '../support/console.ts';
import { ensureAlive, load } from '../support/load.ts';
import { type Child, spawnNode, stopAll, waitFor200 } from '../support/processes.ts';
import { fmt, median, table } from '../support/report.ts';

// Proxy overhead: the same upstream stub reached four ways, under the same load, in interleaved rounds
// (each round runs every target once, in an order that rotates), so a burst of noise from elsewhere on
// the machine lands on every target alike instead of on whichever ran at that moment.
//   (a) the stub directly: the floor of the machine and the load generator;
//   (b) a bare Hono pass-through proxy (bearer in, Set-Cookie out, nothing else);
//   (c) the BFF, built as production runs it, with a real signed-in session;
//   (d) Express + iron-session + http-proxy-middleware doing the BFF's job the common way.
// Each server runs in its own process; autocannon runs in this one.

export interface ProxyOptions {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
}

type TargetId = 'a' | 'b' | 'c' | 'd';
const TARGET_NAMES: Record<TargetId, string> = {
  a: '(a) upstream stub, direct',
  b: '(b) bare Hono pass-through proxy',
  c: '(c) the BFF (built server, staging)',
  d: '(d) Express + iron-session + http-proxy-middleware',
};
const TARGETS: readonly TargetId[] = ['a', 'b', 'c', 'd'];

interface Target {
  id: TargetId;
  url: string;
  headers: Record<string, string>;
}

interface RunResult {
  round: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface TargetSummary {
  target: TargetId;
  name: string;
  url: string;
  responseBytes: number;
  /** Medians over the rounds. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  runs: RunResult[];
}

export interface RouteResult {
  route: string;
  token: 'user' | 'app';
  targets: TargetSummary[];
  /** Throughput ratios of medians; below 1 means the BFF is slower. */
  ratioCOverB: number;
  ratioCOverD: number;
  /** Median p99 of (c) minus median p99 of (b), in ms. */
  p99AddedByCOverBMs: number;
}

export interface ProxyResult {
  options: ProxyOptions;
  routes: RouteResult[];
  notes: string[];
}

const USER_ROUTE = '/api/v4/businesses';
const APP_ROUTE = '/api/v4/keywords/search?searchQuery=car';

export async function benchProxy(options: ProxyOptions, log: (line: string) => void): Promise<ProxyResult> {
  try {
    return await run(options, log);
  } finally {
    await stopAll();
  }
}

async function run(options: ProxyOptions, log: (line: string) => void): Promise<ProxyResult> {
  const [stubPort, honoPort, expressPort, supplyPort, demandPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const fake = await startFake([consoleOrigin(supplyPort as number), consoleOrigin(demandPort as number)]);
  const stub = `http://127.0.0.1:${stubPort}`;
  const stubChild = spawnNode('upstream stub', ['--import', 'tsx', 'test/bench/servers/upstream-stub.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', STUB_PORT: String(stubPort) },
  });
  await waitFor200(`${stub}${USER_ROUTE}`, stubChild);
  log('  starting the BFF twice (supply, demand) with the stub as its API base');
  const [supply, demand] = await Promise.all([
    startBff({ side: 'supply', port: supplyPort as number, fake, apiBase: `${stub}/api` }),
    startBff({ side: 'demand', port: demandPort as number, fake, apiBase: `${stub}/api` }),
  ]);
  const browser = await signIn(supply);
  const session = await openSession(supply, browser.cookies);
  const appToken = await clientCredentialsToken(fake);

  const hono = `http://127.0.0.1:${honoPort}`;
  const honoChild = spawnNode('hono proxy', ['--import', 'tsx', 'test/bench/servers/hono-proxy.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PROXY_PORT: String(honoPort),
      UPSTREAM: stub,
      ACCESS_TOKEN: session.accessToken,
    },
  });
  const password = randomBytes(36).toString('base64');
  const express = `http://127.0.0.1:${expressPort}`;
  const expressChild = spawnNode(
    'express proxy',
    ['--import', 'tsx', 'test/bench/servers/express-proxy.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PROXY_PORT: String(expressPort),
        UPSTREAM: stub,
        SESSION_PASSWORD: password,
        APP_TOKEN: appToken,
      },
    },
  );
  // The same session the BFF holds (user, scopes, both tokens), sealed the iron-session way.
  const ironCookie = `${EXPRESS_SESSION_COOKIE}=${await sealData(session, { password })}`;
  const csrf = { 'x-csrf': '1' };
  // A browser sends its cookies to every server on the origin: (b) gets the same request as (c) and
  // must parse it too, though it has no session to open.
  const browserCookie = cookieHeader(browser.cookies);
  const userTargets: Target[] = [
    { id: 'a', url: `${stub}${USER_ROUTE}`, headers: {} },
    { id: 'b', url: `${hono}${USER_ROUTE}`, headers: { ...csrf, cookie: browserCookie } },
    {
      id: 'c',
      url: `${supply.address}${USER_ROUTE}`,
      headers: { ...csrf, cookie: browserCookie },
    },
    { id: 'd', url: `${express}${USER_ROUTE}`, headers: { ...csrf, cookie: ironCookie } },
  ];
  // Marketplace browsing needs no sign-in: no session cookie, the app's own token upstream.
  const appTargets: Target[] = [
    { id: 'a', url: `${stub}${APP_ROUTE}`, headers: {} },
    { id: 'b', url: `${hono}${APP_ROUTE}`, headers: csrf },
    { id: 'c', url: `${demand.address}${APP_ROUTE}`, headers: csrf },
    { id: 'd', url: `${express}${APP_ROUTE}`, headers: csrf },
  ];
  await waitForTarget(userTargets[1] as Target, honoChild);
  await waitForTarget(userTargets[3] as Target, expressChild);
  const bytes = new Map<string, number>();
  for (const target of [...userTargets, ...appTargets]) bytes.set(target.url, await check(target));

  const routes: RouteResult[] = [];
  for (const [route, token, targets, bff] of [
    [USER_ROUTE, 'user', userTargets, supply],
    [APP_ROUTE, 'app', appTargets, demand],
  ] as const) {
    log(
      `  GET ${route} (${token} token): ${options.rounds} rounds × 4 targets × ${options.durationSeconds} s`,
    );
    const runs = new Map<TargetId, RunResult[]>(TARGETS.map((id) => [id, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order each round, so no target always runs first (or right after the slowest).
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
      for (const target of order) {
        ensureAlive([fake.child, stubChild, honoChild, expressChild, bff.child]);
        if (options.warmupSeconds > 0) await load(target, options, options.warmupSeconds);
        const result = await load(target, options, options.durationSeconds);
        const runResult: RunResult = {
          round: round + 1,
          reqPerSec: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        };
        runs.get(target.id)?.push(runResult);
        log(
          `    round ${round + 1} ${target.id}: ${fmt(runResult.reqPerSec)} req/s, p50 ${runResult.p50Ms} ms, p99 ${runResult.p99Ms} ms` +
            (runResult.non2xx || runResult.errors
              ? `, non-2xx ${runResult.non2xx}, errors ${runResult.errors}`
              : ''),
        );
      }
    }
    const summaries = targets.map((target): TargetSummary => {
      const list = runs.get(target.id) ?? [];
      return {
        target: target.id,
        name: TARGET_NAMES[target.id],
        url: target.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''),
        responseBytes: bytes.get(target.url) ?? 0,
        reqPerSec: median(list.map((r) => r.reqPerSec)),
        p50Ms: median(list.map((r) => r.p50Ms)),
        p99Ms: median(list.map((r) => r.p99Ms)),
        non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
        errors: list.reduce((sum, r) => sum + r.errors, 0),
        runs: list,
      };
    });
    const by = (id: TargetId) => summaries.find((s) => s.target === id) as TargetSummary;
    routes.push({
      route,
      token,
      targets: summaries,
      ratioCOverB: by('c').reqPerSec / by('b').reqPerSec,
      ratioCOverD: by('c').reqPerSec / by('d').reqPerSec,
      p99AddedByCOverBMs: by('c').p99Ms - by('b').p99Ms,
    });
  }
  return {
    options,
    routes,
    notes: [
      'Each server under test is its own process; autocannon runs in the bench process on the same machine, so the load generator, the stub and the server under test share its cores (the stub costs little: see (a)).',
      'User-token route: (b) and (c) get the same request, the cookie of a real signed-in session (about 3.7 KB; (c) opens and checks it on every request, (b) has no sessions and ignores it), (d) an iron-session cookie sealing the same session. App-token route: no cookie anywhere; (c) and (d) use an app token, (c) the one it got from the fake by client credentials.',
      "The stub answers the user route with two businesses padded to a realistic size (the fields beyond businessID, name and imageURL are made up; the BFF relays the body as text) and the app route with a page of ten keywords from the fake's catalogue.",
      'Latency percentiles are those of 2xx answers (autocannon); any non-2xx or error is counted in the table and makes the run suspect.',
    ],
  };
}

/** The session a browser's cookie holds, opened with the BFF's own key ring and seal code. */
async function openSession(bff: BffProcess, cookies: Map<string, string>): Promise<SessionData> {
  const ring = await createKeyRing([bff.secret]);
  const opened = await unseal<SessionData>(ring, SESSION_COOKIE, sessionCookieValue(cookies));
  if (!opened) throw new Error('the session cookie did not open with the BFF key ring (did seal.ts change?)');
  return opened.payload;
}

/** A real client-credentials token from the fake, for (d)'s app-token route. */
async function clientCredentialsToken(fake: FakeProcess): Promise<string> {
  const client = DEMO_CLIENTS.demand;
  const res = await fetch(fake.urls.THUMBTACK_TOKEN_URL as string, {
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
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`client credentials failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function waitForTarget(target: Target, child: Child): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(target.url, { headers: target.headers }).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    if (!child.alive() || Date.now() > deadline) {
      throw new Error(
        `${child.name} did not answer ${target.url} with 200 (last ${status}):\n${child.output()}`,
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * One request by hand before any load: 200, a JSON body of the stub's, and (through a proxy) no
 * upstream cookie. A proxy that answered something else would be measured doing the wrong job.
 */
async function check(target: Target): Promise<number> {
  const res = await fetch(target.url, { headers: target.headers });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${TARGET_NAMES[target.id]}: ${target.url} answered ${res.status}: ${text}`);
  JSON.parse(text);
  const leaked = res.headers.getSetCookie().filter((c) => c.startsWith('__cf_bm='));
  if (target.id !== 'a' && leaked.length > 0) {
    throw new Error(`${TARGET_NAMES[target.id]} passed the upstream's Set-Cookie on`);
  }
  return Buffer.byteLength(text);
}

export function proxyMarkdown(result: ProxyResult): string {
  const o = result.options;
  const parts: string[] = [
    `## Proxy overhead\n\n${o.connections} connections, ${o.rounds} interleaved rounds, ${o.durationSeconds} s per run after a ${o.warmupSeconds} s warm-up; medians over the rounds.`,
  ];
  for (const route of result.routes) {
    parts.push(
      `### GET ${route.route} (${route.token} token)\n\n${table(
        ['target', 'req/s', 'req/s per round', 'p50 ms', 'p99 ms', 'body B', 'non-2xx', 'errors'],
        route.targets.map((t) => [
          t.name,
          fmt(t.reqPerSec),
          t.runs.map((r) => fmt(r.reqPerSec)).join(' / '),
          fmt(t.p50Ms),
          fmt(t.p99Ms),
          fmt(t.responseBytes),
          fmt(t.non2xx),
          fmt(t.errors),
        ]),
      )}\n\nc/b = ${fmt(route.ratioCOverB, 2)} · c/d = ${fmt(route.ratioCOverD, 2)} · p99 added by (c) over (b): ${fmt(route.p99AddedByCOverBMs)} ms`,
    );
  }
  parts.push(result.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n\n');
}
