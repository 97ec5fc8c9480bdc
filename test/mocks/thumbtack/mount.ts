import { getResponse } from 'msw';
import { abortReason } from './abortable-delay.ts';
import type { FakeThumbtack } from './index.ts';

// Answers a plain Request with the fake's handlers, without intercepting anything: how the fake is
// mounted on a real HTTP server (the BFF's origin in mocked-network mode, serve.ts, workerd). Resolves
// to undefined for URLs outside the fake's bases so the caller can fall through to its own routes.
//
// In mocked-network mode this stands in for fetch, so it honours the request's signal as fetch does
// (and as msw's interceptor does under setupServer): an already-aborted request never reaches the
// fake, and an abort while the fake is still working (a latency fault) rejects at once with the
// signal's reason instead of resolving with a late answer.

export function mountFakeThumbtack(fake: FakeThumbtack): (request: Request) => Promise<Response | undefined> {
  return (request) => {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      getResponse(fake.handlers, request)
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  };
}
