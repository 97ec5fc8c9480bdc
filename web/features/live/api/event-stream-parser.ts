// A parser of the text/event-stream format, as the HTML standard's "Server-sent events" section
// (§9.2.6, interpreting an event stream) describes it, for streams read with fetch rather than
// EventSource. Text arrives in chunks cut anywhere: in a field, in a line ending (CR of a CRLF at the
// end of one chunk, LF at the start of the next), or in a multi-byte character (the caller decodes with
// TextDecoder's `stream: true`, so only whole characters reach here).

/** One dispatched event: its type (`message` when the stream named none), data and the last event id. */
export type ServerSentEvent = { type: string; data: string; lastEventId: string };

export type EventStreamHandlers = {
  onEvent: (event: ServerSentEvent) => void;
  /** The stream's `retry:` field: the reconnection time it asks for, in milliseconds. */
  onRetry?: (milliseconds: number) => void;
  /** A comment line (`: heartbeat`), without its colon and the one space after it. */
  onComment?: (text: string) => void;
};

export type EventStreamParser = {
  /** Feeds decoded text, cut anywhere. */
  push(text: string): void;
  /** The last event id dispatched so far (the one to resume after). */
  readonly lastEventId: string;
};

export function createEventStreamParser(
  handlers: EventStreamHandlers,
  /** The id to start from, when a stream resumes after an earlier one. */
  initialLastEventId = '',
): EventStreamParser {
  let pending = '';
  let started = false;
  // A CR ended the last chunk: an LF starting the next one belongs to the same line ending.
  let skipLineFeed = false;
  let eventType = '';
  let data = '';
  let idBuffer = initialLastEventId;
  let lastEventId = initialLastEventId;

  function dispatch() {
    // The standard commits the id at every blank line, even one that ends an event without data.
    lastEventId = idBuffer;
    if (data === '') {
      eventType = '';
      return;
    }
    const event = { type: eventType || 'message', data: data.slice(0, -1), lastEventId };
    data = '';
    eventType = '';
    handlers.onEvent(event);
  }

  function processLine(line: string) {
    if (line === '') return dispatch();
    if (line.startsWith(':')) {
      handlers.onComment?.(withoutLeadingSpace(line.slice(1)));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : withoutLeadingSpace(line.slice(colon + 1));
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data += `${value}\n`;
        break;
      case 'id':
        // An id with a NULL in it is ignored, so it cannot be used to confuse a resume.
        if (!value.includes('\u0000')) idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
      // Any other field is ignored.
    }
  }

  return {
    push(text: string) {
      let input = text;
      if (!started && input.length > 0) {
        started = true;
        // One byte order mark may open the stream.
        if (input.startsWith('\uFEFF')) input = input.slice(1);
      }
      if (skipLineFeed && input.length > 0) {
        skipLineFeed = false;
        if (input.startsWith('\n')) input = input.slice(1);
      }
      pending += input;
      let start = 0;
      for (;;) {
        const cr = pending.indexOf('\r', start);
        const lf = pending.indexOf('\n', start);
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        if (end === -1) break;
        const line = pending.slice(start, end);
        if (pending[end] === '\r') {
          if (end + 1 < pending.length) {
            start = pending[end + 1] === '\n' ? end + 2 : end + 1;
          } else {
            start = end + 1;
            skipLineFeed = true;
          }
        } else {
          start = end + 1;
        }
        processLine(line);
      }
      pending = pending.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

function withoutLeadingSpace(value: string): string {
  return value.startsWith(' ') ? value.slice(1) : value;
}
