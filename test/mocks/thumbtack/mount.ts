import { getResponse } from 'msw';
import type { FakeThumbtack } from './index.ts';

// Answers a plain Request with the fake's handlers, without intercepting anything: how the fake is
// mounted on a real HTTP server (the BFF's origin in mocked-network mode, serve.ts, workerd). Resolves
// to undefined for URLs outside the fake's bases so the caller can fall through to its own routes.

export function mountFakeThumbtack(fake: FakeThumbtack): (request: Request) => Promise<Response | undefined> {
  return (request) => getResponse(fake.handlers, request);
}
