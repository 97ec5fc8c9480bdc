/**
 * Runs `work` under a deadline that the BFF owns. When the time is up, the signal given to `work` is
 * aborted and the returned promise rejects with DeadlineExceeded at once, whether or not `work` (a
 * fetch implementation, a stream read, an in-process fake) honours the signal. A late result or error
 * of `work` is dropped.
 */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

export function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const reason = new DeadlineExceeded(timeoutMs);
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
    work(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // After the deadline the outcome is already decided; an abort error here is the echo of it.
        reject(controller.signal.aborted ? controller.signal.reason : error);
      },
    );
  });
}
