import { customerName, type Negotiation } from '../../leads/api/types';
import { type Message, mergeMessages } from '../../messages/api/messages';
import type { Review } from '../../reviews/api/reviews';
import type { LiveEvent } from './live-events';

// What arrived live, kept beside the screens' loader data and merged on top of it: the loaders stay the
// source of truth (a revalidation brings the same items, and the screens list each id once, the
// loader's copy first), this store only adds what the loaders have not seen yet. Keyed by business
// (leads, reviews) and by lead (messages, unread counts). Each event is taken once by its identity
// (docs/live-updates.md: negotiationID, messageID, reviewID), so a double delivery shows once.
//
// A message is shown only for a lead the console knows: one a screen loaded, or one a `lead` event
// brought. A message for any other lead (Thumbtack's "Lead Description" can overtake its lead) is held
// until then.

export type LiveNotice = {
  /** Unique per notice. */
  key: string;
  kind: LiveEvent['type'];
  text: string;
  businessID: string;
  /** The lead it is about, for a link. */
  negotiationID?: string;
  /** The business's name, when the event carried it. */
  businessName?: string;
};

export type LiveState = {
  /** Per business, leads that arrived live, newest first. */
  leads: ReadonlyMap<string, readonly Negotiation[]>;
  /** Per business, reviews that arrived live, newest first. */
  reviews: ReadonlyMap<string, readonly Review[]>;
  /** Per lead the console knows, messages that arrived live. */
  messages: ReadonlyMap<string, readonly Message[]>;
  /** Per lead the console does not know yet, messages waiting for it. */
  held: ReadonlyMap<string, readonly Message[]>;
  /** Per lead, messages from the customer that arrived while the lead was not open. */
  unread: ReadonlyMap<string, number>;
  /** The latest notices, oldest first. */
  notices: readonly LiveNotice[];
};

export const MAX_NOTICES = 3;
/** Live items kept per business: far more than anyone reads before the next reload. */
const MAX_ITEMS = 200;

export const EMPTY_LIVE_STATE: LiveState = {
  leads: new Map(),
  reviews: new Map(),
  messages: new Map(),
  held: new Map(),
  unread: new Map(),
  notices: [],
};

let nextNotice = 0;

