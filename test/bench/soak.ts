import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { createPrng } from '../mocks/thumbtack/prng.ts';
import { freePort } from '../support/free-port.ts';
import { HttpBrowser } from '../support/http-browser.ts';
import {
  type BffProcess,
  buildServer,
  consoleOrigin,
  cookieHeader,
  startBff,
  startFake,
} from './support/console.ts';
import { guardChildren, probeStatus, runningChildren, stopAll } from './support/processes.ts';
import { fmt, machine, machineLine, percentile, table, writeResult } from './support/report.ts';

// `npm run soak`: the BFF under steady load while Thumbtack misbehaves. Two BFF processes (supply and
// demand, built as production runs them) in front of the fake Thumbtack in its own process, several
// signed-in people on each, app-token routes too, and the fake failing 10 % of API calls (500/503),
// answering about 1 % after the route timeout, and failing one token request in five with 503. Access
// tokens live 70 s, so every session refreshes about every 10 s during the run.
//
// What must hold: no 500 from the BFF, every error in the documented shape, both processes alive,
// memory flat (RSS and heap growth from the first to the last 10 s under 20 %), and after SIGTERM each
// exits 0 on its own within its drain deadline with nothing left keeping it alive.
//
//   --seconds 60 --connections 50 --sessions 4 (per side)
//   --route-timeout-ms 2000 (UPSTREAM_TIMEOUT_MS) --slow-ms 2500 (the fake's late answers)
//   --token-ttl 70 (FAKE_ACCESS_TOKEN_TTL_SECONDS) --out bench-results

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    sessions: { type: 'string', default: '4' },
    'route-timeout-ms': { type: 'string', default: '2000' },
    'slow-ms': { type: 'string', default: '2500' },
    'token-ttl': { type: 'string', default: '70' },
    out: { type: 'string', default: 'bench-results' },
  },
});

