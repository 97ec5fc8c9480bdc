import { type TokenFailure, TokenRequestError } from '../oauth/token-errors.ts';
import { requestToken } from '../oauth/token-request.ts';
import type { SessionData } from '../session/session-data.ts';
import { tokenEndpointFor } from './edge-config.ts';
import { type DurableObjectState, readOperation } from './platform.ts';

/** Refresh when the access token has less than this left (as SessionService does). */
const REFRESH_AHEAD_SECONDS = 60;

export type RefreshAnswer = { session: SessionData } | { ended: true } | { failure: TokenFailure };

/**
 * One signed-in session, server side (SESSION_STORE=durable-object). A Durable Object is single-
 * threaded and every isolate's requests for this session reach this one instance, so it is where the
 * session's refresh happens: however many requests ask at once, one token request; whoever asks after
 * it gets the rotated tokens. Logout deletes it, so a copied cookie is dead at once. An alarm at the
 * session's end (absolute or idle, whichever comes first; idle touches move it) deletes it too.
 */
export class SessionObject {
  private refreshing: Promise<RefreshAnswer> | undefined;

  constructor(
    private readonly state: DurableObjectState,
    private readonly env: Record<string, unknown>,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const { operation, body } = await readOperation(request);
    const storage = this.state.storage;
    switch (operation) {
      case 'read': {
        const session = await storage.get<SessionData>('session');
        const endsAt = await storage.get<number>('endsAt');
        const over = endsAt !== undefined && Date.now() >= endsAt * 1000;
        return Response.json({ session: session && !over ? session : null });
      }
      case 'save':
      case 'touch': {
        if (operation === 'touch' && !(await storage.get('session'))) return Response.json({ stored: false });
        await storage.put('session', body.session);
        await storage.put('endsAt', body.endsAt);
        await storage.setAlarm(Number(body.endsAt) * 1000);
        return Response.json({ stored: true });
      }
      case 'refresh':
        return Response.json(await this.refresh(String(body.accessToken ?? '')));
      case 'end':
        await storage.deleteAll();
        await storage.deleteAlarm();
        return Response.json({ ended: true });
      default:
        return Response.json({ error: `no operation ${operation}` }, { status: 404 });
    }
  }

  /** The session's end has come (or the alarm fired early after a touch moved it): delete or wait on. */
  async alarm(): Promise<void> {
    const endsAt = await this.state.storage.get<number>('endsAt');
    if (endsAt === undefined || Date.now() >= endsAt * 1000) {
      await this.state.storage.deleteAll();
    } else {
      await this.state.storage.setAlarm(endsAt * 1000);
    }
  }

  /**
   * `presentedAccessToken`: the access token the asking request holds. If the stored one differs, a
   * refresh already happened (for another request, maybe in another isolate): that result is the answer.
   */
  private refresh(presentedAccessToken: string): Promise<RefreshAnswer> {
    this.refreshing ??= this.refreshOnce(presentedAccessToken).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(presentedAccessToken: string): Promise<RefreshAnswer> {
    const session = await this.state.storage.get<SessionData>('session');
    if (!session) return { ended: true };
    const nowSeconds = Math.floor(Date.now() / 1000);
    const fresh = session.accessTokenExpiresAt - nowSeconds >= REFRESH_AHEAD_SECONDS;
    if (session.accessToken !== presentedAccessToken && fresh) return { session };
    if (!session.refreshToken) return { ended: true };
    const { endpoint } = tokenEndpointFor(this.env);
    try {
      const tokens = await requestToken(endpoint, {
        grant_type: 'refresh_token',
        refresh_token: session.refreshToken,
        scope: session.scopes.join(' '),
      });
      const next: SessionData = {
        ...session,
        accessToken: tokens.access_token,
        accessTokenExpiresAt: nowSeconds + tokens.expires_in,
        refreshToken: tokens.refresh_token ?? session.refreshToken,
        scopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : session.scopes,
      };
      // Logged out while the token request ran: do not bring the session back.
      if (!(await this.state.storage.get('session'))) return { ended: true };
      await this.state.storage.put('session', next);
      return { session: next };
    } catch (error) {
      return { failure: error instanceof TokenRequestError ? error.failure : { kind: 'network' } };
    }
  }
}
