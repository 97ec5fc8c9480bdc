import { Agent, request } from 'node:http';
import { freePort } from '../../support/free-port.ts';
import { consoleOrigin, cookieHeader, signIn, startBff, startFake } from '../support/console.ts';
import { stopAll } from '../support/processes.ts';
import { fmt, percentile, table } from '../support/report.ts';

// Refresh storm: one signed-in person, many tabs, and an access token Thumbtack no longer accepts. All
// CONCURRENCY requests get Thumbtack's 401, and all want a refresh; the BFF must make exactly one token
// call (one refresh per refresh token, the others wait for it) while the token endpoint is slow.

const CONCURRENCY = 200;
const TOKEN_LATENCY_MS = 100;
const ROUTE = '/api/v4/businesses';

export interface RefreshStormResult {
  concurrency: number;
  tokenLatencyMs: number;
  tokenRequests: number;
  apiCalls: number;
  totalMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  passed: boolean;
}

export async function benchRefreshStorm(log: (line: string) => void): Promise<RefreshStormResult> {
  try {
    const port = await freePort();
    const fake = await startFake([consoleOrigin(port)]);
    const bff = await startBff({ side: 'supply', port, fake });
    const browser = await signIn(bff);
    const cookie = cookieHeader(browser.cookies);
    const first = await get(bff.address, cookie, new Agent());
    if (first.status !== 200) throw new Error(`a signed-in GET ${ROUTE} answered ${first.status}`);

    await fake.control('/expire-access-tokens');
    await fake.control('/faults', { token: { latencyMs: TOKEN_LATENCY_MS } });
    const before = await fake.stats();
    log(
      `  ${CONCURRENCY} concurrent GET ${ROUTE} on an expired access token, token endpoint +${TOKEN_LATENCY_MS} ms`,
    );
    // One connection per request: they really are in flight together.
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => get(bff.address, cookie, agent)),
    );
    const totalMs = performance.now() - started;
    const after = await fake.stats();
    await fake.control('/faults', {});
    agent.destroy();

    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const latencies = answers.map((a) => a.ms);
    const tokenRequests = (after.token.refresh_token ?? 0) - (before.token.refresh_token ?? 0);
    return {
      concurrency: CONCURRENCY,
      tokenLatencyMs: TOKEN_LATENCY_MS,
      tokenRequests,
      apiCalls: after.api - before.api,
      totalMs,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      statuses,
      passed: tokenRequests === 1 && statuses['200'] === CONCURRENCY,
    };
  } finally {
    await stopAll();
  }
}

function get(origin: string, cookie: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const req = request(`${origin}${ROUTE}`, { agent, headers: { cookie, 'x-csrf': '1' } }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => done({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

export function refreshStormMarkdown(r: RefreshStormResult): string {
  return [
    '## Refresh storm',
    `${r.concurrency} concurrent requests from one session whose access token the fake has expired; the token endpoint answers after ${r.tokenLatencyMs} ms.`,
    table(
      [
        'token requests (must be 1)',
        'API calls',
        'total ms',
        'p50 ms',
        'p99 ms',
        'max ms',
        'statuses',
        'result',
      ],
      [
        [
          fmt(r.tokenRequests),
          fmt(r.apiCalls),
          fmt(r.totalMs),
          fmt(r.p50Ms),
          fmt(r.p99Ms),
          fmt(r.maxMs),
          Object.entries(r.statuses)
            .map(([status, count]) => `${status === '0' ? 'network error' : status}: ${count}`)
            .join(', '),
          r.passed ? 'pass' : 'FAIL',
        ],
      ],
    ),
  ].join('\n\n');
}
