// The live connection manager with a fake fetch and fake timers: no BFF, so the waits can be
// measured to the millisecond.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LiveConnection,
  type LiveConnectionHandlers,
  type LiveStatus,
  RECONNECT,
} from '../../web/features/live/api/live-connection';

const encoder = new TextEncoder();

/** Plays GET /live/events: each call opens a stream the test writes to, unless told to fail. */
class FakeEventServer {
  readonly requests: { url: string; headers: Headers; signal: AbortSignal | undefined }[] = [];
  private readonly answers: (() => Response)[] = [];
  private stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  cancelled = 0;

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? undefined;
    this.requests.push({ url: String(input), headers: new Headers(init?.headers), signal });
    const answer = this.answers.shift();
    if (answer) return answer();
    return this.open(signal);
  });

  private open(signal: AbortSignal | undefined): Response {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        this.cancelled += 1;
      },
    });
    signal?.addEventListener('abort', () => {
      try {
        controller?.error(new DOMException('The operation was aborted.', 'AbortError'));
      } catch {
        // already closed
      }
    });
    this.stream = controller;
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
  }

  send(text: string) {
    try {
      this.stream?.enqueue(encoder.encode(text));
    } catch {
      // The page let go of this stream: nobody reads it any more.
    }
  }

  /** The server ends the stream (it drained, or the session ended). */
  end() {
    this.stream?.close();
    this.stream = undefined;
  }

  failNext(times = 1) {
    for (let i = 0; i < times; i += 1)
      this.answers.push(() => {
        throw new TypeError('fetch failed');
      });
  }

  refuseNext(status: number, code: string, headers: Record<string, string> = {}) {
    this.answers.push(() => Response.json({ error: { code, message: code } }, { status, headers }));
  }

  answerNext(response: () => Response) {
    this.answers.push(response);
  }
}

let server: FakeEventServer;
let handlers: { [K in keyof LiveConnectionHandlers]-?: ReturnType<typeof vi.fn> };
let statuses: LiveStatus[];

function connect() {
  const connection = new LiveConnection(handlers as unknown as LiveConnectionHandlers);
  connection.subscribe(() => statuses.push(connection.status));
  connection.start();
  return connection;
}

