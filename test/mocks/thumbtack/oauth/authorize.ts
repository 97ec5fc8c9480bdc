import { type ClientRecord, PARTNER_AUDIENCE, SCOPE_DESCRIPTIONS } from '../clients.ts';
import type { FakeContext } from '../context.ts';
import type { UserRecord } from '../demo-data.ts';
import { randomHex } from '../random-token.ts';
import { MINUTE } from '../time.ts';
import { OAuthError } from './errors.ts';
import { opaqueToken } from './issue-tokens.ts';

// GET/POST {authBase}/oauth2/auth: Hydra's authorization endpoint with its login and consent screens
// folded into one page. Validation follows fosite's order: client and redirect URI first (errors there
// are shown, never redirected, RFC 6749 §4.1.2.1), then everything else is redirected with error=.

export const CODE_LIFETIME_MS = 10 * MINUTE;
const MIN_ENTROPY = 8;
const SINGLE_VALUED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'audience',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'prompt',
  'max_age',
  'response_mode',
] as const;

export interface ValidAuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  state: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  account: UserRecord;
}

type Checked =
  | { kind: 'page'; status: number; title: string; detail: string }
  | { kind: 'redirect'; redirectUri: string; state: string | null; error: OAuthError }
  | { kind: 'ok'; request: ValidAuthorizeRequest };

/** The demo person behind each side: a pro signs in to supply partners, a customer to demand partners. */
export function accountFor(ctx: FakeContext, client: ClientRecord): UserRecord {
  const wanted = client.side === 'supply' ? 'demo-pro' : 'demo-customer';
  const user = [...ctx.state.world.users.values()].find((u) => u.accountID === wanted);
  if (!user) throw new Error(`demo account ${wanted} missing from the world`);
  return user;
}

function checkAuthorizeRequest(ctx: FakeContext, query: URLSearchParams): Checked {
  const clientID = query.get('client_id');
  const client = clientID ? ctx.state.clients.get(clientID) : undefined;
  if (!client || query.getAll('client_id').length > 1) {
    return {
      kind: 'page',
      status: 400,
      title: 'invalid_client',
      detail:
        'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). The requested OAuth 2.0 Client does not exist.',
    };
  }
  const redirectUri = query.get('redirect_uri');
  // Exact string match against the registered list (RFC 9700 §4.1.3): no prefix, no normalisation.
  if (!redirectUri || query.getAll('redirect_uri').length > 1 || !client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'page',
      status: 400,
      title: 'invalid_request',
      detail: `${new OAuthError('invalid_request').description} The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.`,
    };
  }
  const state = query.get('state');
  const fail = (error: OAuthError): Checked => ({ kind: 'redirect', redirectUri, state, error });

  for (const name of SINGLE_VALUED) {
    if (query.getAll(name).length > 1) {
      return fail(new OAuthError('invalid_request', `The '${name}' parameter must be used only once.`));
    }
  }
  const responseType = query.get('response_type');
  if (!responseType)
    return fail(new OAuthError('invalid_request', "The 'response_type' parameter is missing."));
  if (responseType !== 'code') {
    return fail(
      new OAuthError(
        'unsupported_response_type',
        `The client is not allowed to request response_type '${responseType}'.`,
      ),
    );
  }
  const responseMode = query.get('response_mode');
  if (responseMode !== null && responseMode !== 'query') {
    // Discovery advertises only "query"; answering in another mode would surprise the client.
    return fail(new OAuthError('invalid_request', `The response_mode '${responseMode}' is not supported.`));
  }
  if (!state || state.length < MIN_ENTROPY) {
    return fail(
      new OAuthError(
        'invalid_state',
        `Request parameter 'state' must be at least be ${MIN_ENTROPY} characters long to ensure sufficient entropy.`,
      ),
    );
  }
  const scopeParam = query.get('scope');
  const scopes = (scopeParam ?? '').split(' ').filter((s) => s.length > 0);
  if (scopes.length === 0) {
    return fail(
      new OAuthError(
        'invalid_request',
        "The 'scope' parameter is missing: Thumbtack requires the scopes to be listed.",
      ),
    );
  }
  const notAllowed = scopes.find((s) => !client.userScopes.includes(s));
  if (notAllowed) {
    return fail(
      new OAuthError(
        'invalid_scope',
        `The OAuth 2.0 Client is not allowed to request scope '${notAllowed}'.`,
      ),
    );
  }
  const audiences = (query.get('audience') ?? '').split(' ').filter((a) => a.length > 0);
  if (audiences.length === 0) {
    return fail(
      new OAuthError(
        'invalid_request',
        `The 'audience' parameter is missing: Thumbtack requires '${PARTNER_AUDIENCE}'.`,
      ),
    );
  }
  const foreign = audiences.find((a) => a !== PARTNER_AUDIENCE);
  if (foreign) {
    return fail(
      new OAuthError(
        'invalid_request',
        `Requested audience '${foreign}' has not been whitelisted by the OAuth 2.0 Client.`,
      ),
    );
  }
  const challenge = query.get('code_challenge');
  const method = query.get('code_challenge_method');
  if (challenge === null && method !== null) {
    return fail(
      new OAuthError('invalid_request', 'The code_challenge_method was set but no code_challenge was given.'),
    );
  }
  if (challenge !== null) {
    if (method !== 'S256') {
      return fail(
        new OAuthError(
          'invalid_request',
          method === null || method === 'plain'
            ? 'Clients must use code_challenge_method=S256, plain is not allowed.'
            : `The code_challenge_method '${method}' is not supported, use S256 instead.`,
        ),
      );
    }
    // An S256 challenge is base64url(SHA-256(verifier)) without padding: exactly 43 characters.
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail(new OAuthError('invalid_request', 'The code_challenge is not a valid S256 challenge.'));
    }
  }
  const nonce = query.get('nonce');
  if (nonce !== null && nonce.length < MIN_ENTROPY) {
    return fail(
      new OAuthError(
        'invalid_request',
        `Parameter 'nonce' is set but does not fulfil the minimum entropy requirement of ${MIN_ENTROPY} characters.`,
      ),
    );
  }
  const prompt = (query.get('prompt') ?? '').split(' ').filter((p) => p.length > 0);
  if (prompt.includes('none')) {
    // The fake has no remembered login session, so a silent authorization can never succeed.
    return fail(
      new OAuthError('login_required', 'Prompt none was requested, but no existing login session was found.'),
    );
  }
  const maxAge = query.get('max_age');
  if (maxAge !== null && !/^\d+$/.test(maxAge)) {
    return fail(new OAuthError('invalid_request', "The 'max_age' parameter must be a non-negative integer."));
  }
  return {
    kind: 'ok',
    request: {
      client,
      redirectUri,
      state,
      scopes,
      nonce,
      codeChallenge: challenge,
      account: accountFor(ctx, client),
    },
  };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// No script at all; inline style only, allowed by the page's own CSP. frame-ancestors 'none' because a
