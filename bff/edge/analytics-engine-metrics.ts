import { type Labels, METRIC_CATALOGUE, type MetricName, type Metrics } from '../http/telemetry.ts';
import type { AnalyticsEngineDataset } from './platform.ts';

/**
 * The metric catalogue on the edge (docs/operations.md#on-cloudflare-workers): a worker has no
 * process to scrape, so each count or observation is one Workers Analytics Engine data point,
 * summed later with its SQL API. The layout is fixed so queries can rely on it:
 *
 * - index1 and blob1: the metric's name (as in the catalogue, without Prometheus suffixes);
 * - blob2…: its label values, in the catalogue's label order;
 * - double1: the amount counted (counters) or the seconds observed (histograms).
 *
 * Analytics Engine samples under load; `_sample_interval` says how many points one stands for.
 * Writing never throws into a request: a metric lost is better than an answer lost.
 */
export function analyticsEngineMetrics(dataset: AnalyticsEngineDataset): Metrics {
  const write = (name: MetricName, labels: Labels, value: number) => {
    const blobs = [name, ...METRIC_CATALOGUE[name].labels.map((label) => labels[label] ?? '')];
    try {
      dataset.writeDataPoint({ indexes: [name], blobs, doubles: [value] });
    } catch {
      // The platform refused the point (a limit on points per request, say): drop it.
    }
  };
  return {
    count: (name, labels, by = 1) => write(name, labels, by),
    observe: (name, labels, seconds) => write(name, labels, seconds),
  };
}