/** Lets the fetch, the stream and the parser run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeEventServer();
  vi.stubGlobal('fetch', server.fetch);
  handlers = {
    onEvent: vi.fn(),
    onOpen: vi.fn(),
    onReset: vi.fn(),
    onSessionEnded: vi.fn(),
    onRefused: vi.fn(),
  };
  statuses = [];
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the live connection', () => {
  it('opens the stream with the headers the BFF demands, and is live', async () => {
    const connection = connect();
    expect(connection.status).toBe('reconnecting');
    await settle();
    expect(connection.status).toBe('live');
    expect(server.requests).toHaveLength(1);
    const [first] = server.requests;
    expect(first?.url).toBe('/live/events');
    expect(first?.headers.get('accept')).toBe('text/event-stream');
    expect(first?.headers.get('x-csrf')).toBe('1');
    expect(first?.headers.has('last-event-id')).toBe(false);
    const init = server.fetch.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);
    connection.stop();
    expect(statuses).toEqual(['reconnecting', 'live', 'off']);
  });

  it('hands on the events it can read, cut anywhere, and skips the rest', async () => {
    const connection = connect();
    await settle();
    const negotiation = { negotiationID: '22', createdAt: '2026-12-01T10:00:00Z', status: 'Open' };
    const lead = { type: 'lead', businessID: '11', negotiationID: '22', negotiation };
    server.send(': heartbeat\n\n');
    // JSON over two data lines, cut between chunks mid-field: joined with a newline, it reads.
    server.send('id: 1\nevent: lead\ndata: {"businessID":"11",\nda');
    server.send(`ta: "negotiationID":"22","negotiation":${JSON.stringify(negotiation)}}\r\n\r\n`);
    server.send('id: 2\nevent: review\ndata: not json\n\n');
    server.send('id: 3\nevent: something-new\ndata: {}\n\n');
    // Telling a second delivery from the first is the store's job (by negotiationID), not the stream's.
    server.send(`id: 4\nevent: lead\ndata: ${JSON.stringify({ ...lead, type: undefined })}\n\n`);
    await settle();
    expect(handlers.onEvent.mock.calls.map(([event]) => event)).toEqual([lead, lead]);
    expect(connection.lastEventId).toBe('4');
  });

  it('reconnects with backoff, 1 s, 2 s, 4 s … up to 30 s, while the stream cannot open', async () => {
    server.failNext(8);
    const connection = connect();
    await settle();
    expect(server.requests).toHaveLength(1);
    expect(connection.status).toBe('reconnecting');
    const waits = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    for (const [index, wait] of waits.entries()) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(server.requests, `not before ${wait} ms`).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(server.requests, `after ${wait} ms`).toHaveLength(index + 2);
    }
    // The eighth failure was the last: the ninth attempt, 30 s later, opens.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.requests).toHaveLength(9);
    expect(connection.status).toBe('live');
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['reconnecting', 'live']);
  });

  it('starts the backoff over after a healthy connection, not after a short one', async () => {
    server.failNext(2);
    connect();
    await settle();
    await vi.advanceTimersByTimeAsync(1_000 + 2_000);
    expect(server.requests).toHaveLength(3);
    // Open, but closed at once: the backoff goes on (4 s).
    server.end();
    await vi.advanceTimersByTimeAsync(3_999);
    expect(server.requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(4);
    // Open long enough to count as healthy: the next wait is the first one again.
    await vi.advanceTimersByTimeAsync(RECONNECT.healthyAfterMs);
    server.end();
    await vi.advanceTimersByTimeAsync(999);
    expect(server.requests).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(5);
  });

  it('resumes with the last seen id as Last-Event-ID, and reloads after every (re)connect', async () => {
    const connection = connect();
    await settle();
    server.send('id: 41\nevent: reset\ndata: {}\n\nid: 42\n\n');
    await settle();
    expect(connection.lastEventId).toBe('42');
    server.end();
    await settle();
    expect(connection.status).toBe('reconnecting');
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests[1]?.headers.get('last-event-id')).toBe('42');
    expect(connection.status).toBe('live');
    expect(handlers.onOpen).toHaveBeenCalledTimes(2);
    // A failed attempt keeps the id for the next one (the backoff goes on: 2 s, then 4 s).
    server.end();
    server.failNext();
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(server.requests.map((request) => request.headers.get('last-event-id'))).toEqual([
      null,
      '42',
      '42',
      '42',
    ]);
    expect(statuses).toEqual(['reconnecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live']);
  });

  it('reloads the screen on reset', async () => {
    connect();
    await settle();
    expect(handlers.onReset).not.toHaveBeenCalled();
    server.send('retry: 3000\n\nevent: reset\ndata: {}\n\n');
    await settle();
    expect(handlers.onReset).toHaveBeenCalledTimes(1);
    expect(handlers.onEvent).not.toHaveBeenCalled();
  });

  it('waits at least what the stream’s retry: asks', async () => {
    connect();
    await settle();
    server.send('retry: 3000\n\n');
    server.end();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
  });

  it('stops on a 401 and says the session ended', async () => {
    const connection = connect();
    await settle();
    server.end();
    server.refuseNext(401, 'session_expired');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.status).toBe('off');
    expect(handlers.onSessionEnded).toHaveBeenCalledTimes(1);
    expect(handlers.onRefused).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(server.requests).toHaveLength(2);
    expect(statuses).toEqual(['reconnecting', 'live', 'reconnecting', 'off']);
  });

  it('stops when the BFF refuses the stream, or answers something else than a stream', async () => {
    server.refuseNext(404, 'live_updates_unavailable');
    const refused = connect();
    await settle();
    expect(refused.status).toBe('off');
    expect(handlers.onRefused).toHaveBeenCalledWith(expect.objectContaining({ status: 404 }));

    server.answerNext(() => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }));
    const html = connect();
    await settle();
    expect(html.status).toBe('off');
    expect(handlers.onRefused).toHaveBeenLastCalledWith(
      expect.objectContaining({ code: 'unexpected_response' }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(2);
    expect(handlers.onSessionEnded).not.toHaveBeenCalled();
  });

  it('retries a busy server after its Retry-After', async () => {
    server.refuseNext(503, 'token_refresh_unavailable', { 'Retry-After': '5' });
    server.refuseNext(429, 'rate_limited', { 'Retry-After': '1' });
    const connection = connect();
    await settle();
    expect(connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    // The backoff is past Retry-After by now: 2 s.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.requests).toHaveLength(3);
    expect(connection.status).toBe('live');
  });

  it('reopens a stream that has gone silent for three heartbeats', async () => {
    const connection = connect();
    await settle();
    await vi.advanceTimersByTimeAsync(RECONNECT.silentForMs - 1_000);
    server.send(': heartbeat\n\n');
    await vi.advanceTimersByTimeAsync(RECONNECT.silentForMs - 1);
    expect(connection.status).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.status).toBe('reconnecting');
    expect(server.requests[0]?.signal?.aborted).toBe(true);
    // It had been healthy: the first wait.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toHaveLength(2);
    expect(connection.status).toBe('live');
  });

  it('stop() closes the stream and any reconnect waiting', async () => {
    const connection = connect();
    await settle();
    connection.stop();
    await settle();
    expect(connection.status).toBe('off');
    expect(server.requests[0]?.signal?.aborted).toBe(true);
    // Events a closed stream still had are not handed on.
    server.send('event: reset\ndata: {}\n\n');
    await settle();
    expect(handlers.onReset).not.toHaveBeenCalled();

    server.failNext();
    connection.start();
    await settle();
    expect(connection.status).toBe('reconnecting');
    connection.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(2);
    expect(statuses).toEqual(['reconnecting', 'live', 'off', 'reconnecting', 'off']);
  });
});
