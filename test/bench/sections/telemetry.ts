import { createServer, type Server } from 'node:http';
import { freePort } from '../../support/free-port.ts';
import { cookieHeader, ROOT, signIn, startBff, startFake } from '../support/console.ts';
import { ensureAlive, load } from '../support/load.ts';
import { spawnNode, stopAll, waitFor200 } from '../support/processes.ts';
import { fmt, median, table } from '../support/report.ts';

// The cost of telemetry on the hot path (docs/operations.md#what-it-costs): the BFF four times, built
// as production runs it, in front of the same upstream stub, under the same load in interleaved rounds:
//   off      no METRICS_PORT/METRICS_TOKEN, no OTEL_EXPORTER_OTLP_ENDPOINT: nothing kept;
//   metrics  METRICS_TOKEN set: every request counted and timed in prom-client;
//   traces   metrics, and every request traced and exported over OTLP/HTTP to a local collector;
//   sampled  metrics, and one trace in ten kept (TRACE_SAMPLE_RATIO=0.1).
// Each run checks afterwards that the telemetry it paid for really happened.

export interface TelemetryOptions {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
}

type Mode = 'off' | 'metrics' | 'traces' | 'sampled';
const MODES: readonly Mode[] = ['off', 'metrics', 'traces', 'sampled'];

export interface ModeSummary {
  mode: Mode;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  runs: { round: number; reqPerSec: number; p50Ms: number; p99Ms: number }[];
}

export interface TelemetryResult {
  options: TelemetryOptions;
  modes: ModeSummary[];
  /** Throughput of each mode over throughput with telemetry off. */
  ratioOverOff: Record<Mode, number>;
  /** Median p99 added over "off", in ms. */
  p99AddedMs: Record<Mode, number>;
  /** What the collector received, and what /metrics counted, after the runs. */
  spansExported: number;
  requestsCounted: number;
  notes: string[];
}

const ROUTE = '/api/v4/businesses';
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdefghij';

export async function benchTelemetry(
  options: TelemetryOptions,
  log: (line: string) => void,
): Promise<TelemetryResult> {
  const collector = await startCollector();
  try {
    return await run(options, log, collector);
  } finally {
    await stopAll();
    await new Promise((done) => collector.server.close(done));
  }
}

