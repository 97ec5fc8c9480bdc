import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { TokenRequestError } from '../oauth/token-errors.ts';
import { sessionStoreUnavailable } from '../session/redis-client.ts';
import type { KeyRing } from '../session/seal.ts';
import { clearSession, parseSession, type SessionRead } from '../session/session-cookie.ts';
import type { SessionData } from '../session/session-data.ts';
import { readSessionId, writeSessionId } from '../session/session-id-cookie.ts';
import {
  checkLifetimes,
  remainingSeconds,
  type SessionLifetimes,
  sessionEndsAt,
} from '../session/session-policy.ts';
import type { SessionStore } from '../session/session-store.ts';
import { callObject, type DurableObjectNamespace } from './platform.ts';
import type { RefreshAnswer } from './session-object.ts';

/**
 * Sessions in Durable Objects (SESSION_STORE=durable-object on the worker): the cookie holds only a
 * sealed random id, as with Redis; the session lives in the SessionObject of that id, which also does
 * the session's refreshes (session-object.ts). The lifetime rules are the same module's as everywhere
 * (session-policy.ts). A platform failure is a 503 `session_store_unavailable`, never a logout.
 */
export class DurableObjectSessionStore implements SessionStore {
  constructor(
    private readonly ring: Promise<KeyRing>,
    private readonly policy: SessionLifetimes,
    private readonly sessions: DurableObjectNamespace,
  ) {}

  async read(c: Context<AppEnv>, nowSeconds: number): Promise<SessionRead> {
    const ref = await readSessionId(c, await this.ring);
    if (ref.kind === 'none') return { kind: 'none' };
    if (ref.kind === 'invalid') return { kind: 'ended' };
    const { session: stored } = await this.call<{ session: unknown }>(ref.id, 'read');
    const session = stored ? parseSession(stored) : undefined;
    if (!session || session.sid !== ref.id) return { kind: 'ended' };
    const checked = checkLifetimes(session, this.policy, nowSeconds);
    if (checked.kind === 'ended') return checked;
    return { kind: 'active', session: checked.session, needsWrite: checked.touched || ref.stale };
  }

  async touch(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void> {
    await this.call(session.sid, 'touch', { session, endsAt: sessionEndsAt(session, this.policy) });
    await writeSessionId(c, await this.ring, session.sid, remainingSeconds(session, this.policy, nowSeconds));
  }

  async save(c: Context<AppEnv>, session: SessionData, nowSeconds: number): Promise<void> {
    const previous = await readSessionId(c, await this.ring);
    await this.call(session.sid, 'save', { session, endsAt: sessionEndsAt(session, this.policy) });
    await writeSessionId(c, await this.ring, session.sid, remainingSeconds(session, this.policy, nowSeconds));
    // The session this browser had before signing in is over (fixation).
    if (previous.kind === 'ref' && previous.id !== session.sid) {
      await this.call(previous.id, 'end').catch(() => undefined);
    }
  }

  async rotate(c: Context<AppEnv>, _previous: SessionData, next: SessionData, nowSeconds: number) {
    await this.touch(c, next, nowSeconds);
    return next;
  }

  /** The refresh happens in the session's object: one token request for every isolate asking. */
  async refresh(_c: Context<AppEnv>, session: SessionData): Promise<SessionData | undefined> {
    const answer = await this.call<RefreshAnswer>(session.sid, 'refresh', {
      accessToken: session.accessToken,
    });
    if ('failure' in answer)
      throw new TokenRequestError(answer.failure, { description: 'in the session object' });
    if ('ended' in answer) return undefined;
    return parseSession(answer.session);
  }

  async end(c: Context<AppEnv>): Promise<void> {
    const ref = await readSessionId(c, await this.ring);
    if (ref.kind === 'ref') await this.call(ref.id, 'end');
    clearSession(c);
  }

  async isOpen(session: SessionData): Promise<boolean> {
    try {
      return (await this.call<{ session: unknown }>(session.sid, 'read')).session !== null;
    } catch {
      return true;
    }
  }

  check(): Promise<void> {
    return Promise.resolve();
  }

  private async call<T>(id: string, operation: string, body: unknown = {}): Promise<T> {
    try {
      return await callObject<T>(this.sessions, `session:${id}`, operation, body);
    } catch (error) {
      throw sessionStoreUnavailable(error);
    }
  }
}
