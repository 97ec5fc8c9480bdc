/**
 * Mocked-network mode on the edge: the BFF's worker with the fake Thumbtack mounted beside it, all in
 * one workerd isolate. `npm run edge` (test/mocks/edge.ts) runs it with `wrangler dev`; test/edge/ runs it
 * in Miniflare to prove the BFF and the fake both run in workerd.
 */

import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { createWorker } from '../../bff/worker.ts';
import { createFakeThumbtack, type FakeThumbtack, routeOwnOrigin } from './thumbtack/index.ts';
import { mountFakeThumbtack } from './thumbtack/mount.ts';

let fake: FakeThumbtack | undefined;
const fakeFor = (env: Record<string, unknown>) => {
  if (!fake) {
    const origin = String(env.PUBLIC_ORIGIN);
    fake = createFakeThumbtack({
      authBase: `${origin}${MOCK_PATHS.auth}`,
      apiBase: `${origin}${MOCK_PATHS.api}`,
      controlBase: `${origin}${MOCK_PATHS.control}`,
      // Demo pictures on the console's own origin, as `npm start` serves them: no network here either.
      imageBase: `${origin}/__thumbtack/images`,
      redirectUris: [`${origin}/auth/callback`],
      // The console's own webhook URL is http://localhost… here (decision 046); a delivery to it is
      // answered by this worker in-process, since a worker's fetch to its own origin leaves the isolate.
      allowLocalhostWebhooks: true,
      deliver: routeOwnOrigin(origin, (url, init) => worker.fetch(new Request(url, init), env)),
    });
  }
  return mountFakeThumbtack(fake);
};

const worker = createWorker({
  mount: (request, env) =>
    new URL(request.url).pathname.startsWith('/__thumbtack/')
      ? fakeFor(env)(request)
      : Promise.resolve(undefined),
  fetch: (env) => async (request) => {
    // Only the fake mounted here, on the console's own origin; an external fake (FAKE_THUMBTACK_URL)
    // has the same paths on another origin and is reached over the network.
    const url = new URL(request.url);
    const own = url.origin === new URL(String(env.PUBLIC_ORIGIN)).origin;
    const answered =
      own && url.pathname.startsWith('/__thumbtack/') ? await fakeFor(env)(request) : undefined;
    return answered ?? fetch(request);
  },
});

export default worker;

// The Durable Object classes of the production worker: wrangler looks for them in the entry's exports.
export { AppTokenObject, LiveObject, RateLimitObject, SessionObject } from '../../bff/worker.ts';
