/**
 * Mocked-network mode on the edge: the BFF's worker with the fake Thumbtack mounted beside it, all in
 * one workerd isolate. Used by test/edge/ to prove the BFF and the fake both run in workerd.
 */

import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { createWorker } from '../../bff/worker.ts';
import { createFakeThumbtack, type FakeThumbtack } from './thumbtack/index.ts';
import { mountFakeThumbtack } from './thumbtack/mount.ts';

let fake: FakeThumbtack | undefined;
const fakeFor = (env: Record<string, unknown>) => {
  if (!fake) {
    const origin = String(env.PUBLIC_ORIGIN);
    fake = createFakeThumbtack({
      authBase: `${origin}${MOCK_PATHS.auth}`,
      apiBase: `${origin}${MOCK_PATHS.api}`,
      controlBase: `${origin}${MOCK_PATHS.control}`,
      redirectUris: [`${origin}/auth/callback`],
    });
  }
  return mountFakeThumbtack(fake);
};

export default createWorker({
  mount: (request, env) =>
    new URL(request.url).pathname.startsWith('/__thumbtack/')
      ? fakeFor(env)(request)
      : Promise.resolve(undefined),
  fetch: (env) => async (request) => {
    const answered = new URL(request.url).pathname.startsWith('/__thumbtack/')
      ? await fakeFor(env)(request)
      : undefined;
    return answered ?? fetch(request);
  },
});