function whole(name: string, text: string | undefined, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number from ${min}, got ${text}`);
    process.exit(2);
  }
  return value;
}

const SECONDS = whole('seconds', values.seconds, 10);
const CONNECTIONS = whole('connections', values.connections);
const SESSIONS = whole('sessions', values.sessions);
const ROUTE_TIMEOUT_MS = whole('route-timeout-ms', values['route-timeout-ms']);
const SLOW_MS = whole('slow-ms', values['slow-ms']);
const TOKEN_TTL = whole('token-ttl', values['token-ttl']);
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** The windows compared for memory growth; half the run when it is shorter than 20 s. */
const WINDOW_MS = Math.min(10_000, (SECONDS * 1000) / 2);
const MEMORY_LIMIT_PERCENT = 20;
const PROBE = pathToFileURL(fileURLToPath(new URL('./memory-probe.mjs', import.meta.url))).href;

/** What the fake does wrong during the run (the control surface's fault rules, first that fires). */
const FAULTS = {
  api: [
    { status: [500, 503], rate: 0.1 },
    { latencyMs: SLOW_MS, rate: 0.01 },
  ],
  token: { status: 503, rate: 0.2 },
};

const [BUSINESS_A, BUSINESS_B] = DEMO_ACCOUNTS.pro.businessIDs;

type Kind = 'supply-user' | 'demand-user' | 'demand-app';
/** The mix: a share of requests per kind, and the routes each kind picks from evenly. */
const MIX: { kind: Kind; share: number; paths: string[] }[] = [
  {
    kind: 'supply-user',
    share: 0.45,
    paths: [
      '/api/v4/businesses',
      '/api/v4/users/self',
      `/api/v4/businesses/${BUSINESS_A}/negotiations?limit=10`,
      `/api/v4/businesses/${BUSINESS_B}/reviews?limit=5`,
    ],
  },
  { kind: 'demand-user', share: 0.25, paths: ['/api/v4/users/self', '/api/v4/users/webhooks'] },
  {
    kind: 'demand-app',
    share: 0.3,
    paths: [
      '/api/v4/keywords/search?searchQuery=car',
      '/api/v4/categories/recommendations?zipCode=78704&limit=3',
    ],
  },
];

interface Session {
  id: string;
  bff: BffProcess;
  cookies: Map<string, string>;
  signingIn: Promise<void> | undefined;
  signIns: number;
}

interface MemorySample {
  bff: string;
  tMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
}

interface Tally {
  requests: number;
  byStatus: Map<string, number>;
  bff500s: number;
  networkErrors: Map<string, number>;
  shapeViolations: number;
  violationSamples: { status: number; path: string; problem: string; body: string }[];
  sessionsEnded: number;
  latenciesMs: number[];
}

async function main() {
  guardChildren();
  const began = Date.now();
  const info = machine();
  console.log(`# Soak\n\n${machineLine(info)}`);
  const log = (line: string) => console.error(line);
  buildServer();
  const [supplyPort, demandPort] = [await freePort(), await freePort()];
  const fake = await startFake([consoleOrigin(supplyPort), consoleOrigin(demandPort)], {
    accessTokenTtlSeconds: TOKEN_TTL,
  });
  const bffEnv = {
    UPSTREAM_TIMEOUT_MS: String(ROUTE_TIMEOUT_MS),
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  };
  const common = { fake, env: bffEnv, nodeArgs: ['--expose-gc', '--import', PROBE], ipc: true };
  const [supply, demand] = await Promise.all([
    startBff({ side: 'supply', port: supplyPort, ...common }),
    startBff({ side: 'demand', port: demandPort, ...common }),
  ]);
  const bffs = [supply, demand];

  log(`signing in ${SESSIONS} people on each side`);
  const sessions: Record<'supply' | 'demand', Session[]> = { supply: [], demand: [] };
  for (const bff of bffs) {
    for (let i = 0; i < SESSIONS; i++) {
      const session: Session = {
        id: `${bff.side}-${i + 1}`,
        bff,
        cookies: new Map(),
        signingIn: undefined,
        signIns: 0,
      };
      await signInto(session);
      sessions[bff.side].push(session);
    }
  }
  const agents = new Map(bffs.map((b) => [b, new Agent({ keepAlive: true, maxSockets: CONNECTIONS })]));
  // Every route once before the faults: a route the BFF refuses would otherwise pass as "errors".
  for (const mix of MIX) {
    for (const path of mix.paths) {
      const session = sessions[mix.kind === 'supply-user' ? 'supply' : 'demand'][0] as Session;
      const answer = await send(session, path, agents.get(session.bff) as Agent, 10_000);
      if (answer.status !== 200)
        throw new Error(`GET ${path} answered ${answer.status} before any fault: ${answer.body}`);
    }
  }

  const before = await fake.stats();
  await fake.control('/faults', FAULTS);
  log(`load: ${SECONDS} s at ${CONNECTIONS} connections; faults ${JSON.stringify(FAULTS)}`);
  const started = performance.now();
  const samples: MemorySample[] = [];
  const sampler = sampleMemory(bffs, started, samples);
  const tally: Tally = {
    requests: 0,
    byStatus: new Map(),
    bff500s: 0,
    networkErrors: new Map(),
    shapeViolations: 0,
    violationSamples: [],
    sessionsEnded: 0,
    latenciesMs: [],
  };
  const deadline = started + SECONDS * 1000;
  const prng = createPrng(0x50a6);
  const progress = setInterval(() => {
    const elapsed = Math.round((performance.now() - started) / 1000);
    log(`  ${elapsed} s: ${tally.requests} requests, ${tally.bff500s} BFF 500s`);
  }, 10_000);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const { session, path } = pick(prng, sessions);
        const answer = await send(session, path, agents.get(session.bff) as Agent, ROUTE_TIMEOUT_MS + 15_000);
        record(tally, session, path, answer);
        if (answer.status === 401 && isUserRoute(path)) {
          // A session the BFF ended (it must not, with these faults): note it, sign in again, go on.
          tally.sessionsEnded += 1;
          session.signingIn ??= signInto(session).finally(() => {
            session.signingIn = undefined;
          });
          await session.signingIn;
        }
      }
    }),
  );
  clearInterval(progress);
  const loadSeconds = (performance.now() - started) / 1000;
  sampler.stop();
  await sampler.done;
  const after = await fake.stats();
  await fake.control('/faults', {});

  const alive = await Promise.all(
    bffs.map(async (b) => ({
      bff: b.side,
      process: b.child.alive(),
      healthz: await probeStatus(`${b.address}/healthz`),
    })),
  );
  for (const agent of agents.values()) agent.destroy();
  log('SIGTERM to both BFF processes');
  const shutdowns = await Promise.all(bffs.map((b) => shutdown(b)));
  await stopAll();

  const memory = bffs.map((b) =>
    growth(
      b.side,
      samples.filter((s) => s.bff === b.side),
      loadSeconds,
    ),
  );
  const result = {
    startedAt: new Date(began).toISOString(),
    machine: info,
    loadAverageAtEnd: machine().loadAverage1m,
    options: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      sessionsPerSide: SESSIONS,
      routeTimeoutMs: ROUTE_TIMEOUT_MS,
      slowMs: SLOW_MS,
      accessTokenTtlSeconds: TOKEN_TTL,
      faults: FAULTS,
      mix: MIX,
    },
    loadSeconds,
    requests: tally.requests,
    requestsPerSecond: tally.requests / loadSeconds,
    latencyMs: {
      p50: percentile(tally.latenciesMs, 50),
      p99: percentile(tally.latenciesMs, 99),
      max: Math.max(...tally.latenciesMs),
    },
    statuses: Object.fromEntries([...tally.byStatus].sort()),
    bff500s: tally.bff500s,
    networkErrors: Object.fromEntries(tally.networkErrors),
    shapeViolations: tally.shapeViolations,
    violationSamples: tally.violationSamples,
    sessionsEnded: tally.sessionsEnded,
    fake: {
      apiCalls: after.api - before.api,
      refreshes: (after.token.refresh_token ?? 0) - (before.token.refresh_token ?? 0),
      clientCredentials: (after.token.client_credentials ?? 0) - (before.token.client_credentials ?? 0),
      authorizationCodes: (after.token.authorization_code ?? 0) - (before.token.authorization_code ?? 0),
    },
    alive,
    shutdowns,
    memory,
    childrenLeft: runningChildren(),
  };
  const targets = [
    { target: '0 BFF 500s', ok: result.bff500s === 0, value: fmt(result.bff500s) },
    {
      target: 'every error in the documented shape',
      ok: result.shapeViolations === 0,
      value: `${fmt(result.shapeViolations)} violations`,
    },
    {
      target: '0 crashes (alive after the load, /healthz 200)',
      ok: alive.every((a) => a.process && a.healthz === 200),
      value: alive.map((a) => `${a.bff}: ${a.process ? 'alive' : 'DEAD'}, /healthz ${a.healthz}`).join('; '),
    },
    ...memory.map((m) => ({
      target: `${m.bff}: memory growth < ${MEMORY_LIMIT_PERCENT} %`,
      ok: m.rssGrowthPercent < MEMORY_LIMIT_PERCENT && m.heapGrowthPercent < MEMORY_LIMIT_PERCENT,
      value: `RSS ${fmt(m.rssGrowthPercent, 1)} %, heap ${fmt(m.heapGrowthPercent, 1)} %`,
    })),
    ...shutdowns.map((s) => ({
      target: `${s.bff}: SIGTERM → exit 0 on its own within the drain deadline, nothing left open`,
      ok:
        s.code === 0 &&
        s.signal === null &&
        s.drainMs !== undefined &&
        s.drainMs < SHUTDOWN_TIMEOUT_MS &&
        s.loopEmptied === true,
      value:
        `exit ${s.code ?? s.signal} ${fmt(s.ms)} ms after SIGTERM (drain ${fmt(s.drainMs)} ms); ` +
        (s.loopEmptied === undefined
          ? 'no probe report'
          : s.loopEmptied
            ? 'event loop emptied by itself: nothing left open'
            : `still open after the server's exit call: ${s.activeResources?.join(', ')}`),
    })),
    {
      target: 'no child process left',
      ok: result.childrenLeft.length === 0,
      value: result.childrenLeft.join(', ') || 'none',
    },
  ];
  const passed = targets.every((t) => t.ok);
  const markdown = render(result, targets, passed);
  console.log(`\n${markdown}`);
  const json = writeResult(
    values.out ?? 'bench-results',
    'soak.json',
    `${JSON.stringify({ ...result, targets, passed, markdown }, null, 2)}\n`,
  );
  console.log(`\nResults: ${json}`);
  if (!passed) process.exitCode = 1;
}

