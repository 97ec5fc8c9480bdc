import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../bff/config.ts';
import { createNodeTelemetry } from '../../../bff/node/telemetry.ts';
import { createHarness, signIn } from '../../support/console-harness.ts';

// Traces (docs/operations.md): a span per request with its route id and request id, a child per call
// to Thumbtack and per token request; a browser's traceparent is ignored unless a trusted proxy sent it.

function traced(env: Record<string, string> = {}, telemetryEnv: Record<string, string> = {}) {
  const exporter = new InMemorySpanExporter();
  const telemetry = createNodeTelemetry(parseConfig(telemetryEnv), {
    spanProcessor: new SimpleSpanProcessor(exporter),
  });
  const h = createHarness({ env, deps: { telemetry } });
  return { h, exporter };
}

const byId = (spans: ReadableSpan[]) => new Map(spans.map((s) => [s.spanContext().spanId, s]));

describe('traces', () => {
  it('one proxied call with a refresh: the request span, and under it the 401, the refresh and the retry', async () => {
    const { h, exporter } = traced();
    const browser = h.browser();
    await signIn(h, browser);
    h.fake.control.expireAccessTokens();
    exporter.reset();
    const res = await browser.request('/api/v4/businesses');
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'GET supply.businesses.list');
    expect(root).toBeDefined();
    expect(root?.parentSpanContext).toBeUndefined();
    expect(root?.attributes).toMatchObject({
      'http.route': 'supply.businesses.list',
      'http.response.status_code': 200,
      'request.id': res.headers.get('x-request-id'),
    });
    const children = spans
      .filter((s) => s.parentSpanContext?.spanId === root?.spanContext().spanId)
      .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));
    expect(children.map((s) => s.name)).toEqual([
      'thumbtack supply.businesses.list',
      'oauth refresh',
      'thumbtack supply.businesses.list',
    ]);
    expect(children.map((s) => s.attributes['http.response.status_code'])).toEqual([401, undefined, 200]);
    // Every span of the call is in the request's trace.
    const traceId = root?.spanContext().traceId;
    expect(
      spans
        .filter((s) => byId(spans).has(s.spanContext().spanId))
        .every((s) => s.spanContext().traceId === traceId),
    ).toBe(true);
  });

  it('traces the code exchange of a sign-in under the callback', async () => {
    const { h, exporter } = traced();
    await signIn(h, h.browser());
    const spans = exporter.getFinishedSpans();
    const callback = spans.find((s) => s.name === 'GET auth.callback');
    const exchange = spans.find((s) => s.name === 'oauth code exchange');
    expect(exchange?.parentSpanContext?.spanId).toBe(callback?.spanContext().spanId);
  });

  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it("ignores a browser's traceparent: the request starts a trace of its own", async () => {
    const { h, exporter } = traced();
    await h.app.request('http://localhost/healthz', { headers: { traceparent } });
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).not.toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('continues the trace of a trusted proxy (TRUSTED_PROXY_HEADER set)', async () => {
    const { h, exporter } = traced({ TRUSTED_PROXY_HEADER: 'x-forwarded-for' });
    await h.app.request('http://localhost/healthz', { headers: { traceparent } });
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('keeps TRACE_SAMPLE_RATIO of the traces it starts, and follows a trusted proxy in the rest', async () => {
    const { h, exporter } = traced(
      { TRUSTED_PROXY_HEADER: 'x-forwarded-for' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', TRACE_SAMPLE_RATIO: '0.000001' },
    );
    for (let i = 0; i < 20; i += 1) await h.app.request('http://localhost/healthz');
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await h.app.request('http://localhost/healthz', { headers: { traceparent } });
    expect(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).toEqual([
      '0af7651916cd43dd8448eb211c80319c',
    ]);
  });

  it('refuses a sample ratio outside (0, 1]', () => {
    for (const ratio of ['0', '-0.5', '1.5', 'half']) {
      expect(() => parseConfig({ TRACE_SAMPLE_RATIO: ratio })).toThrow(/TRACE_SAMPLE_RATIO/);
    }
  });

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(createNodeTelemetry(parseConfig({})).tracer).toBeUndefined();
    expect(
      createNodeTelemetry(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).tracer,
    ).toBeDefined();
  });
});
