import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import { AppError, describeCause } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { requireCsrf } from '../http/csrf.ts';
import type { Log } from '../http/logger.ts';
import { type ClientIp, type Limiter, rateLimit } from '../http/rate-limit.ts';
import { label } from '../http/route-label.ts';
import { inSpan, type Telemetry } from '../http/telemetry.ts';
import { createAuthorizationRequest } from '../oauth/authorization-request.ts';
import type { KeySource } from '../oauth/id-token.ts';
import { disconnectGrant, revokeRefreshToken } from '../oauth/revocation.ts';
import { isTransientTokenError } from '../oauth/token-errors.ts';
import { requestToken, type TokenEndpoint, type TokenResponse } from '../oauth/token-request.ts';
import type { KeyRing } from '../session/seal.ts';
import { newSessionId, type SessionData, type SessionUser } from '../session/session-data.ts';
import type { SessionService } from '../session/session-service.ts';
import type { PartnerApiTransport } from '../thumbtack/partner-api.ts';
import { identify } from './identify.ts';
import { loginProblem } from './login-problem.ts';
import { clearTransactions, saveTransaction, takeTransaction } from './login-transaction.ts';
import { safeReturnTo } from './return-to.ts';

export interface AuthDeps {
  config: Config;
  ring: Promise<KeyRing>;
  sessions: SessionService;
  tokenEndpoint: TokenEndpoint;
  idTokenKeys: KeySource | undefined;
  authLimiter: Limiter;
  clientIp: ClientIp;
  partnerApi: PartnerApiTransport;
  telemetry: Telemetry;
  nowSeconds: () => number;
  log: Log;
}

/** Codes the SPA's login screen knows how to explain; nothing from Thumbtack is echoed raw. */
type LoginErrorCode =
  | 'access_denied'
  | 'login_failed'
  | 'login_expired'
  | 'thumbtack_unavailable'
  | 'session_unavailable';

