import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../bff/config.ts';
import { METRIC_CATALOGUE, type MetricName } from '../../bff/http/telemetry.ts';
import { createNodeTelemetry } from '../../bff/node/telemetry.ts';

// The dashboard and the alert rules of docs/operations.md query only what the BFF exports: a metric
// renamed or a label dropped in bff/http/telemetry.ts fails here, not silently on an operator's screen.

const dashboard = JSON.parse(readFileSync('docs/operations/grafana-dashboard.json', 'utf8'));
const rules = readFileSync('docs/operations/alert-rules.yml', 'utf8');

/** Every PromQL expression of the dashboard: its panels' targets and its variables' queries. */
function dashboardQueries(): string[] {
  const found: string[] = [];
  const walk = (node: unknown, key = '') => {
    if (typeof node === 'string' && (key === 'expr' || key === 'definition')) found.push(node);
    else if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(dashboard);
  return found;
}

/** Every `expr:` of the rule file, one-line or a `|` block. */
function ruleExpressions(): string[] {
  const lines = rules.split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    const match = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!match) return;
    if (match[2] !== '|') {
      found.push(match[2] as string);
      return;
    }
    const indent = (match[1] as string).length;
    const block: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
      block.push(next.trim());
    }
    found.push(block.join(' '));
  });
  return found;
}

/** What the Node server exports, by series name, with each series' labels. */
async function exported(): Promise<Map<string, Set<string>>> {
  const telemetry = createNodeTelemetry(
    parseConfig({ METRICS_TOKEN: 'operations-test-token-0123456789abcdef' }),
  );
  const series = new Map<string, Set<string>>();
  for (const metric of await telemetry.registry.getMetricsAsJSON()) {
    series.set(metric.name, new Set(metric.values.flatMap((v) => Object.keys(v.labels))));
  }
  for (const [name, spec] of Object.entries(METRIC_CATALOGUE) as [
    MetricName,
    (typeof METRIC_CATALOGUE)[MetricName],
  ][]) {
    const labels = new Set<string>(spec.labels);
    if (spec.kind === 'counter') series.set(name, labels);
    else
      for (const suffix of ['bucket', 'count', 'sum'])
        series.set(
          `${name}_duration_seconds_${suffix}`,
          suffix === 'bucket' ? new Set([...labels, 'le']) : labels,
        );
  }
  return series;
}

/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ['job', 'instance'];

async function check(expressions: string[]) {
  const series = await exported();
  const problems: string[] = [];
  for (const expr of expressions) {
    let depth = 0;
    for (const char of expr) {
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
      if (depth < 0) break;
    }
    if (depth !== 0) problems.push(`unbalanced parentheses: ${expr}`);
    for (const [, name, selector] of expr.matchAll(/\b(console_[a-z0-9_]+)(?:\{([^}]*)\})?/g)) {
      const labels = series.get(name as string);
      if (!labels) {
        problems.push(`${name}: not a metric the BFF exports`);
        continue;
      }
      for (const [, label] of (selector ?? '').matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g)) {
        if (!labels.has(label as string) && !TARGET_LABELS.includes(label as string)) {
          problems.push(`${name}: has no label ${label}`);
        }
      }
    }
    for (const [, by] of expr.matchAll(/\bby \(([^)]*)\)/g)) {
      for (const label of (by as string).split(',').map((l) => l.trim())) {
        const known = [...series.values()].some((set) => set.has(label)) || TARGET_LABELS.includes(label);
        if (!known) problems.push(`grouped by a label no metric has: ${label}`);
      }
    }
  }
  return problems;
}

describe('the operations dashboard and alert rules', () => {
  it('the dashboard queries only exported metrics and their labels', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(15);
    expect(await check(queries)).toEqual([]);
  });

  it('covers what an operator needs: requests, latency, Thumbtack errors, refreshes, limits, store errors', () => {
    const all = dashboardQueries().join('\n');
    for (const needed of [
      'console_http_requests_duration_seconds_count',
      'histogram_quantile(0.99',
      'console_thumbtack_requests_duration_seconds_count{job=~"$job",status=~"5..|timeout|unreachable"}',
      'console_token_requests_total',
      'console_refresh_shared_total',
      'console_rate_limited_total',
      'console_session_store_operations_total{job=~"$job",result="error"}',
    ]) {
      expect(all).toContain(needed);
    }
  });

  it('the alert rules query only exported metrics and their labels', async () => {
    const expressions = ruleExpressions();
    expect(expressions).toHaveLength((rules.match(/- alert:/g) ?? []).length);
    expect(await check(expressions)).toEqual([]);
  });

  it('finds a metric that does not exist, and a label a metric does not have', async () => {
    expect(await check(['rate(console_token_requests_totl[5m])'])).toHaveLength(1);
    expect(await check(['rate(console_rate_limited_total{route="x"}[5m])'])).toHaveLength(1);
    expect(await check(['sum by (routes) (rate(console_rate_limited_total[5m]))'])).toHaveLength(1);
  });
});
