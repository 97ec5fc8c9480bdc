import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { MOCK_PATHS } from '../../bff/thumbtack/environments.ts';
import { createFakeThumbtack, type FakeThumbtack } from '../mocks/thumbtack/index.ts';
import { mountFakeThumbtack } from '../mocks/thumbtack/mount.ts';
import { fakeUrlOverrides } from './fake-urls.ts';
import { freePort } from './free-port.ts';
import { closeWithTest, once } from './harness-lifecycle.ts';

export interface FakeServer {
  origin: string;
  fake: FakeThumbtack;
  /** The URL overrides that point a staging-mode BFF at this fake. */
  urls: Record<string, string>;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * The fake Thumbtack over real HTTP, in the test's own process (so the test can reach its state),
 * with the same paths as `npm run fake`. Used where the BFF runs as a real process. Made inside a
 * test, it closes itself when that test finishes (see harness-lifecycle.ts).
 */
export async function startFakeServer(
  redirectUris: string[],
  options: { scope?: 'test' | 'suite' | 'process' } = {},
): Promise<FakeServer> {
  let server: Server | undefined;
  const close = once(
    () =>
      new Promise<void>((done) => {
        if (!server) return done();
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  // Before listening: outside a running test this throws, and nothing is left open.
  // 'suite' and 'process' (a bench, a script) close it themselves.
  if ((options.scope ?? 'test') === 'test') closeWithTest('startFakeServer()', close);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fake = createFakeThumbtack({
    authBase: `${origin}${MOCK_PATHS.auth}`,
    apiBase: `${origin}${MOCK_PATHS.api}`,
    controlBase: `${origin}${MOCK_PATHS.control}`,
    redirectUris,
  });
  const mount = mountFakeThumbtack(fake);
  const listening = serve({
    hostname: '127.0.0.1',
    port,
    fetch: async (request) =>
      (await mount(request)) ?? Response.json({ error: 'not_found' }, { status: 404 }),
  }) as Server;
  server = listening;
  await new Promise<void>((done) =>
    listening.listening ? done() : listening.once('listening', () => done()),
  );
  return {
    origin,
    fake,
    urls: fakeUrlOverrides(origin),
    close,
  };
}