export function authRoutes(deps: AuthDeps) {
  const { config } = deps;
  const app = new Hono<AppEnv>();
  const limited = rateLimit(deps.authLimiter, 'auth', deps.clientIp, deps.telemetry.metrics);
  const outcome = (name: string) => deps.telemetry.metrics.count('console_logins_total', { outcome: name });
  const csrf = requireCsrf(config.publicOrigin);

  // Starts a login: RFC 7636 PKCE (S256), a fresh state and nonce, saved in a per-login cookie.
  app.get('/login', label('auth.login'), limited, async (c) => {
    const returnTo = safeReturnTo(singleQuery(c, 'returnTo'), config.publicOrigin);
    const { url, state, codeVerifier, nonce } = createAuthorizationRequest({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: config.redirectUri,
      authorizeUrl: config.thumbtack.authorizeUrl,
      scopes: config.scopes,
    });
    outcome('started');
    await saveTransaction(c, await deps.ring, {
      state,
      codeVerifier,
      nonce,
      returnTo,
      createdAt: deps.nowSeconds(),
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url, 302);
  });

  // Finishes a login: the state must match a transaction of this browser (login CSRF), once.
  app.get('/callback', label('auth.callback'), limited, async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const state = singleQuery(c, 'state');
    if (!state) {
      outcome('invalid_state');
      return loginProblem(c, 'invalid_login_state', 'This sign-in link is incomplete. Start again.');
    }
    const taken = await takeTransaction(c, await deps.ring, state, deps.nowSeconds());
    if (taken.kind === 'missing') {
      outcome('invalid_state');
      return loginProblem(
        c,
        'invalid_login_state',
        'This sign-in was not started here, or it was already used. Start again.',
      );
    }
    if (taken.kind === 'expired') {
      outcome('expired');
      return loginProblem(c, 'login_expired', 'This sign-in took too long and expired. Start again.');
    }
    const tx = taken.transaction;
    const error = singleQuery(c, 'error');
    if (error !== undefined) {
      clearTransactions(c);
      deps.log({
        level: 'info',
        msg: 'login declined',
        requestId: c.get('requestId'),
        oauthError: safeCode(error),
      });
      outcome(error === 'access_denied' ? 'declined' : 'refused');
      return toLoginScreen(c, error === 'access_denied' ? 'access_denied' : 'login_failed');
    }
    const code = singleQuery(c, 'code');
    if (!code) {
      outcome('invalid_request');
      return loginProblem(c, 'invalid_request', 'Thumbtack sent no authorization code. Start again.');
    }

    let tokens: TokenResponse;
    try {
      tokens = await inSpan(
        deps.telemetry,
        c.get('span'),
        'oauth code exchange',
        { 'oauth.grant': 'authorization_code' },
        () =>
          requestToken(deps.tokenEndpoint, {
            grant_type: 'authorization_code',
            code,
            redirect_uri: config.redirectUri,
            code_verifier: tx.codeVerifier,
            scope: config.scopes.join(' '),
          }),
      );
    } catch (cause) {
      deps.log({
        level: 'warn',
        msg: 'code exchange failed',
        requestId: c.get('requestId'),
        cause: describeCause(cause),
      });
      outcome(isTransientTokenError(cause) ? 'exchange_unavailable' : 'exchange_failed');
      return toLoginScreen(c, isTransientTokenError(cause) ? 'thumbtack_unavailable' : 'login_failed');
    }

    const now = deps.nowSeconds();
    let user: SessionUser;
    try {
      user = await identify(tokens, {
        issuer: config.thumbtack.issuer,
        clientId: config.clientId,
        scopes: config.scopes,
        apiBase: config.thumbtack.apiBase,
        idTokenKeys: deps.idTokenKeys,
        partnerApi: deps.partnerApi,
        observe: { telemetry: deps.telemetry, parent: c.get('span'), route: 'users.self' },
        requestId: c.get('requestId'),
        nonce: tx.nonce,
        nowSeconds: now,
      });
    } catch (cause) {
      deps.log({
        level: 'warn',
        msg: 'login rejected',
        requestId: c.get('requestId'),
        cause: describeCause(cause),
      });
      outcome('rejected');
      return toLoginScreen(
        c,
        cause instanceof AppError && cause.status >= 500 ? 'thumbtack_unavailable' : 'login_failed',
      );
    }
    const granted = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [...config.scopes];
    const session: SessionData = {
      v: 1,
      sid: newSessionId(),
      user,
      side: config.side,
      scopes: granted,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: now + tokens.expires_in,
      refreshToken: tokens.refresh_token,
      createdAt: now,
      lastSeenAt: now,
    };
    // A new seal with a new id replaces whatever session cookie came in (session fixation).
    try {
      await deps.sessions.save(c, session);
    } catch (cause) {
      // The code is spent and cannot be exchanged again: the person must start over, so say so on
      // the sign-in screen rather than answer a top-level navigation with JSON.
      if (!(cause instanceof AppError && cause.code === 'session_store_unavailable')) throw cause;
      deps.log({
        level: 'warn',
        msg: 'login lost: session store unavailable',
        requestId: c.get('requestId'),
        cause: describeCause(cause.cause),
      });
      outcome('store_unavailable');
      return toLoginScreen(c, 'session_unavailable');
    }
    outcome('completed');
    deps.log({ level: 'info', msg: 'login completed', requestId: c.get('requestId'), side: session.side });
    // Checked again where it is used: whatever goes into Location must be one of our own paths.
    return c.redirect(safeReturnTo(tx.returnTo, config.publicOrigin), 302);
  });

  app.get('/session', label('auth.session'), csrf, async (c) => {
    c.header('Cache-Control', 'no-store');
    const { session } = await deps.sessions.current(c);
    if (!session) return c.json({ authenticated: false });
    // Ask the same question the proxy would, so the screen and the API never disagree.
    let fresh: SessionData;
    try {
      fresh = await deps.sessions.fresh(c);
    } catch (error) {
      if (error instanceof AppError && error.status === 401) return c.json({ authenticated: false });
      if (error instanceof AppError && error.code === 'token_refresh_unavailable') fresh = session;
      else throw error;
    }
    return c.json({
      authenticated: true,
      user: fresh.user,
      side: fresh.side,
      scopes: fresh.scopes,
      accessTokenExpiresAt: new Date(fresh.accessTokenExpiresAt * 1000).toISOString(),
      sessionExpiresAt: new Date(deps.sessions.endsAt(fresh) * 1000).toISOString(),
    });
  });

  app.post('/logout', label('auth.logout'), csrf, async (c) => {
    const { session } = await deps.sessions.current(c);
    if (session) await revoke(deps, session, c.get('requestId'));
    await deps.sessions.end(c);
    clearTransactions(c);
    c.header('Cache-Control', 'no-store');
    return c.body(null, 204);
  });

  // Thumbtack's disconnect revokes the grant for good; then the local session ends as at logout.
  app.post('/disconnect', label('auth.disconnect'), csrf, async (c) => {
    const session = await deps.sessions.fresh(c);
    await disconnectGrant(deps.partnerApi, {
      url: `${config.thumbtack.apiBase}${config.thumbtack.disconnectPath}`,
      accessToken: session.accessToken,
      requestId: c.get('requestId'),
      observe: { telemetry: deps.telemetry, parent: c.get('span'), route: 'users.disconnect' },
    });
    await revoke(deps, session, c.get('requestId'));
    await deps.sessions.end(c);
    clearTransactions(c);
    c.header('Cache-Control', 'no-store');
    return c.body(null, 204);
  });

  // Logout and disconnect by GET would let any page log a person out (an <img> would do): refuse.
  for (const path of ['/logout', '/disconnect']) {
    app.get(path, () => {
      throw new AppError('method_not_allowed', 405, 'Use POST.');
    });
  }
  return app;
}

/** Revokes the session's refresh token where possible; the outcome goes to the log, never to the person. */
async function revoke(deps: AuthDeps, session: SessionData, requestId: string): Promise<void> {
  const result = await revokeRefreshToken(
    deps.tokenEndpoint,
    deps.config.thumbtack.revokeUrl,
    session.refreshToken,
  );
  if (result.outcome === 'refused') {
    deps.log({ level: 'warn', msg: 'revocation refused', requestId, status: result.status });
  } else if (result.outcome === 'failed') {
    deps.log({ level: 'warn', msg: 'revocation failed', requestId, cause: describeCause(result.cause) });
  }
}

function toLoginScreen(c: Context<AppEnv>, code: LoginErrorCode) {
  return c.redirect(`/login?error=${code}`, 302);
}

/** One value or none: `?returnTo=a&returnTo=b` is not a value we choose between. */
function singleQuery(c: Context<AppEnv>, name: string): string | undefined {
  const values = c.req.queries(name);
  return values?.length === 1 ? values[0] : undefined;
}

function safeCode(value: string): string {
  return /^[a-z_]{1,40}$/.test(value) ? value : 'unrecognised';
}
