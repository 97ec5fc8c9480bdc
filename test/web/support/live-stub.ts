// The BFF's /live routes played by msw handlers for one test, so a screen test can say exactly what
// the stream carries (which ids, which order, twice, a reset) and when it ends. The rest of the page
// (/auth, /api) still goes through the real BFF and the fake Thumbtack. The handlers answer as
// docs/live-updates.md says the BFF does, X-CSRF check included; they are added with server.use, so
// they stand in front of console-backend's forwarding to the real /live routes and go with the test.
import { waitFor } from '@testing-library/react';
import type { Backend } from './console-backend';
import { DEMO_ACCOUNTS, HttpResponse, http, ORIGIN } from './console-backend';

export type StubbedSubscription = { businessID: string; name: string; live: boolean };

export interface LiveStub {
  /** Each business and whether live updates are on, as GET /live/subscriptions answers. */
  subscriptions: Map<string, StubbedSubscription>;
  /** Every /live call the page made, in order. */
  requests: Request[];
  /** The GET /live/events calls, in order. */
  connections: Request[];
  /** Whether a stream is open now. */
  readonly open: boolean;
  /** Writes text to the open stream as it is (chunk boundaries are the test's). */
  write(text: string): void;
  /** Sends one event on the open stream. */
  send(event: string, data: unknown, id?: string | number): void;
  /** Ends the open stream, as a server that drains. */
  end(): void;
  /** Waits until the page has opened `count` streams in all; answers the last one's request. */
  connected(count?: number): Promise<Request>;
}

const encoder = new TextEncoder();

const NAMES: Record<string, string> = {
  [DEMO_ACCOUNTS.pro.businessIDs[0]]: 'Ortiz Handyman & Repair',
  [DEMO_ACCOUNTS.pro.businessIDs[1]]: 'Evergreen Yard & Garden Co.',
};

function refused(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message, requestId: `stub-${code}` } }, { status });
}

export function stubLive(
  backend: Backend,
  options: {
    /** Businesses with live updates on at the start. */
    live?: readonly string[];
    /** The stream's first line, `retry: <ms>`; the BFF sends 3000. */
    retryMs?: number;
  } = {},
): LiveStub {
  const subscriptions = new Map<string, StubbedSubscription>(
    DEMO_ACCOUNTS.pro.businessIDs.map((businessID) => [
      businessID,
      { businessID, name: NAMES[businessID] ?? '', live: options.live?.includes(businessID) ?? false },
    ]),
  );
  const requests: Request[] = [];
  const connections: Request[] = [];
  let stream: ReadableStreamDefaultController<Uint8Array> | undefined;

  const csrf = (request: Request) =>
    request.headers.get('x-csrf') === '1' ? undefined : refused(403, 'csrf_rejected', 'Missing X-CSRF.');

  backend.h.server.use(
    http.get(`${ORIGIN}/live/subscriptions`, ({ request }) => {
      requests.push(request.clone());
      return csrf(request) ?? HttpResponse.json({ data: [...subscriptions.values()] });
    }),
    http.post(`${ORIGIN}/live/subscriptions`, async ({ request }) => {
      requests.push(request.clone());
      const refusal = csrf(request);
      if (refusal) return refusal;
      const { businessID } = (await request.json()) as { businessID: string };
      const subscription = subscriptions.get(businessID);
      if (!subscription) return refused(404, 'not_found', 'That is not one of your businesses.');
      subscription.live = true;
      return HttpResponse.json({ businessID, live: true });
    }),
    http.delete(`${ORIGIN}/live/subscriptions/:businessID`, ({ request, params }) => {
      requests.push(request.clone());
      const refusal = csrf(request);
      if (refusal) return refusal;
      const businessID = String(params.businessID);
      const subscription = subscriptions.get(businessID);
      if (!subscription) return refused(404, 'not_found', 'That is not one of your businesses.');
      subscription.live = false;
      return HttpResponse.json({ businessID, live: false });
    }),
    http.get(`${ORIGIN}/live/events`, ({ request }) => {
      requests.push(request.clone());
      const refusal = csrf(request);
      if (refusal) return refusal;
      connections.push(request.clone());
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
      const close = () => {
        if (stream === controller) stream = undefined;
      };
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          stream = c;
          c.enqueue(encoder.encode(`retry: ${options.retryMs ?? 3000}\n\n`));
        },
        cancel: close,
      });
      request.signal.addEventListener('abort', close, { once: true });
      return new HttpResponse(body, {
        headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }),
  );

  const stub: LiveStub = {
    subscriptions,
    requests,
    connections,
    get open() {
      return stream !== undefined;
    },
    write(text) {
      if (!stream) throw new Error('live-stub: no stream is open');
      stream.enqueue(encoder.encode(text));
    },
    send(event, data, id) {
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      stub.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      const open = stream;
      stream = undefined;
      open?.close();
    },
    async connected(count = 1) {
      await waitFor(() => {
        if (connections.length < count || !stream) {
          throw new Error(`the page opened ${connections.length} of ${count} streams`);
        }
      });
      return connections[count - 1] as Request;
    },
  };
  return stub;
}
