import { getResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { abortableDelay } from '../mocks/thumbtack/abortable-delay.ts';
import { createFakeThumbtack, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { mountFakeThumbtack } from '../mocks/thumbtack/mount.ts';

// Injected latency honours the request's signal like a network: a client that gives up sees its
// request abort, promptly, never a late 200; and no timer is left running behind it.

const LATENCY = 500;
/** Well under LATENCY: the answer came from the abort, not from the end of the wait. */
const PROMPT = 300;

const AUTH = 'https://auth.thumbtack.test';
const API = 'https://api.thumbtack.test';

function tokenRequest(signal?: AbortSignal): Request {
  return new Request(`${AUTH}/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${btoa(`${DEMO_CLIENTS.demand.id}:${DEMO_CLIENTS.demand.secret}`)}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      audience: 'urn:partner-api',
      scope: 'demand::keywords.read',
    }),
    ...(signal ? { signal } : {}),
  });
}

function newFake() {
  return createFakeThumbtack({
    authBase: AUTH,
    apiBase: API,
    controlBase: 'https://control.thumbtack.test',
  });
}

async function appToken(fake: ReturnType<typeof newFake>): Promise<string> {
  const response = await getResponse(fake.handlers, tokenRequest());
  if (!response) throw new Error('the token endpoint did not answer');
  return ((await response.json()) as { access_token: string }).access_token;
}

function apiRequest(token: string, signal: AbortSignal): Request {
  return new Request(`${API}/api/v4/keywords/search?searchQuery=clean`, {
    headers: { Authorization: `Bearer ${token}` },
    signal,
  });
}

describe('abortableDelay', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay when nothing aborts, and leaves no timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let done = false;
    const waiting = abortableDelay(1000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the signal reason as soon as it aborts, and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('client gave up');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for a signal that has already aborted, without starting a timer', async () => {
    vi.useFakeTimers();
    const waiting = abortableDelay(60_000, AbortSignal.abort('gone'));
    expect(vi.getTimerCount()).toBe(0);
    await expect(waiting).rejects.toBe('gone');
  });

  it("rejects with fetch's AbortError when the aborted signal carries no reason", async () => {
    const bare = { aborted: true, reason: undefined } as unknown as AbortSignal;
    const error = await abortableDelay(60_000, bare).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });
});

describe('latency faults in process (mount.ts, how mocked-network mode calls the fake)', () => {
  it('rejects a token request with the TimeoutError of AbortSignal.timeout(50) during 500 ms latency', async () => {
    const fake = newFake();
    fake.control.setFaults({ token: { latencyMs: LATENCY } });
    const started = performance.now();
    const error = await mountFakeThumbtack(fake)(tokenRequest(AbortSignal.timeout(50))).catch(
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(PROMPT);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it('rejects an API request the same way, with the reason the client aborted with', async () => {
    const fake = newFake();
    const token = await appToken(fake);
    fake.control.setFaults({ api: { latencyMs: LATENCY } });
    const controller = new AbortController();
    const reason = new Error('client timeout');
    setTimeout(() => controller.abort(reason), 50);
    const started = performance.now();
    await expect(mountFakeThumbtack(fake)(apiRequest(token, controller.signal))).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(PROMPT);
  });

  it('ends the handlers early: getResponse gives a network error at the abort, not a late 200', async () => {
    const fake = newFake();
    const token = await appToken(fake);
    fake.control.setFaults({ token: { latencyMs: LATENCY }, api: { latencyMs: LATENCY } });
    for (const request of [
      tokenRequest(AbortSignal.timeout(50)),
      apiRequest(token, AbortSignal.timeout(50)),
    ]) {
      const started = performance.now();
      const response = await getResponse(fake.handlers, request);
      expect(performance.now() - started).toBeLessThan(PROMPT);
      expect(response?.type).toBe('error');
    }
  });

  it('never hands an already-aborted request to the fake, as fetch would not send it', async () => {
    const fake = newFake();
    const token = await appToken(fake);
    fake.control.setFaults({ token: { latencyMs: LATENCY }, api: { latencyMs: LATENCY } });
    const mount = mountFakeThumbtack(fake);
    const started = performance.now();
    await expect(mount(tokenRequest(AbortSignal.abort('gone')))).rejects.toBe('gone');
    await expect(mount(apiRequest(token, AbortSignal.abort('gone')))).rejects.toBe('gone');
    expect(performance.now() - started).toBeLessThan(PROMPT);
    expect(fake.control.stats()).toEqual({
      token: { authorization_code: 0, refresh_token: 0, client_credentials: 1 },
      api: 0,
    });
  });

  it('answers an already-aborted request at once when the handlers are called directly', async () => {
    const fake = newFake();
    fake.control.setFaults({ token: { latencyMs: LATENCY } });
    const started = performance.now();
    const response = await getResponse(fake.handlers, tokenRequest(AbortSignal.abort('gone')));
    expect(performance.now() - started).toBeLessThan(PROMPT);
    expect(response?.type).toBe('error');
  });

  it('still answers after the latency when nobody aborts', async () => {
    const fake = newFake();
    fake.control.setFaults({ token: { latencyMs: 100, times: 1 } });
    const started = performance.now();
    const response = await mountFakeThumbtack(fake)(tokenRequest(new AbortController().signal));
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(response?.status).toBe(200);
  });
});

describe('latency faults behind msw/node setupServer and global fetch', () => {
  const fake = newFake();
  const server = setupServer(...fake.handlers);
  /** When each request's handlers finished (msw's request:match), in ms since `started`, by URL. */
  const finished: { url: string; at: number }[] = [];
  const finishedAt = (prefix: string) => finished.filter((f) => f.url.startsWith(prefix)).map((f) => f.at);
  /** The signal each intercepted request reached the handlers with. */
  const seen: AbortSignal[] = [];
  let started = 0;
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:match', ({ request }) =>
      finished.push({ url: request.url, at: performance.now() - started }),
    );
  });
  afterEach(() => {
    fake.control.reset();
    server.resetHandlers();
    finished.length = 0;
    seen.length = 0;
  });
  afterAll(() => server.close());

  it('forwards the fetch signal to the handlers, whose wait ends with the abort', async () => {
    // Records the request's signal, then falls through to the fake's own handler.
    server.use(
      http.all(`${AUTH}/*`, ({ request }) => {
        seen.push(request.signal);
      }),
    );
    fake.control.setFaults({ token: { latencyMs: LATENCY } });
    const controller = new AbortController();
    const reason = new Error('client timeout');
    setTimeout(() => controller.abort(reason), 50);
    started = performance.now();
    await expect(fetch(tokenRequest(controller.signal))).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(PROMPT);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(true);
    // The fake's handler finished right after the abort instead of sitting out its 500 ms.
    await vi.waitFor(() => expect(finishedAt(AUTH)).toHaveLength(1), { timeout: PROMPT });
    expect(finishedAt(AUTH)[0]).toBeLessThan(PROMPT);
  });

  it('aborts an API call with AbortSignal.timeout(50) during 500 ms latency', async () => {
    const response = await fetch(tokenRequest());
    const { access_token } = (await response.json()) as { access_token: string };
    fake.control.setFaults({ api: { latencyMs: LATENCY } });
    started = performance.now();
    const error = await fetch(apiRequest(access_token, AbortSignal.timeout(50))).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(PROMPT);
    expect((error as DOMException).name).toBe('TimeoutError');
    await vi.waitFor(() => expect(finishedAt(API)).toHaveLength(1), { timeout: PROMPT });
    expect(finishedAt(API)[0]).toBeLessThan(PROMPT);
  });
});
