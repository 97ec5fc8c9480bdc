// The one module in the SPA that calls fetch. Every call goes to the BFF on the same origin; the
// browser never holds a token, so all a request needs is the session cookie (sent by
// `credentials: 'same-origin'`) and the `X-CSRF: 1` header the BFF demands on every call, GET too.

/** A failed BFF call, typed from the BFF's `{"error":{code,message,requestId}}` shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from Retry-After (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Query = Record<string, string | number | undefined>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
};

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRF': '1' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    // Redirects from the API are never expected; following one could leave the origin.
    redirect: 'error',
  };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), init);
  } catch (cause) {
    // An abort is the caller's decision (a navigation moved on), not a failure to show.
    if (options.signal?.aborted) throw cause;
    throw networkError();
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  throw await toApiError(response);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => apiRequest<T>(path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

export type EventStreamOptions = {
  /** The id of the last event seen, sent as Last-Event-ID so the server resumes after it. */
  lastEventId?: string | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * Opens a Server-Sent Events stream (text/event-stream) with a streaming fetch rather than
 * EventSource, which cannot send the `X-CSRF: 1` the BFF demands. Answers the body's reader once the
 * server has accepted; a refusal is an ApiError like any other call's. Parsing is the caller's.
 */
export async function openEventStream(
  path: string,
  options: EventStreamOptions = {},
): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const headers: Record<string, string> = { Accept: 'text/event-stream', 'X-CSRF': '1' };
  if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
  const init: RequestInit = { method: 'GET', headers, credentials: 'same-origin', redirect: 'error' };
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw networkError();
  }
  if (!response.ok) throw await toApiError(response);
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.body || !/^text\/event-stream\b/i.test(type)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ApiError({
      status: response.status,
      code: 'unexpected_response',
      message: 'The server did not answer with an event stream.',
    });
  }
  return response.body.getReader();
}

function networkError(): ApiError {
  return new ApiError({
    status: 0,
    code: 'network_error',
    message: 'The console could not reach the server. Check your connection.',
  });
}

// Relative URLs keep every call on the page's own origin; the query is encoded here so callers
// never splice user input into a path.
function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = isErrorBody(body) ? body.error : undefined;
  return new ApiError({
    status: response.status,
    code: error?.code ?? 'unexpected_response',
    message: error?.message ?? `The server answered with status ${response.status}.`,
    ...(error?.requestId ? { requestId: error.requestId } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

function isErrorBody(
  body: unknown,
): body is { error: { code: string; message: string; requestId?: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

// Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