// framed consent page is a clickjacking target.
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https:; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

// Colours keep WCAG AA contrast: the consent page is part of the browser journeys.
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#2f3033}' +
  'h1{font-size:1.4rem}li{margin:.3rem 0}code{color:#676d73;font-size:.8rem}' +
  'button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.6rem;border-radius:4px;border:1px solid #006da3}' +
  'button[value=allow]{background:#006da3;color:#fff}';

function page(title: string, body: string, status: number): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Thumbtack (fake)</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
  return new Response(html, { status, headers: PAGE_HEADERS });
}

function errorPage(status: number, title: string, detail: string): Response {
  return page(
    'Error',
    `<main><h1>The request could not be processed</h1><p><strong>${escapeHtml(title)}</strong></p><p>${escapeHtml(detail)}</p></main>`,
    status,
  );
}

function consentPage(request: ValidAuthorizeRequest): Response {
  const { client, account, scopes } = request;
  const items = scopes
    .map((s) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)} <code>${escapeHtml(s)}</code></li>`)
    .join('\n');
  const who = `${account.firstName} ${account.lastName}`;
  // No action attribute: the form posts back to this very URL, query string included.
  return page(
    `Allow ${client.name}?`,
    `<main>
<h1>${escapeHtml(client.name)} wants to access your Thumbtack account</h1>
<p>Signed in as <strong>${escapeHtml(who)}</strong> (${escapeHtml(account.email)}).</p>
<p>${escapeHtml(client.name)} is asking to:</p>
<ul>
${items}
</ul>
<form method="post">
<input type="hidden" name="account" value="${escapeHtml(account.accountID ?? '')}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</main>`,
    200,
  );
}

function redirectTo(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.append(key, value);
  return new Response(null, { status: 302, headers: { Location: url.href, 'Cache-Control': 'no-store' } });
}

function errorRedirect(redirectUri: string, error: OAuthError, state: string | null): Response {
  return redirectTo(redirectUri, { error: error.code, error_description: error.description, state });
}

export function handleAuthorizeGet(ctx: FakeContext, request: Request): Response {
  const checked = checkAuthorizeRequest(ctx, new URL(request.url).searchParams);
  if (checked.kind === 'page') return errorPage(checked.status, checked.title, checked.detail);
  if (checked.kind === 'redirect') return errorRedirect(checked.redirectUri, checked.error, checked.state);
  return consentPage(checked.request);
}

export async function handleAuthorizePost(ctx: FakeContext, request: Request): Promise<Response> {
  const checked = checkAuthorizeRequest(ctx, new URL(request.url).searchParams);
  if (checked.kind === 'page') return errorPage(checked.status, checked.title, checked.detail);
  if (checked.kind === 'redirect') return errorRedirect(checked.redirectUri, checked.error, checked.state);
  const valid = checked.request;
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return errorPage(
      400,
      'invalid_request',
      'The consent form must be posted as application/x-www-form-urlencoded.',
    );
  }
  const form = new URLSearchParams(await request.text());
  const decision = form.get('decision');
  if (decision !== 'allow' && decision !== 'deny') {
    return errorPage(400, 'invalid_request', 'The consent form needs decision=allow or decision=deny.');
  }
  if (form.get('account') !== valid.account.accountID) {
    return errorPage(
      400,
      'invalid_request',
      `Unknown account for ${valid.client.name}: sign in as ${valid.account.accountID ?? '?'}.`,
    );
  }
  if (decision === 'deny') {
    return errorRedirect(
      valid.redirectUri,
      new OAuthError('access_denied', 'The resource owner denied the request.'),
      valid.state,
    );
  }
  const now = ctx.clock.now();
  const grantID = randomHex(16);
  ctx.state.grants.set(grantID, {
    grantID,
    kind: 'user',
    clientID: valid.client.id,
    subject: valid.account.userID,
    userID: valid.account.userID,
    scopes: valid.scopes,
    nonce: valid.nonce,
    authTime: now,
    revoked: false,
  });
  const code = opaqueToken('ory_ac_');
  ctx.state.codes.set(code, {
    code,
    grantID,
    clientID: valid.client.id,
    redirectUri: valid.redirectUri,
    codeChallenge: valid.codeChallenge,
    scopes: valid.scopes,
    nonce: valid.nonce,
    userID: valid.account.userID,
    expiresAt: now + CODE_LIFETIME_MS,
    usedAt: null,
  });
  return redirectTo(valid.redirectUri, { code, scope: valid.scopes.join(' '), state: valid.state });
}
