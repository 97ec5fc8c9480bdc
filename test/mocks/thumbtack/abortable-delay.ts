// Injected latency (a `latencyMs` fault) must behave like a slow network, not like a server that
// answers anyway: when the client gives up (its request's signal aborts), the wait ends at once with
// the error fetch rejects with on abort, and the timer goes. Otherwise the handler would go on to
// build a late 200 for nobody, and the abandoned timer would keep the process (and vitest) alive for
// the rest of the latency. (docs/decisions/045-fake-control-surface.md)

/** What fetch rejects with for an aborted signal: its reason, or an AbortError when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * True when `error` is how an aborted request ended, so the handler can end quietly instead of
 * reporting a crash. The signal must have aborted: an AbortError on a live request is still a bug.
 */
export function isAbortOf(signal: AbortSignal | undefined, error: unknown): boolean {
  if (!signal?.aborted) return false;
  return error === signal.reason || (error instanceof DOMException && error.name === 'AbortError');
}

/**
 * Waits `ms`, or rejects with the abort reason as soon as `signal` aborts (or if it already has).
 * `signal` may be missing: some runtimes hand out Requests without one (msw notes React Native).
 */
export function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!signal) {
      setTimeout(resolve, ms);
      return;
    }
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