async function signInto(session: Session): Promise<void> {
  // The token endpoint fails one request in five during the run: a sign-in may need another try.
  for (let attempt = 1; attempt <= 10; attempt++) {
    const browser = new HttpBrowser(session.bff.origin);
    const res = await browser.signIn(session.bff.side === 'supply' ? 'demo-pro' : 'demo-customer');
    const location = res.headers.get('location') ?? '';
    if (res.status === 302 && [...browser.cookies.keys()].some((k) => k.startsWith('__Host-tt-session'))) {
      session.cookies = browser.cookies;
      session.signIns += 1;
      return;
    }
    if (attempt === 10)
      throw new Error(`${session.id}: sign-in failed 10 times (last ${res.status} ${location})`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function pick(prng: ReturnType<typeof createPrng>, sessions: Record<'supply' | 'demand', Session[]>) {
  const roll = prng.next();
  let below = 0;
  const mix =
    MIX.find((m) => {
      below += m.share;
      return roll < below;
    }) ?? (MIX[MIX.length - 1] as (typeof MIX)[number]);
  const session = prng.pick(sessions[mix.kind === 'supply-user' ? 'supply' : 'demand']);
  return { session, path: prng.pick(mix.paths) };
}

const isUserRoute = (path: string) => !MIX.some((m) => m.kind === 'demand-app' && m.paths.includes(path));

interface Answer {
  status: number;
  body: string;
  ms: number;
  error?: string;
}

/** One GET as the SPA sends it; Set-Cookie is applied to the session's jar, as a browser would. */
function send(session: Session, path: string, agent: Agent, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((done) => {
    const req = request(
      `${session.bff.address}${path}`,
      { agent, timeout: timeoutMs, headers: { cookie: cookieHeader(session.cookies), 'x-csrf': '1' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) =>
          done({ status: 0, body: '', ms: performance.now() - started, error: error.message }),
        );
        res.on('end', () => {
          applySetCookies(session.cookies, res.headers['set-cookie'] ?? []);
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      done({ status: 0, body: '', ms: performance.now() - started, error: error.code ?? error.message }),
    );
    req.end();
  });
}

/** The same rules as test/support/http-browser.ts: an empty value or Max-Age=0 deletes. */
function applySetCookies(jar: Map<string, string>, lines: string[]): void {
  for (const line of lines) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1);
    if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
    else jar.set(name, value);
  }
}

function record(tally: Tally, session: Session, path: string, answer: Answer): void {
  tally.requests += 1;
  tally.latenciesMs.push(answer.ms);
  if (answer.status === 0) {
    const key = answer.error ?? 'unknown';
    tally.networkErrors.set(key, (tally.networkErrors.get(key) ?? 0) + 1);
    tally.byStatus.set('network error', (tally.byStatus.get('network error') ?? 0) + 1);
    return;
  }
  if (answer.status === 500) tally.bff500s += 1;
  let label = String(answer.status);
  if (answer.status < 200 || answer.status >= 300) {
    const problem = shapeProblem(answer.body);
    if (problem) {
      tally.shapeViolations += 1;
      if (tally.violationSamples.length < 5) {
        tally.violationSamples.push({
          status: answer.status,
          path: `${session.bff.side} ${path}`,
          problem,
          body: answer.body.slice(0, 300),
        });
      }
    } else {
      label = `${answer.status} ${(JSON.parse(answer.body) as { error: { code: string } }).error.code}`;
    }
  }
  tally.byStatus.set(label, (tally.byStatus.get(label) ?? 0) + 1);
}

/** Why a body is not `{"error":{"code","message","requestId"}}` (docs/architecture.md), or undefined. */
function shapeProblem(body: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return 'not JSON';
  }
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(data) || Object.keys(data).join(',') !== 'error') return 'not {"error":{…}} alone';
  const error = data.error;
  if (!isRecord(error)) return '"error" is not an object';
  const keys = Object.keys(error).sort().join(',');
  if (keys !== 'code,message,requestId') return `"error" has keys ${keys}`;
  if (typeof error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code))
    return 'code is not snake_case';
  if (typeof error.message !== 'string' || error.message.length === 0) return 'message is empty';
  if (typeof error.requestId !== 'string' || error.requestId.length === 0) return 'requestId is empty';
  return undefined;
}

