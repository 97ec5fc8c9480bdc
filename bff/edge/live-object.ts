import type { LiveEvent } from '../live/live-events.ts';
import { type LiveHub, LocalLiveHub } from '../live/live-hub.ts';
import { callObject, type DurableObjectNamespace, readOperation } from './platform.ts';

const encoder = new TextEncoder();

/**
 * Live updates of one business across isolates (docs/live-updates.md, "Fan-out between instances"):
 * the isolate that receives Thumbtack's delivery publishes it here, and every isolate holding a stream
 * for this business listens here. The object stamps ids, deduplicates and keeps the resume buffer (the
 * same LocalLiveHub as one Node process uses), and writes each event to its listeners' open streams.
 */
export class LiveObject {
  private readonly hub = new LocalLiveHub();

  async fetch(request: Request): Promise<Response> {
    const { operation, body } = await readOperation(request);
    const businessID = String(body.businessID ?? '');
    switch (operation) {
      case 'first':
        return Response.json({ first: await this.hub.firstDelivery(String(body.identity)) });
      case 'publish':
        await this.hub.publish(body.event as Omit<LiveEvent, 'id'>);
        return Response.json({ ok: true });
      case 'since':
        return Response.json({ events: this.hub.sinceNow([businessID], String(body.lastEventId)) });
      case 'listen':
        return this.listen(businessID);
      default:
        return Response.json({ error: `no operation ${operation}` }, { status: 404 });
    }
  }

  /** A stream of this business's events, one JSON line each, open until the listener goes away. */
  private listen(businessID: string): Response {
    let unsubscribe = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        // A first line, so the listener knows it is connected before any event.
        controller.enqueue(encoder.encode('{"ready":true}\n'));
        unsubscribe = this.hub.subscribe([businessID], (event) => {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        });
      },
      cancel: () => unsubscribe(),
    });
    return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } });
  }
}

/** The worker's view: a LiveHub whose every business is its LiveObject. */
export class DurableObjectLiveHub implements LiveHub {
  constructor(private readonly namespace: DurableObjectNamespace) {}

  async firstDelivery(identity: string): Promise<boolean> {
    const businessID = identity.slice(0, identity.indexOf(':'));
    const answer = await callObject<{ first: boolean }>(this.namespace, `live:${businessID}`, 'first', {
      businessID,
      identity,
    });
    return answer.first;
  }

  async publish(event: Omit<LiveEvent, 'id'>): Promise<void> {
    await callObject(this.namespace, `live:${event.businessID}`, 'publish', {
      businessID: event.businessID,
      event,
    });
  }

  async since(businessIDs: readonly string[], lastEventId: string): Promise<LiveEvent[] | 'reset'> {
    const missed: LiveEvent[] = [];
    for (const businessID of businessIDs) {
      const answer = await callObject<{ events: LiveEvent[] | 'reset' }>(
        this.namespace,
        `live:${businessID}`,
        'since',
        {
          businessID,
          lastEventId,
        },
      );
      if (answer.events === 'reset') return 'reset';
      missed.push(...answer.events);
    }
    return missed.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  subscribe(businessIDs: readonly string[], listener: (event: LiveEvent) => void): () => void {
    const controller = new AbortController();
    for (const businessID of businessIDs) void this.listen(businessID, listener, controller.signal);
    return () => controller.abort();
  }

  private async listen(businessID: string, listener: (event: LiveEvent) => void, signal: AbortSignal) {
    try {
      const stub = this.namespace.get(this.namespace.idFromName(`live:${businessID}`));
      const response = await stub.fetch('https://durable-object/listen', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ businessID }),
        signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      signal.addEventListener('abort', () => reader.cancel().catch(() => undefined), { once: true });
      const decoder = new TextDecoder();
      let buffered = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        let end = buffered.indexOf('\n');
        while (end !== -1) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          const parsed = JSON.parse(line) as LiveEvent | { ready: true };
          if ('id' in parsed) listener(parsed);
          end = buffered.indexOf('\n');
        }
      }
    } catch {
      // The stream ends (the listener left, or the object was moved): the console reconnects and reloads.
    }
  }
}
