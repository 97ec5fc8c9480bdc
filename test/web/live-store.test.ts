import { describe, expect, it } from 'vitest';
import type { Negotiation } from '../../web/features/leads/api/types';
import type { LeadEvent, MessageEvent, ReviewEvent } from '../../web/features/live/api/live-events';
import { LiveStore, MAX_NOTICES, withLiveItems } from '../../web/features/live/api/live-store';

const BUSINESS = '100';

function lead(negotiationID: string, firstName = 'Dana', lastName = 'Reyes'): LeadEvent {
  return {
    type: 'lead',
    businessID: BUSINESS,
    negotiationID,
    negotiation: {
      negotiationID,
      createdAt: '2026-12-01T10:00:00Z',
      status: 'Open',
      customer: { customerID: '9', firstName, lastName },
      business: { businessID: BUSINESS, name: 'Ortiz Handyman & Repair' },
    },
  };
}

function message(negotiationID: string, messageID: string, from = 'Customer'): MessageEvent {
  return {
    type: 'message',
    businessID: BUSINESS,
    negotiationID,
    messageID,
    message: {
      messageID,
      negotiationID,
      from,
      text: `message ${messageID}`,
      sentAt: `2026-12-01T10:0${messageID.slice(-1)}:00Z`,
      customer: { customerID: '9', displayName: 'Dana R.' },
    },
  };
}

function review(reviewID: string): ReviewEvent {
  return {
    type: 'review',
    businessID: BUSINESS,
    reviewID,
    review: { reviewID, rating: 5, reviewerName: 'Jordan K.', reviewText: 'Great work.' },
  };
}

describe('the live store', () => {
  it('puts new leads and reviews first, per business, each once however often delivered', () => {
    const store = new LiveStore();
    store.receive(lead('1'));
    store.receive(lead('2', 'Sam', 'Turner'));
    store.receive(lead('1'));
    store.receive({ ...lead('3'), businessID: '200' });
    store.receive(review('7'));
    store.receive(review('7'));
    const state = store.getSnapshot();
    expect(state.leads.get(BUSINESS)?.map((item) => item.negotiationID)).toEqual(['2', '1']);
    expect(state.leads.get('200')?.map((item) => item.negotiationID)).toEqual(['3']);
    expect(state.reviews.get(BUSINESS)?.map((item) => item.reviewID)).toEqual(['7']);
    expect(state.notices.map((notice) => notice.text)).toEqual([
      'New lead from Sam T.',
      'New lead from Dana R.',
      'New review from Jordan K.',
    ]);
  });

  it('holds a message whose lead it does not know, and shows it once the lead arrives', () => {
    const store = new LiveStore();
    store.receive(message('5', '51'));
    store.receive(message('5', '51'));
    let state = store.getSnapshot();
    expect(state.messages.has('5')).toBe(false);
    expect(state.unread.has('5')).toBe(false);
    expect(state.held.get('5')).toHaveLength(1);
    expect(state.notices).toEqual([]);

    store.receive(lead('5'));
    state = store.getSnapshot();
    expect(state.held.has('5')).toBe(false);
    expect(state.messages.get('5')?.map((item) => item.messageID)).toEqual(['51']);
    expect(state.unread.get('5')).toBe(1);
    expect(state.notices.map((notice) => notice.text)).toEqual([
      'New lead from Dana R.',
      'New message from Dana R.',
    ]);
  });

  it('shows held messages once a screen loads their lead', () => {
    const store = new LiveStore();
    store.receive(message('6', '61'));
    store.receive(message('6', '62'));
    store.markKnown(['4', '6']);
    const state = store.getSnapshot();
    expect(state.messages.get('6')?.map((item) => item.messageID)).toEqual(['61', '62']);
    expect(state.unread.get('6')).toBe(2);
    // Known now: the next one shows at once.
    store.receive(message('6', '63'));
    expect(store.getSnapshot().unread.get('6')).toBe(3);
  });

  it('reads the messages of an open lead as they come, and clears its mark when opened', () => {
    const store = new LiveStore();
    store.markKnown(['8', '9']);
    store.receive(message('8', '81'));
    expect(store.getSnapshot().unread.get('8')).toBe(1);
    const close = store.openLead('8');
    expect(store.getSnapshot().unread.has('8')).toBe(false);
    store.receive(message('8', '82'));
    expect(store.getSnapshot().unread.has('8')).toBe(false);
    expect(store.getSnapshot().messages.get('8')).toHaveLength(2);
    close();
    store.receive(message('8', '83'));
    expect(store.getSnapshot().unread.get('8')).toBe(1);
    // Opening a lead it did not know makes it known.
    store.receive(message('10', '101'));
    store.openLead('10');
    expect(store.getSnapshot().messages.get('10')).toHaveLength(1);
    expect(store.getSnapshot().unread.has('10')).toBe(false);
  });

  it('does not count the business’s own messages as news', () => {
    const store = new LiveStore();
    store.markKnown(['11']);
    store.receive(message('11', '111', 'Business'));
    const state = store.getSnapshot();
    expect(state.messages.get('11')).toHaveLength(1);
    expect(state.unread.has('11')).toBe(false);
    expect(state.notices).toEqual([]);
  });

  it(`keeps the last ${MAX_NOTICES} notices, each dismissable, and tells its listeners of changes only`, () => {
    const store = new LiveStore();
    let changes = 0;
    store.subscribe(() => {
      changes += 1;
    });
    for (const id of ['1', '2', '3', '4']) store.receive(lead(id));
    expect(changes).toBe(4);
    const { notices } = store.getSnapshot();
    expect(notices).toHaveLength(MAX_NOTICES);
    store.dismissNotice(notices[0]?.key ?? '');
    expect(store.getSnapshot().notices).toHaveLength(MAX_NOTICES - 1);
    const before = store.getSnapshot();
    store.receive(lead('4'));
    store.markKnown(['1']);
    store.markRead('1');
    expect(store.getSnapshot()).toBe(before);
    expect(changes).toBe(5);
  });
});

describe('merging live items on top of a loader’s', () => {
  const item = (negotiationID: string, status = 'Open') => ({ negotiationID, status }) as Negotiation;

  it('puts live items the loader has not brought first, and keeps the loader’s copy of the others', () => {
    const live = [item('3'), item('2')];
    const loaded = [item('2', 'Picked'), item('1')];
    expect(withLiveItems(live, loaded, (lead) => lead.negotiationID)).toEqual([
      item('3'),
      item('2', 'Picked'),
      item('1'),
    ]);
    // A reload that brought them all replaces them.
    expect(withLiveItems(live, [item('3'), ...loaded], (lead) => lead.negotiationID)).toEqual([
      item('3'),
      item('2', 'Picked'),
      item('1'),
    ]);
  });
});
