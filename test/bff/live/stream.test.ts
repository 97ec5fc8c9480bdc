import { describe, expect, it } from 'vitest';
import { createHarness, signIn } from '../../support/console-harness.ts';
import { readEvents } from '../../support/sse.ts';
import { basicFor, deliver, leadEnvelope, ORTIZ } from './live-support.ts';

// GET /live/events (docs/live-updates.md, "Listening"): a session's own businesses, heartbeats, ids
// and Last-Event-ID resume from a bounded buffer; it ends with the session or the server.

async function signedIn(options: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness(options);
  const browser = h.browser();
  await signIn(h, browser);
  return { h, browser };
}

describe('the live event stream', () => {
  it('starts with a retry hint, then sends each event with an increasing id', async () => {
    const { h, browser } = await signedIn();
    const res = await browser.request('/live/events');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const stream = readEvents(res);
    const auth = await basicFor(h, ORTIZ);
    for (let i = 0; i < 3; i++) await deliver(h, leadEnvelope(ORTIZ), auth);
    const events = await stream.next(3);
    const ids = events.map((e) => e.id as string);
    expect(ids.every((id) => /^[0-9a-z-]+$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    await stream.close();
  });

  it('resumes after Last-Event-ID with what was missed, and says reset for an id it cannot place', async () => {
    const { h, browser } = await signedIn();
    const first = readEvents(await browser.request('/live/events'));
    const auth = await basicFor(h, ORTIZ);
    const leads = [leadEnvelope(ORTIZ), leadEnvelope(ORTIZ), leadEnvelope(ORTIZ)];
    await deliver(h, leads[0], auth);
    const [seen] = await first.next();
    await first.close();
    await deliver(h, leads[1], auth);
    await deliver(h, leads[2], auth);
    const resumed = readEvents(
      await browser.request('/live/events', { headers: { 'Last-Event-ID': seen?.id ?? '' } }),
    );
    const missed = await resumed.next(2);
    expect(missed.map((e) => JSON.parse(e.data).negotiationID)).toEqual([
      leads[1]?.data.negotiationID,
      leads[2]?.data.negotiationID,
    ]);
    await resumed.close();
    for (const lastEventId of ['not-an-id', '000000001-000001-abc']) {
      const lost = readEvents(
        await browser.request('/live/events', { headers: { 'Last-Event-ID': lastEventId } }),
      );
      const [reset] = await lost.next();
      expect(reset).toMatchObject({ event: 'reset', data: '{}' });
      await lost.close();
    }
  });

  it('sends heartbeats, and ends when the session is logged out elsewhere', async () => {
    const { browser } = await signedIn({ deps: { liveHeartbeatMs: 50 } });
    const stream = readEvents(await browser.request('/live/events'));
    await stream.quiet(200);
    expect(stream.comments).toContain('heartbeat');
    await browser.request('/auth/logout', { method: 'POST' });
    await stream.untilEnded(2000);
    expect(stream.ended).toBe(true);
  });

  it('ends when the server begins to drain, so the drain is not held open', async () => {
    const closing = new AbortController();
    const { browser } = await signedIn({ deps: { closing: closing.signal } });
    const stream = readEvents(await browser.request('/live/events'));
    closing.abort();
    await stream.untilEnded(2000);
    expect(stream.ended).toBe(true);
  });

  it('needs a session and X-CSRF', async () => {
    const { h, browser } = await signedIn();
    const anonymous = await h.browser().request('/live/events');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('not_authenticated');
    const forged = await browser.request('/live/events', { csrf: false });
    expect(forged.status).toBe(403);
  });

  it('is a pro feature: the marketplace side answers 404 live_updates_unavailable', async () => {
    const { browser } = await signedIn({ env: { MOCK_SIDE: 'demand' } });
    const res = await browser.request('/live/subscriptions');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('live_updates_unavailable');
  });
});
