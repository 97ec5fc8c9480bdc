/**
 * Runs `work` under a deadline that the BFF owns. When the time is up, `work` is told (its signal
 * aborts, its expiry callbacks run) and the returned promise rejects with DeadlineExceeded at once,
 * whether or not `work` (a fetch implementation, a stream read, an in-process fake) stops. A late
 * result or error of `work` is dropped.
 */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** What `work` gets: an AbortSignal for APIs that take one, or a plain callback for those that do not. */
export interface Deadline {
  /** Made on first use only: an AbortController per call is a visible cost on the proxy's hot path. */
  readonly signal: AbortSignal;
  /** Runs `stop` when the deadline passes (at once if it has). */
  onExpire(stop: (reason: DeadlineExceeded) => void): void;
}

export function withDeadline<T>(timeoutMs: number, work: (deadline: Deadline) => Promise<T>): Promise<T> {
  let controller: AbortController | undefined;
  let expired: DeadlineExceeded | undefined;
  let stops: ((reason: DeadlineExceeded) => void)[] | undefined;
  const deadline: Deadline = {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (expired) controller.abort(expired);
      }
      return controller.signal;
    },
    onExpire(stop) {
      if (expired) {
        stop(expired);
        return;
      }
      stops ??= [];
      stops.push(stop);
    },
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      expired = new DeadlineExceeded(timeoutMs);
      reject(expired);
      controller?.abort(expired);
      for (const stop of stops ?? []) stop(expired);
    }, timeoutMs);
    work(deadline).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // After the deadline the outcome is already decided; an abort error here is the echo of it.
        reject(expired ?? error);
      },
    );
  });
}
