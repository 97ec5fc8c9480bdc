import { AppError } from '../errors.ts';
import type { FetchLike } from '../oauth/token-request.ts';

export const USER_AGENT = 'thumbtack-partner-console/0.1';

export interface UpstreamRequest {
  url: string;
  method: string;
  accessToken: string;
  requestId: string;
  timeoutMs: number;
  /** Already checked to be JSON. */
  body?: string;
}

/**
 * One call to Thumbtack's API. The request is built here from scratch: only Accept, Content-Type,
 * our Authorization, our User-Agent and the request id go out, whatever the browser sent. Redirects
 * are not followed (a 3xx is an error, never a hop to another host).
 */
export async function callThumbtack(fetch: FetchLike, req: UpstreamRequest): Promise<Response> {
  const headers = new Headers({
    Accept: 'application/json',
    Authorization: `Bearer ${req.accessToken}`,
    'User-Agent': USER_AGENT,
    'X-Request-Id': req.requestId,
  });
  if (req.body !== undefined) headers.set('Content-Type', 'application/json');
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const response = await fetch(
      new Request(req.url, { method: req.method, headers, body: req.body, redirect: 'manual', signal }),
    );
    return response;
  } catch (cause) {
    if (signal.aborted) {
      throw new AppError('thumbtack_timeout', 504, 'Thumbtack took too long to answer. Try again.', {
        cause,
      });
    }
    throw new AppError('thumbtack_unavailable', 502, 'Thumbtack could not be reached. Try again shortly.', {
      cause,
    });
  }
}

/**
 * Reads an upstream body with the same deadline as the call: a Thumbtack that sends headers and
 * then stalls must not hang us either.
 */
export async function readUpstreamText(response: Response, timeoutMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('thumbtack_timeout', 504, 'Thumbtack took too long to answer. Try again.')),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([response.text(), deadline]);
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError('thumbtack_unavailable', 502, 'Thumbtack closed the connection. Try again shortly.', {
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
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

/**
 * Drops a body we will not use. Reading it (bounded) rather than cancelling the stream: a cancel can
 * stall on some fetch implementations and leaves the connection unusable for keep-alive.
 */
export async function discardBody(response: Response): Promise<void> {
  try {
    await readUpstreamText(response, 2_000);
  } catch {
    // Nothing to keep from a body we were going to throw away.
  }
}
