import { parseArgs } from 'node:util';
import { benchColdStart, type ColdStartResult, coldStartMarkdown } from './sections/cold-start.ts';
import { benchProxy, type ProxyResult, proxyMarkdown } from './sections/proxy.ts';
import {
  benchRefreshStorm,
  type RefreshStormResult,
  refreshStormMarkdown,
} from './sections/refresh-storm.ts';
import {
  benchSessionCodec,
  type SessionCodecResult,
  sessionCodecMarkdown,
} from './sections/session-codec.ts';
import { benchTelemetry, type TelemetryResult, telemetryMarkdown } from './sections/telemetry.ts';
import { guardChildren, runningChildren, stopAll } from './support/processes.ts';
import { machine, machineLine, writeResult } from './support/report.ts';

// `npm run bench`: starts everything it measures on free ports, prints Markdown, writes
// bench-results/bench.json, and stops everything it started. Not part of `npm test`.
//
//   --only proxy,telemetry,session,storm,coldstart   some sections only (default: all, in that order)
//   --duration 5 --warmup 1 --rounds 3 --connections 50   the proxy and telemetry sections' load
//   --runs 5                                cold starts per runtime
//   --out bench-results                     where bench.json goes (the printed Markdown included)

const SECTIONS = ['proxy', 'telemetry', 'session', 'storm', 'coldstart'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench-results' },
  },
});

function positive(name: string, text: string | undefined, { zero = false } = {}): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zero && value === 0)) {
    console.error(`--${name} must be a ${zero ? 'non-negative' : 'positive'} number, got ${text}`);
    process.exit(2);
  }
  return value;
}

const only = (values.only ?? SECTIONS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    console.error(`--only: unknown section "${name}"; sections: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const wanted = new Set(only as Section[]);

interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  machine: ReturnType<typeof machine>;
  loadAverageAtEnd?: number;
  /** What was printed. */
  markdown?: string;
  sections: {
    proxy?: ProxyResult | { error: string };
    telemetry?: TelemetryResult | { error: string };
    session?: SessionCodecResult | { error: string };
    storm?: RefreshStormResult | { error: string };
    coldstart?: ColdStartResult | { error: string };
  };
}

async function main() {
  guardChildren();
  const started = Date.now();
  const report: BenchReport = { startedAt: new Date().toISOString(), machine: machine(), sections: {} };
  const markdown: string[] = [`# Benchmark\n\n${machineLine(report.machine)}`];
  console.log(markdown[0]);
  const log = (line: string) => console.error(line);
  let failed = false;

  const section = async <T>(
    name: Section,
    title: string,
    body: () => Promise<T>,
    render: (result: T) => string,
  ) => {
    if (!wanted.has(name)) return;
    log(`\n[${name}] ${title}…`);
    const began = Date.now();
    try {
      const result = await body();
      report.sections[name] = result as never;
      // A measured failure (the storm's single refresh) fails the run as an error would.
      if ((result as { passed?: boolean }).passed === false) failed = true;
      const text = render(result);
      markdown.push(text);
      console.log(`\n${text}`);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      report.sections[name] = { error: message } as never;
      const text = `## ${title}\n\nNot measured: the section failed.\n\n\`\`\`\n${message}\n\`\`\``;
      markdown.push(text);
      console.log(`\n${text}`);
    } finally {
      // A section stops what it started; this catches anything a failure left behind.
      await stopAll();
      log(`[${name}] ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }
  };

  await section(
    'proxy',
    'Proxy overhead',
    () =>
      benchProxy(
        {
          durationSeconds: positive('duration', values.duration),
          warmupSeconds: positive('warmup', values.warmup, { zero: true }),
          rounds: positive('rounds', values.rounds),
          connections: positive('connections', values.connections),
        },
        log,
      ),
    proxyMarkdown,
  );
  await section(
    'telemetry',
    'Telemetry cost',
    () =>
      benchTelemetry(
        {
          durationSeconds: positive('duration', values.duration),
          warmupSeconds: positive('warmup', values.warmup, { zero: true }),
          rounds: positive('rounds', values.rounds),
          connections: positive('connections', values.connections),
        },
        log,
      ),
    telemetryMarkdown,
  );
  await section('session', 'Session codec', () => benchSessionCodec(log), sessionCodecMarkdown);
  await section('storm', 'Refresh storm', () => benchRefreshStorm(log), refreshStormMarkdown);
  await section(
    'coldstart',
    'Cold start',
    () => benchColdStart({ runs: positive('runs', values.runs) }, log),
    coldStartMarkdown,
  );

  report.finishedAt = new Date().toISOString();
  report.loadAverageAtEnd = machine().loadAverage1m;
  const left = runningChildren();
  const footer = `Finished in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${report.loadAverageAtEnd} at the end; child processes left running: ${left.length === 0 ? 'none' : left.join(', ')}.`;
  markdown.push(footer);
  console.log(`\n${footer}`);
  report.markdown = markdown.join('\n\n');
  const json = writeResult(
    values.out ?? 'bench-results',
    'bench.json',
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log(`Results: ${json}`);
  if (failed || left.length > 0) process.exitCode = 1;
}

main().catch(async (error) => {
  console.error(error);
  await stopAll(2000);
  process.exit(1);
});
