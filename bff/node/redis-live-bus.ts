import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { LiveEvent } from '../live/live-events.ts';
import { DEDUPE_SECONDS, type LiveHub, LocalLiveHub } from '../live/live-hub.ts';
import { hashedKey, storeCall } from '../session/redis-client.ts';

/**
 * Live events across Node instances (docs/live-updates.md, "Fan-out between instances"): the instance
 * that receives a delivery publishes it on a Redis channel, every instance (itself included) hands it
 * to its own streams and resume buffer, and "have we seen this event?" is one SET NX shared by all.
 */
const CHANNEL = 'tt-console:live';
const DEDUPE_PREFIX = 'tt-console:live-seen:';

const EventSchema = z.object({
  id: z.string().max(64),
  type: z.enum(['lead', 'message', 'review']),
  businessID: z.string().regex(/^\d{1,19}$/),
  data: z.record(z.string(), z.unknown()),
});

export class RedisLiveHub implements LiveHub {
  private readonly local: LocalLiveHub;

  /**
   * `subscriber` is a connection of its own: in subscriber mode Redis takes no other commands on it.
   * `start()` subscribes whenever that connection is (again) ready, so a Redis that is down at startup
   * or restarts later delays live events without stopping the server.
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    nowMs: () => number = Date.now,
  ) {
    this.local = new LocalLiveHub(nowMs);
  }

  start(): void {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== CHANNEL) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return;
      }
      const event = EventSchema.safeParse(parsed);
      if (event.success) this.local.deliver(event.data as LiveEvent);
    });
    const subscribe = () => {
      this.subscriber.subscribe(CHANNEL).catch(() => undefined);
    };
    this.subscriber.on('ready', subscribe);
    if (this.subscriber.status === 'ready') subscribe();
  }

  async firstDelivery(identity: string): Promise<boolean> {
    const key = await hashedKey(DEDUPE_PREFIX, identity);
    const set = await storeCall(() => this.publisher.set(key, '1', 'EX', DEDUPE_SECONDS, 'NX'));
    return set === 'OK';
  }

  async publish(event: Omit<LiveEvent, 'id'>): Promise<void> {
    const stamped = this.local.stamp(event);
    await storeCall(() => this.publisher.publish(CHANNEL, JSON.stringify(stamped)));
  }

  subscribe(businessIDs: readonly string[], listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(businessIDs, listener);
  }

  since(businessIDs: readonly string[], lastEventId: string): Promise<LiveEvent[] | 'reset'> {
    return this.local.since(businessIDs, lastEventId);
  }
}
