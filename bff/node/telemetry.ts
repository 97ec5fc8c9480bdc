import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.ts';
import {
  type Labels,
  METRIC_CATALOGUE,
  type MetricName,
  type Metrics,
  noMetrics,
  type Telemetry,
} from '../http/telemetry.ts';

/** Latency buckets in seconds: a proxied call is milliseconds; Thumbtack's timeouts are 10–15 s. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** Every metric of the catalogue in `registry`, with the process's own beside them. */
function prometheusMetrics(registry: Registry): Metrics {
  collectDefaultMetrics({ register: registry, prefix: 'console_' });
  const counters = new Map<MetricName, Counter>();
  const histograms = new Map<MetricName, Histogram>();
  for (const [name, metric] of Object.entries(METRIC_CATALOGUE) as [
    MetricName,
    (typeof METRIC_CATALOGUE)[MetricName],
  ][]) {
    const spec = { name, help: metric.help, labelNames: [...metric.labels], registers: [registry] };
    if (metric.kind === 'counter') counters.set(name, new Counter(spec));
    else histograms.set(name, new Histogram({ ...spec, name: `${name}_duration_seconds`, buckets: BUCKETS }));
  }
  return {
    count(name: MetricName, labels: Labels, by = 1) {
      counters.get(name)?.inc(labels, by);
    },
    observe(name: MetricName, labels: Labels, seconds: number) {
      histograms.get(name)?.observe(labels, seconds);
    },
  };
}

export interface NodeTelemetry extends Telemetry {
  registry: Registry;
  /** Flushes spans still buffered (shutdown). */
  close(): Promise<void>;
}

/**
 * The BFF's telemetry on Node (docs/operations.md): prom-client for every metric of the catalogue
 * (plus the process's own: memory, CPU, event-loop lag, handles) when they are served, and the
 * OpenTelemetry SDK exporting spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * `spanProcessor` replaces the exporter (tests use an in-memory one).
 */
export function createNodeTelemetry(
  config: Config,
  options: { spanProcessor?: SpanProcessor } = {},
): NodeTelemetry {
  const registry = new Registry();
  // Nobody can read metrics unless METRICS_PORT or METRICS_TOKEN is set: then none are kept either.
  const served = config.metrics.port !== undefined || config.metrics.token !== undefined;
  const metrics = served ? prometheusMetrics(registry) : noMetrics;

  const processor =
    options.spanProcessor ??
    (config.tracing
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.tracing.endpoint}/v1/traces` }))
      : undefined);
  if (!processor) return { metrics, tracer: undefined, registry, close: async () => undefined };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': config.tracing?.serviceName ?? 'thumbtack-partner-console',
    }),
    spanProcessors: [processor],
    // A trace a trusted proxy started keeps the proxy's decision; one started here is kept at
    // TRACE_SAMPLE_RATIO (every one by default). A span not kept costs next to nothing.
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(config.tracing?.sampleRatio ?? 1),
    }),
  });
  // Used only for a traceparent a trusted proxy sent (http/telemetry.ts, parentContext).
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    metrics,
    tracer: provider.getTracer('thumbtack-partner-console'),
    registry,
    close: () => provider.shutdown(),
  };
}
