import {
  type Context as OtelContext,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/**
 * What an operator can see of the BFF (docs/operations.md): counters and latency histograms with
 * bounded labels (route ids, never raw paths, user ids or tokens), and trace spans. The app speaks only
 * to this interface; the Node entry backs it with prom-client and the OpenTelemetry SDK, the worker
 * with Workers Analytics Engine, and without either it costs nothing.
 */
export const METRIC_CATALOGUE = {
  console_http_requests: {
    kind: 'histogram',
    help: 'Requests the BFF answered, by route id, method and status, with their latency in seconds',
    labels: ['route', 'method', 'status'],
  },
  console_thumbtack_requests: {
    kind: 'histogram',
    help: "Calls to Thumbtack's partner API, by route id and status (or timeout/unreachable), with their latency in seconds",
    labels: ['route', 'status'],
  },
  console_token_requests_total: {
    kind: 'counter',
    help: 'Token requests to Thumbtack, by grant and outcome (success, invalid_grant, transient, error)',
    labels: ['grant', 'outcome'],
  },
  console_refresh_shared_total: {
    kind: 'counter',
    help: 'Refreshes answered without a token request of their own: joined one in flight, or reused within the 60 s window',
    labels: ['result'],
  },
  console_logins_total: {
    kind: 'counter',
    help: 'Sign-ins started and callbacks finished, by outcome',
    labels: ['outcome'],
  },
  console_rate_limited_total: {
    kind: 'counter',
    help: 'Requests refused by a rate limit, by bucket (auth, app, webhook)',
    labels: ['bucket'],
  },
  console_session_store_operations_total: {
    kind: 'counter',
    help: 'Session store operations, by store (cookie, redis, durable-object), operation and result (ok, error)',
    labels: ['store', 'operation', 'result'],
  },
  console_webhook_deliveries_total: {
    kind: 'counter',
    help: "Thumbtack's webhook deliveries received, by outcome",
    labels: ['outcome'],
  },
} as const;

export type MetricName = keyof typeof METRIC_CATALOGUE;
export type Labels = Record<string, string>;

export interface Metrics {
  count(name: MetricName, labels: Labels, by?: number): void;
  observe(name: MetricName, labels: Labels, seconds: number): void;
}

export const noMetrics: Metrics = { count: () => undefined, observe: () => undefined };

export interface Telemetry {
  metrics: Metrics;
  /** Absent: tracing is off (OTEL_EXPORTER_OTLP_ENDPOINT unset). */
  tracer: Tracer | undefined;
}

export const noTelemetry: Telemetry = { metrics: noMetrics, tracer: undefined };

/**
 * A child span of the request's span (kept on the context by the request middleware), run around
 * `work`; ended with an error status when `work` throws. Without a tracer, just `work`.
 */
export async function inSpan<T>(
  telemetry: Telemetry,
  parent: Span | undefined,
  name: string,
  attributes: Record<string, string>,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!telemetry.tracer || !parent) return work(undefined);
  const span = telemetry.tracer.startSpan(name, { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
  try {
    return await work(span);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The parent of a request's span: a W3C `traceparent` only when a trusted proxy in front of us wrote
 * headers (as with X-Request-Id); a browser's is ignored, or anyone could join or forge a trace.
 */
export function parentContext(trusted: boolean, header: (name: string) => string | undefined): OtelContext {
  if (!trusted) return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) {
    const value = header(name);
    if (value) carrier[name] = value;
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A method as a bounded label: HTTP allows any token as a method, so the rest are "other". */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'other';
}

/** A status as a bounded label: the code itself for the few that exist, else its class. */
export function statusLabel(status: number): string {
  return status >= 100 && status < 600 ? String(status) : 'other';
}

export type { Span };
