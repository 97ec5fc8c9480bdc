import type { Context } from 'hono';
import { AppError, sessionExpired } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { Telemetry } from '../http/telemetry.ts';
import type { SessionData } from '../session/session-data.ts';
import type { SessionService } from '../session/session-service.ts';
import {
  callPartnerApi,
  type PartnerApiAnswer,
  type PartnerApiTransport,
  safeUpstreamMessage,
} from '../thumbtack/partner-api.ts';

const TIMEOUT_MS = 10_000;

export interface AsUserDeps {
  sessions: SessionService;
  partnerApi: PartnerApiTransport;
  apiBase: string;
  telemetry: Telemetry;
}

/** The session's scopes must include one of `scopes`, else 403 before Thumbtack is asked anything. */
export function requireScope(session: SessionData, scopes: readonly string[]): void {
  if (scopes.some((scope) => session.scopes.includes(scope))) return;
  throw new AppError(
    'insufficient_scope',
    403,
    `Your Thumbtack connection does not allow this. It needs one of: ${scopes.join(', ')}.`,
  );
}

/**
 * A call to Thumbtack with the signed-in person's token, refreshed and retried once on a 401 as the
 * proxy does (docs/thumbtack/errors.md#inactive-or-expired-token), with Thumbtack's answer read as JSON.
 * Paths are fixed patterns with checked IDs, built by the caller; nothing from the browser is pasted in.
 */
export async function asUser(
  c: Context<AppEnv>,
  deps: AsUserDeps,
  call: { route: string; method: string; path: string; body?: unknown },
): Promise<unknown> {
  let session = await deps.sessions.fresh(c);
  const send = (token: string) =>
    callPartnerApi(deps.partnerApi, {
      url: `${deps.apiBase}${call.path}`,
      method: call.method,
      accessToken: token,
      requestId: c.get('requestId'),
      timeoutMs: TIMEOUT_MS,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      observe: { telemetry: deps.telemetry, parent: c.get('span'), route: call.route },
    });
  let answer = await send(session.accessToken);
  if (answer.status === 401 && session.refreshToken) {
    session = await deps.sessions.refresh(c, session);
    answer = await send(session.accessToken);
  }
  return readAnswer(c, deps, answer);
}

async function readAnswer(c: Context<AppEnv>, deps: AsUserDeps, answer: PartnerApiAnswer): Promise<unknown> {
  if (answer.status >= 200 && answer.status < 300) {
    if (answer.text.length === 0) return undefined;
    try {
      return JSON.parse(answer.text);
    } catch {
      throw new AppError('thumbtack_error', 502, 'Thumbtack sent an answer the console cannot read.');
    }
  }
  const detail = safeUpstreamMessage(answer.text);
  if (answer.status === 401) {
    if (detail?.includes('required scope')) {
      throw new AppError(
        'insufficient_scope',
        403,
        `Your Thumbtack connection does not allow this (${detail}).`,
      );
    }
    await deps.sessions.end(c);
    throw sessionExpired('Thumbtack rejected the access token after a refresh');
  }
  if (answer.status >= 400 && answer.status < 500) {
    throw new AppError(
      'thumbtack_error',
      answer.status as 400,
      detail ?? `Thumbtack answered ${answer.status}.`,
    );
  }
  throw new AppError('thumbtack_error', 502, 'Thumbtack had a problem answering. Try again shortly.');
}
