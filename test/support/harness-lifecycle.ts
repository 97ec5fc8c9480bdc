import { setupServer } from 'msw/node';
import { expect, onTestFinished } from 'vitest';

// How the test harnesses (console-harness, redis-harness, fake-harness, fake-server, the SPA's
// console-backend) end. Two rules:
//
// 1. A harness made inside a test is closed when that test finishes, pass or fail: its constructor
//    registers close() with vitest's onTestFinished, so no suite repeats `afterEach(() => h.close())`
//    and a forgotten close() cannot happen. onTestFinished exists only while a test runs, so a harness
//    shared by a describe block (made in beforeAll) asks for `scope: 'suite'`, and that suite closes
//    it in afterAll. close() is idempotent everywhere: closing early, by hand, is always allowed.
//
// 2. One msw server listens at a time. msw's setupServer instances share one interceptor: a second
//    server that starts listening takes every request over from the first (whose fake then silently
//    stops seeing them), and when the first one closes, it switches interception off for both. So a
//    harness that starts listening while another is still listening (a suite-scoped one its suite
//    forgot, say) fails loudly, naming the one left open, and closes that one so that only this test
//    fails, not every test after it.

/** Who closes a harness: the test it was made in (the default), or its suite, in afterAll. */
export type HarnessScope = 'test' | 'suite';

/** `close` made idempotent: the first call does the work, later calls get the same result. */
export function once<T>(close: () => T): () => T {
  let done: { result: T } | undefined;
  return () => {
    done ??= { result: close() };
    return done.result;
  };
}

/**
 * Registers `close` to run when the running test finishes (after its afterEach hooks). Call it before
 * acquiring anything: outside a running test it throws, and nothing is left open.
 */
export function closeWithTest(what: string, close: () => unknown): void {
  try {
    onTestFinished(async () => {
      await close();
    });
  } catch (error) {
    throw new Error(
      `${what} was called outside a running test, where nothing would close it. Make it inside the ` +
        "test, or pass scope: 'suite' (in beforeAll) and close it in afterAll.",
      { cause: error },
    );
  }
}

/** A label for a harness in error messages: what made it, and in which test. */
export function ownerLabel(what: string, scope: HarnessScope): string {
  if (scope === 'suite') return `a suite-scoped ${what}`;
  const test = expect.getState().currentTestName;
  return test ? `${what} in the test "${test}"` : what;
}

export type MswServer = ReturnType<typeof setupServer>;

const LISTENING = Symbol.for('console-tests.listening-msw-server');
type Registry = { [LISTENING]?: { server: MswServer; owner: string } };
const registry = globalThis as Registry;

/**
 * msw's setupServer, made to keep rule 2: listen() refuses to start while another server made here is
 * still listening (and closes that one); close() is idempotent and frees the slot. A server may
 * listen again after close() (the SPA's console-backend switches between its harnesses that way).
 */
export function exclusiveServer(owner: string, ...handlers: Parameters<typeof setupServer>): MswServer {
  const server = setupServer(...handlers);
  const listen = server.listen.bind(server);
  const close = server.close.bind(server);
  server.listen = (options) => {
    const other = registry[LISTENING];
    if (other && other.server !== server) {
      other.server.close();
      throw new Error(
        `${owner}: the msw server of ${other.owner} was still listening, and two listening msw servers ` +
          'interfere (the newer takes every request over). It has been closed now; close it where it ' +
          "belongs (a scope: 'suite' harness in its suite's afterAll).",
      );
    }
    listen(options);
    registry[LISTENING] = { server, owner };
  };
  server.close = () => {
    if (registry[LISTENING]?.server === server) delete registry[LISTENING];
    close();
  };
  return server;
}