/** Every second: RSS from /proc (or the probe) and heap from the probe inside each BFF. */
function sampleMemory(bffs: BffProcess[], started: number, out: MemorySample[]) {
  let stopped = false;
  let nextId = 0;
  const ask = (bff: BffProcess) =>
    new Promise<NodeJS.MemoryUsage | undefined>((done) => {
      const id = nextId++;
      const timer = setTimeout(() => finish(undefined), 2000);
      const onMessage = (message: { type?: string; id?: number } & NodeJS.MemoryUsage) => {
        if (message?.type === 'memory' && message.id === id) finish(message);
      };
      const finish = (usage: NodeJS.MemoryUsage | undefined) => {
        clearTimeout(timer);
        bff.child.process.off('message', onMessage);
        done(usage);
      };
      bff.child.process.on('message', onMessage);
      if (!bff.child.process.send?.({ type: 'memory', id })) finish(undefined);
    });
  const done = (async () => {
    while (!stopped) {
      const tick = performance.now();
      await Promise.all(
        bffs.map(async (bff) => {
          const usage = await ask(bff);
          if (!usage) return;
          out.push({
            bff: bff.side,
            tMs: performance.now() - started,
            rssBytes: procRss(bff.child.pid) ?? usage.rss,
            heapUsedBytes: usage.heapUsed,
            heapTotalBytes: usage.heapTotal,
          });
        }),
      );
      const wait = 1000 - (performance.now() - tick);
      if (!stopped && wait > 0) await new Promise((next) => setTimeout(next, wait));
    }
  })();
  return {
    done,
    stop: () => {
      stopped = true;
    },
  };
}

