import { describe, expect, it } from 'vitest';
import { createApp } from '../../bff/app.ts';
import { parseConfig } from '../../bff/config.ts';

// Liveness (/healthz) and readiness (/readyz) are separate: a load balancer takes an instance out of
// rotation when it is draining or cannot reach its session store, while the process stays "alive".

function app(draining: () => boolean) {
  return createApp(parseConfig({ SESSION_SECRETS: 'health-test-secret-0123456789abcdef' }), {
    logSink: () => undefined,
    draining,
  });
}

describe('health endpoints', () => {
  it('answer 200 when serving, never cached', async () => {
    const a = app(() => false);
    const live = await a.request('http://localhost/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
    expect(live.headers.get('cache-control')).toBe('no-store');
    const ready = await a.request('http://localhost/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, draining: false, sessionStore: 'ok' });
  });

  it('both answer 503 while the server drains after SIGTERM', async () => {
    let draining = false;
    const a = app(() => draining);
    draining = true;
    const live = await a.request('http://localhost/healthz');
    expect(live.status).toBe(503);
    expect(await live.json()).toEqual({ ok: false, draining: true });
    const ready = await a.request('http://localhost/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, draining: true, sessionStore: 'ok' });
  });
});
