import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMAND_APP_SCOPES } from '../mocks/thumbtack/clients.ts';
import {
  createFakeThumbtack,
  DEMO_CLIENTS,
  type FakeThumbtack,
  type FakeThumbtackOptions,
} from '../mocks/thumbtack/index.ts';
import { exclusiveServer } from '../support/harness-lifecycle.ts';

// Shared setup for the fake's own tests: a fake on https test hosts behind msw's setupServer (every
// unhandled request is an error), a frozen clock that tests move with control.advance(), and small
// helpers that speak the protocol the way a client would.
//
// startFake() is file-scoped and registers its own hooks (call it at the top level of a test file):
// listening in beforeAll, a reset after each test, closing in afterAll. Its msw server is exclusive
// (test/support/harness-lifecycle.ts): another one left listening makes it fail loudly.

export const AUTH = 'https://auth.thumbtack.test';
export const API = 'https://api.thumbtack.test';
export const CONTROL = 'https://control.thumbtack.test';
export const REDIRECT_URI = 'http://localhost:3000/auth/callback';
/** 2026-06-15T12:00:00Z: the demo world's anchor is midnight of that day. */
export const FIXED_NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

export type DemoSide = keyof typeof DEMO_CLIENTS;

export function startFake(options: Partial<FakeThumbtackOptions> = {}): FakeThumbtack {
  const fake = createFakeThumbtack({
    authBase: AUTH,
    apiBase: API,
    controlBase: CONTROL,
    now: () => FIXED_NOW,
    ...options,
  });
  const server = exclusiveServer('startFake()', ...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    await fake.control.settled();
    fake.control.reset();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return fake;
}

export function basic(side: DemoSide): string {
  const client = DEMO_CLIENTS[side];
  return `Basic ${btoa(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`)}`;
}

export function authorizeUrl(params: Record<string, string | null>, side: DemoSide = 'supply'): string {
  const defaults: Record<string, string> = {
    response_type: 'code',
    client_id: DEMO_CLIENTS[side].id,
    redirect_uri: REDIRECT_URI,
    scope:
      side === 'supply'
        ? 'openid profile email phone offline_access supply::businesses.list supply::users.read supply::negotiations.read supply::negotiations.write supply::messages.read supply::messages.write supply::webhooks.read supply::webhooks.write supply::users.disconnect supply::businesses/associate-phone-numbers.read supply::businesses/associate-phone-numbers.write'
        : 'openid profile email offline_access demand::users.read demand::requests.write demand::negotiations.read demand::messages.read demand::messages.write demand::webhooks.read demand::webhooks.write demand::users.disconnect',
    state: 'state-0123456789',
    audience: 'urn:partner-api',
  };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...defaults, ...params }))
    if (value !== null) query.set(key, value);
  return `${AUTH}/oauth2/auth?${query}`;
}

export async function consent(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
}

/** Runs the authorization endpoint and consent to the end; returns the code and the redirect. */
export async function authorize(
  params: Record<string, string | null> = {},
  side: DemoSide = 'supply',
): Promise<{ code: string; location: URL }> {
  const response = await consent(authorizeUrl(params, side), {
    account: side === 'supply' ? 'demo-pro' : 'demo-customer',
    decision: 'allow',
  });
  const location = new URL(response.headers.get('location') ?? 'about:blank');
  const code = location.searchParams.get('code');
  if (response.status !== 302 || !code)
    throw new Error(`authorize failed: ${response.status} ${location.href}`);
  return { code, location };
}

export function tokenRequest(body: Record<string, string>, authorization: string | null = basic('supply')) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (authorization !== null) headers.Authorization = authorization;
  return fetch(`${AUTH}/oauth2/token`, { method: 'POST', headers, body: new URLSearchParams(body) });
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export async function exchange(code: string, extra: Record<string, string> = {}, side: DemoSide = 'supply') {
  const response = await tokenRequest(
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      audience: 'urn:partner-api',
      ...extra,
    },
    basic(side),
  );
  return {
    response,
    body: (await response.json()) as TokenBody & { error?: string; error_description?: string },
  };
}

/** A full login: authorize + exchange, returning the token body. */
export async function login(
  params: Record<string, string | null> = {},
  side: DemoSide = 'supply',
): Promise<TokenBody> {
  const { code } = await authorize(params, side);
  const { response, body } = await exchange(code, {}, side);
  if (response.status !== 200) throw new Error(`exchange failed: ${JSON.stringify(body)}`);
  return body;
}

/** A refresh as the BFF sends it: with the audience (required, 040). `null` in `extra` leaves a field out. */
export async function refresh(
  refreshToken: string,
  extra: Record<string, string | null> = {},
  side: DemoSide = 'supply',
) {
  const form: Record<string, string | null> = {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    audience: 'urn:partner-api',
    ...extra,
  };
  const response = await tokenRequest(
    Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => e[1] !== null)),
    basic(side),
  );
  return {
    response,
    body: (await response.json()) as TokenBody & { error?: string; error_description?: string },
  };
}

/** A client-credentials token for the demand client; `scope` defaults to its whole catalogue. */
export async function appToken(scope: string = DEMAND_APP_SCOPES.join(' ')): Promise<string> {
  const response = await tokenRequest(
    { grant_type: 'client_credentials', audience: 'urn:partner-api', scope },
    basic('demand'),
  );
  const body = (await response.json()) as TokenBody;
  if (response.status !== 200) throw new Error(`client credentials failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

export function api(token: string | null, path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return fetch(`${API}/api/v4${path}`, { ...init, headers, body: body ?? null });
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  traceID: string;
}

/**
 * The demo pro's access token (with the webhook scopes) from a fake reached some other way than msw:
 * `call` answers a URL (a mounted fake, or fetch to `npm run fake` under `authBase`).
 */
export async function proTokenVia(
  call: (url: string, init?: RequestInit) => Promise<Response>,
  authBase: string,
): Promise<string> {
  const query = new URL(
    authorizeUrl({ scope: 'supply::businesses.list supply::webhooks.read supply::webhooks.write' }),
  ).search;
  const consented = await call(`${authBase}/oauth2/auth${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: 'demo-pro', decision: 'allow' }),
    redirect: 'manual',
  });
  const code = new URL(consented.headers.get('location') ?? 'about:blank').searchParams.get('code');
  if (!code) throw new Error(`consent answered ${consented.status} without a code`);
  const token = await call(`${authBase}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('supply') },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      audience: 'urn:partner-api',
    }),
  });
  const body = (await token.json()) as TokenBody;
  if (token.status !== 200) throw new Error(`exchange failed: ${JSON.stringify(body)}`);
  return body.access_token;
}
