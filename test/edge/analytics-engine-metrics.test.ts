import { describe, expect, it } from 'vitest';
import { analyticsEngineMetrics } from '../../bff/edge/analytics-engine-metrics.ts';
import type { AnalyticsEngineDataset } from '../../bff/edge/platform.ts';
import { METRIC_CATALOGUE } from '../../bff/http/telemetry.ts';
import { createHarness, signIn } from '../support/console-harness.ts';

// The worker's metrics (docs/operations.md#on-cloudflare-workers): the same catalogue as on Node, one
// Analytics Engine data point per count or observation, in the layout the documented queries use.

type Point = Parameters<AnalyticsEngineDataset['writeDataPoint']>[0];

function recording() {
  const points: Point[] = [];
  return { points, dataset: { writeDataPoint: (point: Point) => void points.push(point) } };
}

describe('metrics through Workers Analytics Engine', () => {
  it('writes the journey as data points: name as index and first blob, labels in catalogue order', async () => {
    const { points, dataset } = recording();
    const h = createHarness({
      deps: { telemetry: { metrics: analyticsEngineMetrics(dataset), tracer: undefined } },
    });
    const browser = h.browser();
    await signIn(h, browser);
    h.fake.control.expireAccessTokens();
    expect((await browser.request('/api/v4/businesses')).status).toBe(200);

    const named = (name: string) => points.filter((p) => p.indexes?.[0] === name);
    for (const point of points) {
      const name = point.blobs?.[0] as keyof typeof METRIC_CATALOGUE;
      expect(point.indexes).toEqual([name]);
      expect(point.blobs).toHaveLength(1 + METRIC_CATALOGUE[name].labels.length);
      expect(point.doubles).toHaveLength(1);
    }
    expect(named('console_logins_total').map((p) => p.blobs?.[1])).toEqual(['started', 'completed']);
    expect(named('console_token_requests_total').map((p) => p.blobs?.slice(1))).toEqual([
      ['authorization_code', 'success'],
      ['refresh_token', 'success'],
    ]);
    expect(named('console_thumbtack_requests').map((p) => p.blobs?.slice(1))).toEqual([
      ['supply.businesses.list', '401'],
      ['supply.businesses.list', '200'],
    ]);
    const request = named('console_http_requests').at(-1);
    expect(request?.blobs).toEqual(['console_http_requests', 'supply.businesses.list', 'GET', '200']);
    expect(request?.doubles?.[0]).toBeGreaterThanOrEqual(0);
  });

  it('never lets a refused point break the request', async () => {
    const dataset = {
      writeDataPoint: () => {
        throw new Error('too many data points');
      },
    };
    const h = createHarness({
      deps: { telemetry: { metrics: analyticsEngineMetrics(dataset), tracer: undefined } },
    });
    expect((await h.app.request('http://localhost/healthz')).status).toBe(200);
    expect((await signIn(h, h.browser())).status).toBe(302);
  });
});
