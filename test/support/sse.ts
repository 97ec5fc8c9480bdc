/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Reads a text/event-stream response the way a client would: events and comments in order, across
 * chunk boundaries. `next(n)` waits for n more events (or throws after `timeoutMs`); `close()` cancels.
 */
export function readEvents(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  let done = false;
  let taken = 0;
  const pump = async () => {
    const { done: finished, value } = await reader.read();
    if (finished) {
      done = true;
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { event: 'message', data: '', id: undefined };
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('data: ')) {
          event.data += (hasData ? '\n' : '') + line.slice(6);
          hasData = true;
        }
      }
      if (hasData) events.push(event);
      end = buffer.indexOf('\n\n');
    }
  };
  return {
    events,
    comments,
    get ended() {
      return done;
    },
    /** Waits for `count` events beyond those already taken and returns them. */
    async next(count = 1, timeoutMs = 3000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < taken + count) {
        if (done) throw new Error(`the stream ended after ${events.length} events`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms (have ${events.length - taken})`);
        await Promise.race([pump(), new Promise((r) => setTimeout(r, left))]);
      }
      const out = events.slice(taken, taken + count);
      taken += count;
      return out;
    },
    /** Reads for `ms` and returns whatever new events came (none expected, usually). */
    async quiet(ms = 200): Promise<SseEvent[]> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !done) {
        await Promise.race([pump(), new Promise((r) => setTimeout(r, deadline - Date.now()))]);
      }
      const out = events.slice(taken);
      taken = events.length;
      return out;
    },
    async untilEnded(timeoutMs = 3000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!done) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('the stream did not end');
        await Promise.race([pump(), new Promise((r) => setTimeout(r, left))]);
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