function procRss(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function growth(bff: string, samples: MemorySample[], loadSeconds: number) {
  const endMs = loadSeconds * 1000;
  const first = samples.filter((s) => s.tMs < WINDOW_MS);
  const last = samples.filter((s) => s.tMs >= endMs - WINDOW_MS);
  const mean = (list: MemorySample[], pick: (s: MemorySample) => number) =>
    list.reduce((sum, s) => sum + pick(s), 0) / list.length;
  const rssFirst = mean(first, (s) => s.rssBytes);
  const rssLast = mean(last, (s) => s.rssBytes);
  const heapFirst = mean(first, (s) => s.heapUsedBytes);
  const heapLast = mean(last, (s) => s.heapUsedBytes);
  return {
    bff,
    samples: samples.length,
    windowSeconds: WINDOW_MS / 1000,
    rssFirstMiB: rssFirst / 2 ** 20,
    rssLastMiB: rssLast / 2 ** 20,
    rssGrowthPercent: (rssLast / rssFirst - 1) * 100,
    heapFirstMiB: heapFirst / 2 ** 20,
    heapLastMiB: heapLast / 2 ** 20,
    heapGrowthPercent: (heapLast / heapFirst - 1) * 100,
    series: samples.map((s) => ({
      t: Math.round(s.tMs),
      rssMiB: +(s.rssBytes / 2 ** 20).toFixed(1),
      heapMiB: +(s.heapUsedBytes / 2 ** 20).toFixed(1),
    })),
  };
}

/** SIGTERM, then how it ended: code, time, and what the probe saw still open once it asked to exit. */
async function shutdown(bff: BffProcess) {
  const signalledAt = Date.now();
  // Past the drain deadline the soak kills it (and says so): a hung server must not hang the soak.
  const exit = await bff.child.stop(SHUTDOWN_TIMEOUT_MS + 5000);
  const ms = Date.now() - signalledAt;
  const line = /bench-probe-exit (.+)$/m.exec(bff.child.output())?.[1];
  const probe = line
    ? (JSON.parse(line) as { exitRequestedAt?: number; loopEmptied: boolean; activeResources: string[] })
    : undefined;
  return {
    bff: bff.side,
    code: exit.code,
    signal: exit.signal,
    ms,
    /** From SIGTERM to the server's own process.exit() call: the drain. */
    drainMs: probe?.exitRequestedAt === undefined ? undefined : probe.exitRequestedAt - signalledAt,
    loopEmptied: probe?.loopEmptied,
    activeResources: probe?.activeResources,
  };
}

function render(
  r: {
    options: { seconds: number; connections: number; sessionsPerSide: number; routeTimeoutMs: number };
    loadSeconds: number;
    requests: number;
    requestsPerSecond: number;
    latencyMs: { p50: number; p99: number; max: number };
    statuses: Record<string, number>;
    networkErrors: Record<string, number>;
    violationSamples: { status: number; path: string; problem: string; body: string }[];
    sessionsEnded: number;
    fake: { apiCalls: number; refreshes: number; clientCredentials: number; authorizationCodes: number };
    memory: ReturnType<typeof growth>[];
  },
  targets: { target: string; ok: boolean; value: string }[],
  passed: boolean,
): string {
  const parts = [
    `## Soak: ${passed ? 'PASS' : 'FAIL'}`,
    `${fmt(r.loadSeconds, 1)} s at ${r.options.connections} connections against a supply and a demand BFF (built server, staging), ${r.options.sessionsPerSide} signed-in people on each plus app-token routes; the fake in its own process fails 10 % of API calls (500/503), answers about 1 % after the route timeout (UPSTREAM_TIMEOUT_MS=${r.options.routeTimeoutMs}) and fails one token request in five (503); access tokens live ${TOKEN_TTL} s.`,
    `${fmt(r.requests)} requests (${fmt(r.requestsPerSecond)} req/s), latency p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, max ${fmt(r.latencyMs.max)} ms. The fake saw ${fmt(r.fake.apiCalls)} API calls, ${fmt(r.fake.refreshes)} refreshes, ${fmt(r.fake.clientCredentials)} client-credentials grants and ${fmt(r.fake.authorizationCodes)} code exchanges; sessions ended by the BFF: ${fmt(r.sessionsEnded)}.`,
    table(
      ['status (error code)', 'count'],
      Object.entries(r.statuses).map(([status, count]) => [status, fmt(count)]),
    ),
  ];
  if (Object.keys(r.networkErrors).length > 0) {
    parts.push(
      `Network errors: ${Object.entries(r.networkErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    );
  }
  if (r.violationSamples.length > 0) {
    parts.push(
      `Shape violations (first ${r.violationSamples.length}):\n\n${r.violationSamples
        .map((v) => `- ${v.status} ${v.path}: ${v.problem}: \`${v.body}\``)
        .join('\n')}`,
    );
  }
  parts.push(
    table(
      ['BFF', 'RSS first → last (MiB)', 'RSS growth', 'heap first → last (MiB)', 'heap growth', 'samples'],
      r.memory.map((m) => [
        m.bff,
        `${fmt(m.rssFirstMiB, 1)} → ${fmt(m.rssLastMiB, 1)}`,
        `${fmt(m.rssGrowthPercent, 1)} %`,
        `${fmt(m.heapFirstMiB, 1)} → ${fmt(m.heapLastMiB, 1)}`,
        `${fmt(m.heapGrowthPercent, 1)} %`,
        fmt(m.samples),
      ]),
    ),
    `Memory: means of 1-s samples over the first and the last ${WINDOW_MS / 1000} s of the load; RSS from /proc, heap from process.memoryUsage() inside the BFF right after a full GC (live heap, not garbage awaiting collection).`,
    table(
      ['target', 'result', 'measured'],
      targets.map((t) => [t.target, t.ok ? 'pass' : 'FAIL', t.value]),
    ),
  );
  return parts.join('\n\n');
}

main().catch(async (error) => {
  console.error(error);
  await stopAll(2000);
  process.exit(1);
});
