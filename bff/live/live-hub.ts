import type { LiveEvent } from './live-events.ts';

/**
 * Where delivered events meet the open streams. One process: this in-memory hub. Several instances: a
 * bus carries each published event to every instance's hub (bff/node/redis-live-bus.ts; on the edge, a
 * Durable Object per business), and deduplication is shared too.
 */
export interface LiveHub {
  /** True the first time an event identity is seen within DEDUPE_SECONDS; false for a repeat. */
  firstDelivery(identity: string): Promise<boolean>;
  /** Gives the event its id and sends it to every stream of its business, on every instance. */
  publish(event: Omit<LiveEvent, 'id'>): Promise<void>;
  subscribe(businessIDs: readonly string[], listener: (event: LiveEvent) => void): () => void;
  /**
   * What a stream resuming after `lastEventId` missed, oldest first; 'reset' when the buffer no
   * longer reaches back that far (or the id is not one of ours) and the client must reload.
   */
  since(businessIDs: readonly string[], lastEventId: string): Promise<LiveEvent[] | 'reset'>;
}

export const DEDUPE_SECONDS = 3600;
export const BUFFER_PER_BUSINESS = 200;
export const BUFFER_SECONDS = 3600;

/**
 * Event ids: the time and a counter, fixed width, so ids compare as strings in the order they were
 * published; the instance's mark makes them unique across instances.
 */
function eventId(nowMs: number, sequence: number, instance: string): string {
  return `${nowMs.toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(6, '0')}-${instance}`;
}
const EVENT_ID = /^[0-9a-z]{9}-[0-9a-z]{6}-[0-9a-z]{1,16}$/;

function randomInstanceMark(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

interface Buffered {
  events: LiveEvent[];
  /** The id of the newest event dropped from this buffer: a client behind it missed something. */
  droppedThrough: string | undefined;
}

/** The local half of every hub: listeners, the resume buffer, and ids. */
export class LocalLiveHub implements LiveHub {
  private readonly listeners = new Map<string, Set<(event: LiveEvent) => void>>();
  private readonly buffers = new Map<string, Buffered>();
  private readonly seen = new Map<string, number>();
  private sequence = 0;
  /** Events before this were never seen here (a restart, a new instance): resuming from them is a reset. */
  private readonly startedAt: number;

  constructor(
    private readonly nowMs: () => number = Date.now,
    readonly instance: string = randomInstanceMark(),
  ) {
    this.startedAt = nowMs();
  }

  async firstDelivery(identity: string): Promise<boolean> {
    const now = this.nowMs();
    const until = this.seen.get(identity);
    if (until !== undefined && until > now) return false;
    this.seen.set(identity, now + DEDUPE_SECONDS * 1000);
    if (this.seen.size > 100_000) {
      for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
    }
    return true;
  }

  async publish(event: Omit<LiveEvent, 'id'>): Promise<void> {
    this.deliver(this.stamp(event));
  }

  /** Gives an event its id (the bus stamps it on the instance that received it). */
  stamp(event: Omit<LiveEvent, 'id'>): LiveEvent {
    this.sequence = (this.sequence + 1) % 36 ** 6;
    return { ...event, id: eventId(this.nowMs(), this.sequence, this.instance) };
  }

  /** Buffers an event and hands it to this instance's streams of its business. */
  deliver(event: LiveEvent): void {
    const buffer = this.buffers.get(event.businessID) ?? { events: [], droppedThrough: undefined };
    this.buffers.set(event.businessID, buffer);
    buffer.events.push(event);
    const oldest = this.nowMs() - BUFFER_SECONDS * 1000;
    while (
      buffer.events.length > BUFFER_PER_BUSINESS ||
      (buffer.events[0] && timeOf(buffer.events[0].id) < oldest)
    ) {
      buffer.droppedThrough = buffer.events.shift()?.id;
    }
    for (const listener of this.listeners.get(event.businessID) ?? []) listener(event);
  }

  subscribe(businessIDs: readonly string[], listener: (event: LiveEvent) => void): () => void {
    for (const businessID of businessIDs) {
      const set = this.listeners.get(businessID) ?? new Set();
      set.add(listener);
      this.listeners.set(businessID, set);
    }
    return () => {
      for (const businessID of businessIDs) {
        const set = this.listeners.get(businessID);
        set?.delete(listener);
        if (set?.size === 0) this.listeners.delete(businessID);
      }
    };
  }

  async since(businessIDs: readonly string[], lastEventId: string): Promise<LiveEvent[] | 'reset'> {
    return this.sinceNow(businessIDs, lastEventId);
  }

  /** `since`, answered at once (the bus and the edge object use it directly). */
  sinceNow(businessIDs: readonly string[], lastEventId: string): LiveEvent[] | 'reset' {
    if (!EVENT_ID.test(lastEventId) || timeOf(lastEventId) < this.startedAt) return 'reset';
    const missed: LiveEvent[] = [];
    for (const businessID of businessIDs) {
      const buffer = this.buffers.get(businessID);
      if (!buffer) continue;
      if (buffer.droppedThrough !== undefined && buffer.droppedThrough >= lastEventId) return 'reset';
      for (const event of buffer.events) if (event.id > lastEventId) missed.push(event);
    }
    return missed.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** How many streams listen right now (for tests and metrics). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}

function timeOf(id: string): number {
  return Number.parseInt(id.slice(0, 9), 36);
}