export class LiveStore {
  private state: LiveState = EMPTY_LIVE_STATE;
  /** Event identities taken so far: `lead:<negotiationID>`, `message:<messageID>`, `review:<reviewID>`. */
  private readonly seen = new Set<string>();
  private readonly known = new Set<string>();
  /** Leads open on a screen now, with how many screens hold each. */
  private readonly open = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): LiveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  receive(event: LiveEvent): void {
    const identity =
      event.type === 'lead'
        ? `lead:${event.negotiationID}`
        : event.type === 'message'
          ? `message:${event.messageID}`
          : `review:${event.reviewID}`;
    if (this.seen.has(identity)) return;
    this.seen.add(identity);

    if (event.type === 'lead') {
      const { negotiation } = event;
      const list = this.state.leads.get(event.businessID) ?? [];
      let next: LiveState = {
        ...this.state,
        leads: withEntry(this.state.leads, event.businessID, [negotiation, ...list].slice(0, MAX_ITEMS)),
      };
      next = addNotice(next, {
        kind: 'lead',
        text: `New lead from ${shortName(negotiation)}`,
        businessID: event.businessID,
        negotiationID: event.negotiationID,
        ...(negotiation.business?.name ? { businessName: negotiation.business.name } : {}),
      });
      this.known.add(event.negotiationID);
      this.commit(this.release(next, event.negotiationID));
      return;
    }

    if (event.type === 'message') {
      if (this.known.has(event.negotiationID)) {
        this.commit(this.show(this.state, event.negotiationID, [event.message], event.businessID));
      } else {
        const waiting = this.state.held.get(event.negotiationID) ?? [];
        this.commit({
          ...this.state,
          held: withEntry(this.state.held, event.negotiationID, [...waiting, event.message]),
        });
      }
      return;
    }

    const { review } = event;
    const list = this.state.reviews.get(event.businessID) ?? [];
    this.commit(
      addNotice(
        {
          ...this.state,
          reviews: withEntry(this.state.reviews, event.businessID, [review, ...list].slice(0, MAX_ITEMS)),
        },
        {
          kind: 'review',
          text: `New review from ${review.reviewerName || 'a customer'}`,
          businessID: event.businessID,
        },
      ),
    );
  }

  /** Leads a screen loaded: the console knows them now, and their held messages show. */
  markKnown(negotiationIDs: Iterable<string>): void {
    let next = this.state;
    for (const id of negotiationIDs) {
      if (this.known.has(id)) continue;
      this.known.add(id);
      next = this.release(next, id);
    }
    this.commit(next);
  }

  /**
   * A screen shows this lead's thread: its messages are read as they come, and its unread count
   * clears. Answers the function to call when the screen closes it.
   */
  openLead(negotiationID: string): () => void {
    this.open.set(negotiationID, (this.open.get(negotiationID) ?? 0) + 1);
    this.markKnown([negotiationID]);
    this.markRead(negotiationID);
    return () => {
      const count = (this.open.get(negotiationID) ?? 1) - 1;
      if (count > 0) this.open.set(negotiationID, count);
      else this.open.delete(negotiationID);
    };
  }

  markRead(negotiationID: string): void {
    if (!this.state.unread.has(negotiationID)) return;
    this.commit({ ...this.state, unread: withoutEntry(this.state.unread, negotiationID) });
  }

  dismissNotice(key: string): void {
    this.commit({ ...this.state, notices: this.state.notices.filter((notice) => notice.key !== key) });
  }

  /** Moves a lead's held messages into view. */
  private release(state: LiveState, negotiationID: string): LiveState {
    const waiting = state.held.get(negotiationID);
    if (!waiting) return state;
    const next = { ...state, held: withoutEntry(state.held, negotiationID) };
    return this.show(next, negotiationID, waiting, undefined);
  }

  private show(
    state: LiveState,
    negotiationID: string,
    arrived: readonly Message[],
    businessID: string | undefined,
  ): LiveState {
    const shown = state.messages.get(negotiationID) ?? [];
    let next: LiveState = {
      ...state,
      messages: withEntry(state.messages, negotiationID, mergeMessages(shown, arrived)),
    };
    // Only the customer's messages are news: the business's own (sent here, or in Thumbtack's app)
    // come back as events too.
    const fromCustomer = arrived.filter((message) => message.from === 'Customer');
    if (fromCustomer.length === 0) return next;
    if (!this.open.has(negotiationID)) {
      next = {
        ...next,
        unread: withEntry(
          next.unread,
          negotiationID,
          (next.unread.get(negotiationID) ?? 0) + fromCustomer.length,
        ),
      };
    }
    const last = fromCustomer[fromCustomer.length - 1];
    return addNotice(next, {
      kind: 'message',
      text: `New message from ${last?.customer?.displayName || 'the customer'}`,
      businessID: businessID ?? last?.business?.businessID ?? '',
      negotiationID,
    });
  }

  private commit(next: LiveState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * A loaded list with what arrived live on top: live items the loader has not brought yet, newest
 * first, then the loader's, each id once. The loader's copy wins, so a reload replaces live items.
 */
export function withLiveItems<T>(live: readonly T[], loaded: readonly T[], idOf: (item: T) => string): T[] {
  const loadedIds = new Set(loaded.map(idOf));
  const fresh = live.filter((item) => !loadedIds.has(idOf(item)));
  return fresh.length === 0 ? [...loaded] : [...fresh, ...loaded];
}

/** "Dana R.": how Thumbtack names a customer to a pro. */
function shortName(negotiation: Negotiation): string {
  const first = negotiation.customer?.firstName;
  const initial = negotiation.customer?.lastName?.trim().charAt(0);
  if (first && initial) return `${first} ${initial}.`;
  const name = customerName(negotiation);
  return name === 'Customer' ? 'a customer' : name;
}

function addNotice(state: LiveState, notice: Omit<LiveNotice, 'key'>): LiveState {
  nextNotice += 1;
  return {
    ...state,
    notices: [...state.notices, { key: `notice-${nextNotice}`, ...notice }].slice(-MAX_NOTICES),
  };
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
