import type { SessionData } from './session-data.ts';

/**
 * The one home of a session's lifetime rules, for every store (cookie, Redis): when it ends, when the
 * idle clock moves, and what /auth/session reports. A session ends at the earlier of its absolute
 * limit (since sign-in, however active) and its idle limit (since it was last seen).
 */
export interface SessionLifetimes {
  readonly absoluteLifetimeSeconds: number;
  readonly idleTimeoutSeconds: number;
}

/**
 * Idle time is tracked to this granularity, so reading a session rarely costs a write (a Set-Cookie,
 * or a Redis write): the idle limit may be reached up to this much later than the last request.
 */
export const TOUCH_INTERVAL_SECONDS = 300;

/** Unix seconds at which the session ends, if nothing touches it before. */
export function sessionEndsAt(session: SessionData, lifetimes: SessionLifetimes): number {
  return Math.min(
    session.createdAt + lifetimes.absoluteLifetimeSeconds,
    session.lastSeenAt + lifetimes.idleTimeoutSeconds,
  );
}

/** Unix seconds at which the session ends however active it is (its absolute limit). */
export function sessionAbsoluteEnd(session: SessionData, lifetimes: SessionLifetimes): number {
  return session.createdAt + lifetimes.absoluteLifetimeSeconds;
}

export function remainingSeconds(session: SessionData, lifetimes: SessionLifetimes, nowSeconds: number) {
  return sessionEndsAt(session, lifetimes) - nowSeconds;
}

export type PolicyCheck = { kind: 'ended' } | { kind: 'active'; session: SessionData; touched: boolean };

/**
 * Applies the limits to a session just read: ended, or active with the idle clock advanced when it is
 * due (`touched`: the store must write the session back).
 */
export function checkLifetimes(
  session: SessionData,
  lifetimes: SessionLifetimes,
  nowSeconds: number,
): PolicyCheck {
  if (remainingSeconds(session, lifetimes, nowSeconds) <= 0) return { kind: 'ended' };
  const touched = nowSeconds - session.lastSeenAt >= TOUCH_INTERVAL_SECONDS;
  return { kind: 'active', session: touched ? { ...session, lastSeenAt: nowSeconds } : session, touched };
}
