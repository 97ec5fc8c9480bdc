import { isApiError, openEventStream } from '../../../lib/api-client';
import { createEventStreamParser } from './event-stream-parser';
import { type LiveEvent, toLiveEvent } from './live-events';

// The console's one connection to GET /live/events (docs/live-updates.md, "Listening"). It reconnects
// with backoff when the stream ends or cannot open, resumes with Last-Event-ID, and tells its owner
// when to reload the screen's data: after every (re)connect and on `reset`, so a delivery missed while
// it was away is never a lost lead. A 401 (the session ended) and other refusals stop it for good.

/** `live`: the stream is open. `reconnecting`: it is wanted but not open (yet). `off`: not wanted. */
export type LiveStatus = 'live' | 'reconnecting' | 'off';

export const RECONNECT = {
  /** The first wait; each failed attempt doubles it. */
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  /** A stream that stayed open this long was healthy: the next wait starts over from the first. */
  healthyAfterMs: 10_000,
  /**
   * The server sends a heartbeat every 15 s: a stream silent for three of them is taken for a dead
   * connection (a sleeping laptop, a proxy that dropped it without closing) and reopened.
   */
  silentForMs: 45_000,
} as const;

export type LiveConnectionHandlers = {
  onEvent: (event: LiveEvent) => void;
  /** The stream opened, the first time or again: reload what may have been missed meanwhile. */
  onOpen: () => void;
  /** The server could not resume after the id the console sent: reload everything. */
  onReset: () => void;
  /** The BFF answered 401: the session is over and the connection has stopped. */
  onSessionEnded: () => void;
  /** The connection stopped because the BFF refused it (not for a 401). */
  onRefused?: (error: unknown) => void;
};

export class LiveConnection {
  private currentStatus: LiveStatus = 'off';
  private lastId = '';
  private running = false;
  private attempt = 0;
  private serverRetryMs = 0;
  private controller: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private healthyTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly handlers: LiveConnectionHandlers,
    private readonly path = '/live/events',
  ) {}

  get status(): LiveStatus {
    return this.currentStatus;
  }

  /** The id of the last event received: sent as Last-Event-ID on the next connection. */
  get lastEventId(): string {
    return this.lastId;
  }

  /** Calls `listener` whenever the status changes; answers the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.setStatus('reconnecting');
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    const controller = this.controller;
    const reader = this.reader;
    this.controller = undefined;
    this.reader = undefined;
    controller?.abort();
    void reader?.cancel().catch(() => undefined);
    this.setStatus('off');
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const isCurrent = () => this.running && this.controller === controller;

    let reader: ReadableStreamDefaultReader<Uint8Array>;
    try {
      reader = await openEventStream(this.path, {
        lastEventId: this.lastId || undefined,
        signal: controller.signal,
      });
    } catch (error) {
      if (isCurrent()) this.failed(error);
      return;
    }
    if (!isCurrent()) {
      void reader.cancel().catch(() => undefined);
      return;
    }

    this.reader = reader;
    this.setStatus('live');
    this.healthyTimer = setTimeout(() => {
      this.attempt = 0;
    }, RECONNECT.healthyAfterMs);
    this.handlers.onOpen();

    const parser = createEventStreamParser(
      {
        onEvent: (event) => {
          if (!isCurrent()) return;
          this.lastId = event.lastEventId;
          if (event.type === 'reset') {
            this.handlers.onReset();
            return;
          }
          const live = toLiveEvent(event);
          if (live) this.handlers.onEvent(live);
        },
        onRetry: (milliseconds) => {
          this.serverRetryMs = milliseconds;
        },
      },
      this.lastId,
    );
    const decoder = new TextDecoder();
    const watchSilence = () => {
      clearTimeout(this.silenceTimer);
      this.silenceTimer = setTimeout(() => {
        controller.abort();
        void reader.cancel().catch(() => undefined);
      }, RECONNECT.silentForMs);
    };
    watchSilence();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !isCurrent()) break;
        watchSilence();
        parser.push(decoder.decode(value, { stream: true }));
        // An id without an event moves the resume point too (HTML §9.2.6).
        if (isCurrent()) this.lastId = parser.lastEventId;
      }
    } catch {
      // The connection dropped, went silent, or was stopped: which one is told below.
    }
    // Stopped (or replaced): stop() has cleared the timers, and they may be a newer connection's now.
    if (!isCurrent()) return;
    clearTimeout(this.healthyTimer);
    clearTimeout(this.silenceTimer);
    this.reader = undefined;
    this.scheduleReconnect();
  }

  private failed(error: unknown): void {
    if (isApiError(error) && error.status === 401) {
      this.stop();
      this.handlers.onSessionEnded();
      return;
    }
    if (isRefusal(error)) {
      this.stop();
      this.handlers.onRefused?.(error);
      return;
    }
    this.scheduleReconnect(isApiError(error) ? error.retryAfter : undefined);
  }

  private scheduleReconnect(retryAfterSeconds?: number): void {
    const backoff = Math.min(RECONNECT.maxDelayMs, RECONNECT.firstDelayMs * 2 ** this.attempt);
    // The stream's `retry:` and a 429's or 503's Retry-After are what the server asked for: the
    // wait is never shorter than either.
    const delay = Math.max(backoff, this.serverRetryMs, (retryAfterSeconds ?? 0) * 1000);
    this.attempt += 1;
    this.setStatus('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.running) void this.connect();
    }, delay);
  }

  private clearTimers(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.healthyTimer);
    clearTimeout(this.silenceTimer);
    this.reconnectTimer = undefined;
    this.healthyTimer = undefined;
    this.silenceTimer = undefined;
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * A refusal that trying again will not change: the route is not there or not allowed, the request
 * was blocked, or the answer was not an event stream. Timeouts and rate limits are worth a retry.
 */
function isRefusal(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.code === 'unexpected_response') return true;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}
