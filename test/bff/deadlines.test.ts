import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { mountFakeThumbtack } from '../mocks/thumbtack/mount.ts';
import { createHarness, type Harness, signIn } from '../support/console-harness.ts';

// Every deadline is the BFF's own: it does not rely on the fetch implementation (or the in-process
// fake of mocked-network mode) honouring an AbortSignal. Here the fetch handed to the BFF drops the
// signal on purpose, as a non-conforming implementation would.

let h: Harness;

const HOUR = 3600_000;
// Generous enough that signing in (RS256 tokens minted by the fake) fits under load, short enough that
// a late answer is obvious.
const TIMEOUT_MS = 1000;

/** The request without its signal: nothing downstream can see the BFF give up. */
function withoutSignal(request: Request): Request {
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: request.redirect,
    duplex: 'half',
  } as RequestInit);
}

/** Mocked-network mode's wiring: the fake answers in-process (getResponse), never over a socket. */
async function inProcessHarness() {
  let mount: ((request: Request) => Promise<Response | undefined>) | undefined;
  h = createHarness({
    env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) },
    fetch: async (request) => {
      const answer = await (mount as NonNullable<typeof mount>)(withoutSignal(request));
      return answer ?? new Response('not found', { status: 404 });
    },
  });
  mount = mountFakeThumbtack(h.fake);
  const browser = h.browser();
  await signIn(h, browser);
  return browser;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('deadlines the BFF owns', () => {
  it('answers 504 thumbtack_timeout on time when the in-process fake is slower than the route timeout', async () => {
    const browser = await inProcessHarness();
    h.fake.control.setFaults({ api: { latencyMs: 5000, times: 1 } });
    const { value: res, ms } = await timed(() => browser.request('/api/v4/businesses'));
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('thumbtack_timeout');
    expect(ms).toBeLessThan(3000);
  });

  it('answers 504, not 502, when the headers arrive and the body stalls', async () => {
    h = createHarness({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
    const browser = h.browser();
    await signIn(h, browser);
    h.server.use(
      http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () => {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":['));
          },
        });
        return new HttpResponse(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const { value: res, ms } = await timed(() => browser.request('/api/v4/businesses'));
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('thumbtack_timeout');
    expect(ms).toBeLessThan(3000);
  });

  it('keeps the session with 503 token_refresh_unavailable when the token endpoint never answers', async () => {
    const browser = await inProcessHarness();
    h.advance(HOUR + 1000);
    h.fake.control.setFaults({ token: { latencyMs: 8000, times: 1 } });
    const { value: res, ms } = await timed(() => browser.request('/api/v4/businesses'));
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('token_refresh_unavailable');
    expect(res.headers.getSetCookie().some((c) => c.includes('Max-Age=0'))).toBe(false);
    expect(ms).toBeLessThan(3000);
  });

  it.each([
    ['declared by Content-Length', true],
    ['streamed without a length', false],
  ])(
    'refuses an upstream answer larger than anything the console relays (%s), as 502',
    async (_, declared) => {
      h = createHarness();
      const browser = h.browser();
      await signIn(h, browser);
      const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
      h.server.use(
        http.get(`${h.config.thumbtack.apiBase}/v4/businesses`, () => {
          let sent = 0;
          const body = new ReadableStream({
            pull(controller) {
              sent += 1;
              if (sent > 6) controller.close();
              else controller.enqueue(chunk);
            },
          });
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (declared) headers['Content-Length'] = String(6 * chunk.byteLength);
          return new HttpResponse(body, { status: 200, headers });
        }),
      );
      const res = await browser.request('/api/v4/businesses');
      expect(res.status).toBe(502);
      expect((await res.json()).error.code).toBe('thumbtack_unavailable');
    },
  );
});
