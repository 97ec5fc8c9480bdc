import { AppError } from '../errors.ts';
import { type Deadline, DeadlineExceeded, withDeadline } from '../http/deadline.ts';
import { inSpan, type Span, statusLabel, type Telemetry } from '../http/telemetry.ts';

export type FetchLike = (input: Request) => Promise<Response>;

export const USER_AGENT = 'thumbtack-partner-console/0.1';

/** Larger answers than this are refused: nothing the console shows comes near it. */
export const MAX_UPSTREAM_BODY_BYTES = 4 * 1024 * 1024;

export interface PartnerApiRequest {
  url: string;
  method: string;
  accessToken: string;
  requestId: string;
  /** For the whole exchange: connecting, the headers and the body. */
  timeoutMs: number;
  /** Already checked to be JSON. */
  body?: string;
  /** Counted and traced under this route id, as a child of `parent` (http/telemetry.ts). */
  observe?: { telemetry: Telemetry; parent: Span | undefined; route: string };
}

/** Thumbtack's whole answer, read: status, the headers we may look at, and the body text. */
export interface PartnerApiAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

/** One HTTP exchange as a transport sees it: everything already decided by callPartnerApi. */
export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The call's deadline: its signal for fetch, or onExpire for a transport that stops otherwise. */
  deadline: Deadline;
}

/**
 * How the BFF reaches the partner API. The default goes through fetch (any runtime); the Node entry
 * gives one on Node's own HTTP client (bff/node/partner-api-transport.ts), which skips building
 * Request, Headers and Response objects on the hottest path. Either way the deadline, the body cap
 * and the error codes are callPartnerApi's, not the transport's. Throws AppError for a body too
 * large; anything else it throws means "could not reach Thumbtack".
 */
export type PartnerApiTransport = (request: OutgoingRequest) => Promise<PartnerApiAnswer>;

const thumbtackTimeout = (cause?: unknown) =>
  new AppError('thumbtack_timeout', 504, 'Thumbtack took too long to answer. Try again.', { cause });

export const thumbtackUnavailable = (message: string, cause?: unknown) =>
  new AppError('thumbtack_unavailable', 502, message, { cause });

export const upstreamTooLarge = () => thumbtackUnavailable('Thumbtack sent an answer too large to relay.');

/**
 * One call to Thumbtack's partner API. The request is built here from scratch: only Accept,
 * Content-Type, our Authorization, our User-Agent and the request id go out, whatever the browser
 * sent. Redirects are not followed (a 3xx is an answer, never a hop to another host). The deadline is
 * ours and covers the body too: a Thumbtack that sends headers and then stalls is a 504, like one
 * that never answers, whether or not the transport honours its signal.
 */
export async function callPartnerApi(
  transport: PartnerApiTransport,
  req: PartnerApiRequest,
): Promise<PartnerApiAnswer> {
  const observe = req.observe;
  if (!observe) return callOnce(transport, req);
  const started = Date.now();
  return inSpan(
    observe.telemetry,
    observe.parent,
    `thumbtack ${observe.route}`,
    { 'thumbtack.route': observe.route },
    async (span) => {
      let status = 'unreachable';
      try {
        const answer = await callOnce(transport, req);
        status = statusLabel(answer.status);
        span?.setAttribute('http.response.status_code', answer.status);
        return answer;
      } catch (error) {
        if (error instanceof AppError && error.code === 'thumbtack_timeout') status = 'timeout';
        throw error;
      } finally {
        observe.telemetry.metrics.observe(
          'console_thumbtack_requests',
          { route: observe.route, status },
          (Date.now() - started) / 1000,
        );
      }
    },
  );
}

async function callOnce(transport: PartnerApiTransport, req: PartnerApiRequest): Promise<PartnerApiAnswer> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${req.accessToken}`,
    'User-Agent': USER_AGENT,
    'X-Request-Id': req.requestId,
  };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await withDeadline(req.timeoutMs, async (deadline) => {
      try {
        return await transport({ url: req.url, method: req.method, headers, body: req.body, deadline });
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        throw thumbtackUnavailable('Thumbtack could not be reached. Try again shortly.', cause);
      }
    });
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw thumbtackTimeout(error);
    throw error;
  }
}

/** The default transport: fetch (global, or the one an entry gives), as on every runtime. */
export function fetchTransport(fetch: FetchLike): PartnerApiTransport {
  return async ({ url, method, headers, body, deadline }) => {
    const signal = deadline.signal;
    const response = await fetch(new Request(url, { method, headers, body, redirect: 'manual', signal }));
    const text = await readBounded(response);
    return { status: response.status, headers: response.headers, text };
  };
}

/** The body as text, refused past MAX_UPSTREAM_BODY_BYTES; a broken stream is a 502. */
async function readBounded(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_UPSTREAM_BODY_BYTES) {
    // Not awaited: a cancel can stall on some fetch implementations, and the answer is already known.
    response.body?.cancel().catch(() => undefined);
    throw upstreamTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_UPSTREAM_BODY_BYTES) {
        reader.cancel().catch(() => undefined);
        throw upstreamTooLarge();
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw thumbtackUnavailable('Thumbtack closed the connection. Try again shortly.', cause);
  }
  return text + decoder.decode();
}

/**
 * Thumbtack's own error text when it is safe to show: a short plain sentence (problem `detail` or
 * `title`, or OAuth `error_description`), never anything that looks like a credential.
 */
export function safeUpstreamMessage(text: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const candidate = [record.detail, record.title, record.error_description, record.message].find(
    (v): v is string => typeof v === 'string' && v.trim().length > 0,
  );
  if (!candidate || candidate.length > 300) return undefined;
  if (/[\u0000-\u001f\u007f<>]/.test(candidate)) return undefined;
  if (/eyJ[A-Za-z0-9_-]{10,}|[A-Za-z0-9_-]{40,}/.test(candidate)) return undefined;
  return candidate;
}
