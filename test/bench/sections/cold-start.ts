import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { DEMO_USER_SCOPES } from '../../../bff/thumbtack/scopes.ts';
import { DEMO_CLIENTS } from '../../mocks/thumbtack/index.ts';
import { freePort } from '../../support/free-port.ts';
import { bundleWorker } from '../../support/workerd.ts';
import { buildServer, ROOT, sessionSecret } from '../support/console.ts';
import { probeStatus, spawnNode } from '../support/processes.ts';
import { fmt, median, table } from '../support/report.ts';

// Cold start: from "start the process" to the first 200 from /healthz, on Node (the built server, as
// production runs it) and on workerd (the worker bundle in Miniflare, timed from its construction).
// Builds are done before the clock starts; each run is a fresh process.

export interface ColdStartRuntime {
  runtime: string;
  runsMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface ColdStartResult {
  runs: number;
  runtimes: ColdStartRuntime[];
}

/** Nothing is called at startup; the URLs only have to be valid. */
const UNUSED = 'http://127.0.0.1:9';

export async function benchColdStart(
  { runs }: { runs: number },
  log: (line: string) => void,
): Promise<ColdStartResult> {
  const runtimes: ColdStartRuntime[] = [];
  log('  Node: the built server, THUMBTACK_ENV=staging');
  runtimes.push(summarize('Node (built server)', await nodeRuns(runs)));
  log('  workerd: test/mocks/worker.ts in Miniflare, THUMBTACK_ENV=mock');
  runtimes.push(summarize('workerd (Miniflare)', await workerdRuns(runs)));
  return { runs, runtimes };
}

function summarize(runtime: string, runsMs: number[]): ColdStartRuntime {
  return {
    runtime,
    runsMs,
    medianMs: median(runsMs),
    minMs: Math.min(...runsMs),
    maxMs: Math.max(...runsMs),
  };
}

async function nodeRuns(runs: number): Promise<number[]> {
  const { bundle, cwd } = buildServer();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      THUMBTACK_ENV: 'staging',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_ORIGIN: `http://localhost:${port}`,
      THUMBTACK_CLIENT_ID: DEMO_CLIENTS.supply.id,
      THUMBTACK_CLIENT_SECRET: DEMO_CLIENTS.supply.secret,
      THUMBTACK_SCOPES: DEMO_USER_SCOPES.supply.join(' '),
      SESSION_SECRETS: sessionSecret(),
      LOG_LEVEL: 'warn',
      THUMBTACK_ISSUER: `${UNUSED}/`,
      THUMBTACK_AUTHORIZE_URL: `${UNUSED}/oauth2/auth`,
      THUMBTACK_TOKEN_URL: `${UNUSED}/oauth2/token`,
      THUMBTACK_API_BASE: `${UNUSED}/api`,
    };
    const started = performance.now();
    const child = spawnNode('BFF (cold start)', [bundle], { cwd, env });
    try {
      for (;;) {
        if ((await probeStatus(`http://127.0.0.1:${port}/healthz`, 2000)) === 200) break;
        if (!child.alive()) throw new Error(`the server exited before answering:\n${child.output()}`);
        if (performance.now() - started > 30_000) throw new Error('no /healthz 200 within 30 s');
        await new Promise((done) => setTimeout(done, 2));
      }
      out.push(performance.now() - started);
    } finally {
      await child.stop();
    }
  }
  return out;
}

async function workerdRuns(runs: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'console-bench-worker-'));
  try {
    const scriptPath = join(dir, 'worker.mjs');
    await bundleWorker(join(ROOT, 'test/mocks/worker.ts'), scriptPath);
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const mf = new Miniflare({
        modules: true,
        modulesRoot: dir,
        scriptPath,
        compatibilityDate: '2026-04-01',
        compatibilityFlags: ['nodejs_compat'],
        bindings: {
          THUMBTACK_ENV: 'mock',
          PUBLIC_ORIGIN: 'http://localhost',
          SESSION_SECRETS: sessionSecret(),
        },
      });
      try {
        for (;;) {
          const status = await mf.dispatchFetch('http://localhost/healthz').then(
            async (res) => {
              await res.arrayBuffer();
              return res.status;
            },
            () => 0,
          );
          if (status === 200) break;
          if (performance.now() - started > 30_000)
            throw new Error(`workerd: no /healthz 200 within 30 s (last ${status})`);
          await new Promise((done) => setTimeout(done, 2));
        }
        out.push(performance.now() - started);
      } finally {
        await mf.dispose();
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function coldStartMarkdown(result: ColdStartResult): string {
  return [
    '## Cold start',
    `Process start (Node: spawn; workerd: \`new Miniflare()\`) to the first \`/healthz\` 200, ${result.runs} runs each.`,
    table(
      ['runtime', 'median ms', 'min ms', 'max ms', 'runs ms'],
      result.runtimes.map((r) => [
        r.runtime,
        fmt(r.medianMs),
        fmt(r.minMs),
        fmt(r.maxMs),
        r.runsMs.map((ms) => fmt(ms)).join(' / '),
      ]),
    ),
  ].join('\n\n');
}
