import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../support/console-harness.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import { readEvents } from '../../support/sse.ts';
import { TestBrowser } from '../../support/test-browser.ts';
import { basicFor, leadEnvelope, ORTIZ } from '../live/live-support.ts';
import { asHarness, createRedisHarness, type RedisHarness } from './redis-harness.ts';

// Live updates across instances (docs/live-updates.md, "Fan-out between instances"): Thumbtack's
// delivery lands on one instance, the pro's stream is held by another; Redis carries it, and a
// duplicate that lands on the other instance is still pushed once.

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

async function deliverTo(h: RedisHarness, instance: number, body: unknown) {
  return (h.apps[instance] as RedisHarness['app']).request('http://localhost/webhooks/thumbtack', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: await basicFor(asHarness(h), ORTIZ),
    },
    body: JSON.stringify(body),
  });
}

describe('live updates with the Redis store, two instances', () => {
  it('an event received by instance A reaches a stream held by instance B, once', async () => {
    const h: RedisHarness = await createRedisHarness(redis, { instances: 2, live: true });
    const browser = h.browser(0);
    await signIn(asHarness(h), browser);
    const onB = new TestBrowser(h.apps[1] as RedisHarness['app'], 'http://localhost');
    for (const [name, value] of browser.cookies) onB.cookies.set(name, value);
    const stream = readEvents(await onB.request('/live/events'));
    const lead = leadEnvelope(ORTIZ);
    expect((await deliverTo(h, 0, lead)).status).toBe(204);
    const [event] = await stream.next(1, 5000);
    expect(event?.event).toBe('lead');
    expect(JSON.parse(event?.data ?? '{}').negotiationID).toBe(lead.data.negotiationID);
    // The same delivery again, on the other instance: deduplicated through Redis.
    expect((await deliverTo(h, 1, lead)).status).toBe(204);
    expect(await stream.quiet(300)).toEqual([]);
    await stream.close();
  });
});
