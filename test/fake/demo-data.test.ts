import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../mocks/thumbtack/catalogue.ts';
import { buildWorld } from '../mocks/thumbtack/demo-data.ts';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { createPrng } from '../mocks/thumbtack/prng.ts';

// The demo world: deterministic, realistic enough to exercise paging and every status, and anchored to
// a day so its times look recent.

const ANCHOR = Date.UTC(2026, 5, 15);
const world = buildWorld(ANCHOR);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('determinism', () => {
  it('builds the same world from the same anchor', () => {
    expect(JSON.stringify([...buildWorld(ANCHOR).negotiations])).toBe(
      JSON.stringify([...world.negotiations]),
    );
    expect(JSON.stringify([...buildWorld(ANCHOR).messages])).toBe(JSON.stringify([...world.messages]));
  });

  it('keeps IDs independent of the anchor; only times move', () => {
    const later = buildWorld(ANCHOR + 86_400_000);
    expect([...later.negotiations.keys()]).toEqual([...world.negotiations.keys()]);
    const id = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
    expect(later.negotiations.get(id)?.negotiation.createdAt).not.toBe(
      world.negotiations.get(id)?.negotiation.createdAt,
    );
  });

  it('uses a seeded generator', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    expect([a.id(), a.id(), a.int(0, 100)]).toEqual([b.id(), b.id(), b.int(0, 100)]);
    expect(a.id()).toMatch(/^[2-5]\d{17}$/);
  });

  it('pins the well-known demo values', () => {
    expect(DEMO_CLIENTS).toEqual({
      supply: { id: 'demo-supply-client', secret: 'demo-supply-secret-not-for-production' },
      demand: { id: 'demo-demand-client', secret: 'demo-demand-secret-not-for-production' },
    });
    expect(DEMO_ACCOUNTS.pro.accountID).toBe('demo-pro');
    expect(DEMO_ACCOUNTS.customer.accountID).toBe('demo-customer');
    expect(DEMO_ACCOUNTS.pro.businessIDs).toEqual(['464906834977246164', '474913853307917833']);
    expect(DEMO_ACCOUNTS.pro.longThreadNegotiationID).toBe('544641163664485155');
  });
});

describe('content', () => {
  const proLeads = DEMO_ACCOUNTS.pro.negotiationIDs.map((id) => world.negotiations.get(id)?.negotiation);

  it('gives the pro 12+ leads across both businesses and all three statuses', () => {
    expect(proLeads.length).toBeGreaterThanOrEqual(12);
    for (const businessID of DEMO_ACCOUNTS.pro.businessIDs) {
      const statuses = new Set(
        proLeads.filter((n) => n?.business.businessID === businessID).map((n) => n?.status),
      );
      expect([...statuses].sort()).toEqual(['Canceled', 'Open', 'Picked']);
    }
  });

  it('uses Thumbtack formats: 18-digit IDs, $ money, RFC 3339 Z times, all in the past', () => {
    for (const lead of proLeads) {
      expect(lead?.negotiationID).toMatch(/^\d{18}$/);
      expect(lead?.leadPrice).toMatch(/^\$\d+\.\d{2}$/);
      expect(lead?.estimate.total).toMatch(/^\$\d+\.\d{2}$/);
      expect(lead?.createdAt).toMatch(RFC3339);
      expect(Date.parse(lead?.createdAt ?? '')).toBeLessThan(ANCHOR);
      expect(lead?.request.details.length).toBeGreaterThan(0);
      expect(CATEGORIES.map((c) => c.categoryID)).toContain(lead?.request.category.categoryID);
    }
  });

  it('has a 25+ message thread in order with distinct seconds, before the anchor', () => {
    const thread = world.messages.get(DEMO_ACCOUNTS.pro.longThreadNegotiationID) ?? [];
    expect(thread.length).toBeGreaterThanOrEqual(25);
    const times = thread.map((m) => Date.parse(m.sentAt));
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1] ?? 0);
    expect(times.at(-1)).toBeLessThan(ANCHOR);
    expect(new Set(thread.map((m) => m.from))).toEqual(new Set(['Customer', 'Business']));
  });

  it('has 15+ reviews on one business, with and without responses', () => {
    const reviews = world.reviews.get(DEMO_ACCOUNTS.pro.reviewedBusinessID) ?? [];
    expect(reviews.length).toBeGreaterThanOrEqual(15);
    expect(reviews.filter((r) => r.responseText).length).toBeGreaterThan(0);
    expect(reviews.filter((r) => !r.responseText).length).toBeGreaterThan(0);
  });

  it('gives the customer requests with messages, one of them to the pro', () => {
    const ids = DEMO_ACCOUNTS.customer.negotiationIDs;
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids.some((id) => DEMO_ACCOUNTS.pro.negotiationIDs.includes(id))).toBe(true);
    expect(ids.some((id) => !DEMO_ACCOUNTS.pro.negotiationIDs.includes(id))).toBe(true);
    for (const id of ids) expect(world.messages.get(id)?.length).toBeGreaterThan(0);
  });

  it('seeds phone numbers and a disabled webhook', () => {
    expect(world.phoneNumbers.get(DEMO_ACCOUNTS.pro.businessIDs[0])?.length).toBe(2);
    const hooks = [...world.webhooks.values()];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.enabled).toBe(false);
  });
});
