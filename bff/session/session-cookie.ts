import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { clearChunked, readChunked, writeChunked } from './cookie-jar.ts';
import { type KeyRing, parsedOnce, seal, unseal } from './seal.ts';
import { type SessionData, SessionDataSchema } from './session-data.ts';
import { checkLifetimes, remainingSeconds, type SessionLifetimes } from './session-policy.ts';

export const SESSION_COOKIE = '__Host-tt-session';

/** The schema check of an opened session, done once per sealed value (seal.ts, parsedOnce). */
export const parseSession = parsedOnce((payload): SessionData | undefined => {
  const parsed = SessionDataSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
});

export type SessionRead =
  | { kind: 'none' }
  /** There was a cookie but it is over its absolute or idle limit: clear it. */
  | { kind: 'ended' }
  | { kind: 'active'; session: SessionData; needsWrite: boolean };

/**
 * Reads the session cookie. Anything that does not open, parse and pass the time limits is simply
 * "no session": a tampered or foreign cookie must never become an error page.
 */
export async function readSession(
  c: Context<AppEnv>,
  ring: KeyRing,
  policy: SessionLifetimes,
  nowSeconds: number,
): Promise<SessionRead> {
  const value = readChunked(c, SESSION_COOKIE);
  if (value === undefined) return { kind: 'none' };
  const opened = await unseal(ring, SESSION_COOKIE, value);
  if (!opened) return { kind: 'ended' };
  const session = parseSession(opened.payload);
  if (!session) return { kind: 'ended' };
  const checked = checkLifetimes(session, policy, nowSeconds);
  if (checked.kind === 'ended') return checked;
  return { kind: 'active', session: checked.session, needsWrite: checked.touched || opened.stale };
}

export async function writeSession(
  c: Context<AppEnv>,
  ring: KeyRing,
  policy: SessionLifetimes,
  session: SessionData,
  nowSeconds: number,
): Promise<void> {
  const sealed = await seal(ring, SESSION_COOKIE, session);
  writeChunked(c, SESSION_COOKIE, sealed, {
    sameSite: 'Strict',
    maxAge: remainingSeconds(session, policy, nowSeconds),
  });
}

export function clearSession(c: Context<AppEnv>): void {
  clearChunked(c, SESSION_COOKIE, 'Strict');
}

/** Size of the sealed session in bytes (all chunks), for tests and the session-size benchmark. */
export async function sealedSessionSize(ring: KeyRing, session: SessionData): Promise<number> {
  return (await seal(ring, SESSION_COOKIE, session)).length;
}