/** A stand-in OTLP/HTTP collector: accepts trace exports and counts the spans in them. */
async function startCollector(): Promise<{ server: Server; url: string; spans: () => number }> {
  let spans = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The exporter sends JSON (OTLP/HTTP); each span has exactly one "spanId".
      spans += (
        Buffer.concat(chunks)
          .toString()
          .match(/"spanId"/g) ?? []
      ).length;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${port}`, spans: () => spans };
}

async function run(
  options: TelemetryOptions,
  log: (line: string) => void,
  collector: Awaited<ReturnType<typeof startCollector>>,
): Promise<TelemetryResult> {
  const [stubPort, ...ports] = await Promise.all(Array.from({ length: 1 + MODES.length }, () => freePort()));
  const origins = ports.map((port) => `http://localhost:${port}`);
  const fake = await startFake(origins);
  const stub = `http://127.0.0.1:${stubPort}`;
  const stubChild = spawnNode('upstream stub', ['--import', 'tsx', 'test/bench/servers/upstream-stub.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', STUB_PORT: String(stubPort) },
  });
  await waitFor200(`${stub}${ROUTE}`, stubChild);
  const envFor: Record<Mode, Record<string, string>> = {
    off: {},
    metrics: { METRICS_TOKEN },
    traces: { METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
    sampled: { METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, TRACE_SAMPLE_RATIO: '0.1' },
  };
  log(`  starting the BFF ${MODES.length} times: ${MODES.join(', ')}`);
  const bffs = await Promise.all(
    MODES.map((mode, i) =>
      startBff({ side: 'supply', port: ports[i] as number, fake, apiBase: `${stub}/api`, env: envFor[mode] }),
    ),
  );
  const targets = await Promise.all(
    bffs.map(async (bff, i) => {
      const browser = await signIn(bff);
      const headers = { 'x-csrf': '1', cookie: cookieHeader(browser.cookies) };
      const res = await fetch(`${bff.address}${ROUTE}`, { headers });
      if (res.status !== 200) throw new Error(`${MODES[i]}: ${ROUTE} answered ${res.status}`);
      await res.arrayBuffer();
      return { mode: MODES[i] as Mode, url: `${bff.address}${ROUTE}`, headers, child: bff.child };
    }),
  );

  const runs = new Map<Mode, (ModeSummary['runs'][number] & { non2xx: number; errors: number })[]>(
    MODES.map((mode) => [mode, []]),
  );
  log(`  GET ${ROUTE}: ${options.rounds} rounds × ${MODES.length} modes × ${options.durationSeconds} s`);
  for (let round = 0; round < options.rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] as (typeof targets)[number]);
    for (const target of order) {
      ensureAlive([fake.child, stubChild, ...targets.map((t) => t.child)]);
      if (options.warmupSeconds > 0) await load(target, options, options.warmupSeconds);
      const result = await load(target, options, options.durationSeconds);
      const entry = {
        round: round + 1,
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      };
      runs.get(target.mode)?.push(entry);
      log(
        `    round ${round + 1} ${target.mode}: ${fmt(entry.reqPerSec)} req/s, p50 ${entry.p50Ms} ms, p99 ${entry.p99Ms} ms`,
      );
    }
  }

  // The modes did what they claim: the metrics BFF counted its requests, the traced one exported spans.
  const scraped = await fetch(`${(bffs[1] as { address: string }).address}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  }).then((res) => res.text());
  const requestsCounted = Number(
    /console_http_requests_duration_seconds_count\{route="supply\.businesses\.list",method="GET",status="200"\} (\d+)/.exec(
      scraped,
    )?.[1] ?? 0,
  );
  // The batch exporter sends every 5 s: wait for the last batch.
  await new Promise((done) => setTimeout(done, 6000));
  const spansExported = collector.spans();
  if (requestsCounted === 0) throw new Error('the metrics BFF counted no requests');
  if (spansExported === 0) throw new Error('the traced BFF exported no spans');

  const modes = MODES.map((mode): ModeSummary => {
    const list = runs.get(mode) ?? [];
    return {
      mode,
      reqPerSec: median(list.map((r) => r.reqPerSec)),
      p50Ms: median(list.map((r) => r.p50Ms)),
      p99Ms: median(list.map((r) => r.p99Ms)),
      non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
      errors: list.reduce((sum, r) => sum + r.errors, 0),
      runs: list.map(({ round, reqPerSec, p50Ms, p99Ms }) => ({ round, reqPerSec, p50Ms, p99Ms })),
    };
  });
  const off = modes[0] as ModeSummary;
  const each = (f: (m: ModeSummary) => number) =>
    Object.fromEntries(modes.map((m) => [m.mode, f(m)])) as Record<Mode, number>;
  return {
    options,
    modes,
    ratioOverOff: each((m) => m.reqPerSec / off.reqPerSec),
    p99AddedMs: each((m) => m.p99Ms - off.p99Ms),
    spansExported,
    requestsCounted,
    notes: [
      'The same signed-in user route as the proxy section, (c) only, once per mode; "traces" keeps and exports every span (TRACE_SAMPLE_RATIO=1, the default), the worst case.',
      'The collector runs in the bench process and only counts what it receives.',
    ],
  };
}

export function telemetryMarkdown(result: TelemetryResult): string {
  const rows = result.modes.map((m) => [
    m.mode,
    fmt(m.reqPerSec),
    fmt(result.ratioOverOff[m.mode], 2),
    fmt(m.p50Ms, 1),
    fmt(m.p99Ms, 1),
    fmt(result.p99AddedMs[m.mode], 1),
    m.non2xx || m.errors ? `${m.non2xx} / ${m.errors}` : '0',
  ]);
  return [
    '## Telemetry cost',
    `GET ${ROUTE}, signed in, ${result.options.rounds} rounds × ${result.options.durationSeconds} s, ${result.options.connections} connections; medians over the rounds.`,
    table(['telemetry', 'req/s', '÷ off', 'p50 ms', 'p99 ms', 'p99 added ms', 'non-2xx / errors'], rows),
    `Checked afterwards: /metrics counted ${fmt(result.requestsCounted)} requests; the collector received ${fmt(result.spansExported)} spans.`,
    ...result.notes.map((note) => `- ${note}`),
  ].join('\n\n');
}
