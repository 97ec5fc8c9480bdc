import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import {
  AUTH,
  api,
  authorize,
  basic,
  exchange,
  FIXED_NOW,
  login,
  REDIRECT_URI,
  startFake,
  tokenRequest,
} from './fake-harness.ts';

// The token endpoint: client authentication, grants per client, the audience proxy error, code rules,
// PKCE, and the tokens themselves.

const fake = startFake();

const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description:
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
};

async function jwks() {
  return createLocalJWKSet((await (await fetch(`${AUTH}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return Buffer.from(digest).toString('base64url');
}

describe('client authentication (client_secret_basic only)', () => {
  it('refuses credentials in the body with 401 and Hydra exact text', async () => {
    const { code } = await authorize();
    const response = await tokenRequest(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        audience: 'urn:partner-api',
        client_id: DEMO_CLIENTS.supply.id,
        client_secret: DEMO_CLIENTS.supply.secret,
      },
      null,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_CLIENT);
  });

  it('refuses a body secret even next to a correct Basic header', async () => {
    const response = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_secret: DEMO_CLIENTS.supply.secret,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_CLIENT);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong secret', `Basic ${btoa(`${DEMO_CLIENTS.supply.id}:wrong`)}`],
    ['an unknown client', `Basic ${btoa('someone:secret')}`],
    ['a Bearer header', 'Bearer abc'],
    ['garbage base64', 'Basic !!!'],
    [
      'the other client id with this secret',
      `Basic ${btoa(`${DEMO_CLIENTS.demand.id}:${DEMO_CLIENTS.supply.secret}`)}`,
    ],
  ])('refuses %s with 401 invalid_client', async (_label, header) => {
    const response = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' }, header);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_CLIENT);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
  });

  it('form-urlencodes id and secret before base64 (RFC 6749 §2.3.1) and decodes them that way', async () => {
    // "-" percent-encoded is still "-": only a server that form-decodes accepts this.
    const id = DEMO_CLIENTS.demand.id.replace(/-/g, '%2D');
    const secret = DEMO_CLIENTS.demand.secret.replace(/-/g, '%2D');
    const response = await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'demand::keywords.read' },
      `Basic ${btoa(`${id}:${secret}`)}`,
    );
    expect(response.status).toBe(200);
  });

  it('refuses a body client_id that differs from the Basic one', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      audience: 'urn:partner-api',
      scope: 'demand::keywords.read',
      client_id: DEMO_CLIENTS.demand.id,
    });
    expect(response.status).toBe(401);
  });
});

describe('request shape and grants', () => {
  it('refuses GET with invalid_request', async () => {
    const response = await fetch(`${AUTH}/oauth2/token?grant_type=client_credentials`, {
      headers: { Authorization: basic('demand') },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses a JSON body with invalid_request', async () => {
    const response = await fetch(`${AUTH}/oauth2/token`, {
      method: 'POST',
      headers: { Authorization: basic('demand'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', audience: 'urn:partner-api' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses an unknown grant type with unsupported_grant_type', async () => {
    const response = await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('refuses a missing grant_type with invalid_request', async () => {
    const response = await tokenRequest({ code: 'x' });
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses client_credentials for the supply client with unauthorized_client', async () => {
    const response = await tokenRequest({ grant_type: 'client_credentials', audience: 'urn:partner-api' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toContain("'client_credentials'");
  });

  it('refuses a repeated parameter', async () => {
    const response = await fetch(`${AUTH}/oauth2/token`, {
      method: 'POST',
      headers: { Authorization: basic('demand'), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&audience=urn:partner-api&audience=urn:partner-api',
    });
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('audience (Thumbtack proxy in front of Hydra)', () => {
  const proxyError = (audience: string) => ({
    error: 'proxy_oauth_failed',
    detail: `Error: oauth_400:invalid_request: Requested audience '${audience}' has not been whitelisted by the OAuth 2.0 Client.`,
  });

  it('answers a missing audience on authorization_code with the 502 body', async () => {
    const { code } = await authorize();
    const response = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual(proxyError(''));
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers another audience on authorization_code with the 502 body', async () => {
    const { code } = await authorize();
    const { response, body } = await exchange(code, { audience: 'https://api.thumbtack.com' });
    expect(response.status).toBe(502);
    expect(body).toEqual(proxyError('https://api.thumbtack.com'));
  });

  it('answers a missing or other audience on client_credentials with the 502 body', async () => {
    const missing = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'demand::keywords.read' },
      basic('demand'),
    );
    expect(missing.status).toBe(502);
    expect(await missing.json()).toEqual(proxyError(''));
    const other = await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:x', scope: 'demand::keywords.read' },
      basic('demand'),
    );
    expect(other.status).toBe(502);
    expect(await other.json()).toEqual(proxyError('urn:x'));
  });

  it('lets the code stay usable after an audience error (nothing was exchanged)', async () => {
    const { code } = await authorize();
    await exchange(code, { audience: 'urn:x' });
    expect((await exchange(code)).response.status).toBe(200);
  });
});

describe('authorization code rules', () => {
  it('exchanges a code once; a second use is invalid_grant and revokes what the first issued', async () => {
    const { code } = await authorize();
    const first = await exchange(code);
    expect(first.response.status).toBe(200);
    expect((await api(first.body.access_token, '/users/self')).status).toBe(200);
    const second = await exchange(code);
    expect(second.response.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect((await api(first.body.access_token, '/users/self')).status).toBe(401);
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token ?? '',
      audience: 'urn:partner-api',
    });
    expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('expires codes after 10 minutes', async () => {
    const { code } = await authorize();
    fake.control.advance(10 * 60_000);
    const { body } = await exchange(code);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('expired');
  });

  it('accepts a code just before 10 minutes', async () => {
    const { code } = await authorize();
    fake.control.advance(10 * 60_000 - 1000);
    expect((await exchange(code)).response.status).toBe(200);
  });

  it('refuses a different or missing redirect_uri', async () => {
    const { code } = await authorize();
    expect((await exchange(code, { redirect_uri: 'http://127.0.0.1:3000/auth/callback' })).body.error).toBe(
      'invalid_grant',
    );
    const missing = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      audience: 'urn:partner-api',
    });
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a code issued to another client', async () => {
    const { code } = await authorize({}, 'supply');
    const { body } = await exchange(code, {}, 'demand');
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses an unknown code and a missing one', async () => {
    expect((await exchange('ory_ac_unknown')).body.error).toBe('invalid_grant');
    const missing = await tokenRequest({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      audience: 'urn:partner-api',
    });
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('narrows scopes with an optional scope parameter, and refuses widening', async () => {
    const { code } = await authorize({
      scope: 'openid offline_access supply::users.read supply::businesses.list',
    });
    const narrowed = await exchange(code, { scope: 'supply::users.read' });
    expect(narrowed.body.scope).toBe('supply::users.read');
    expect(narrowed.body.refresh_token).toBeUndefined();
    expect(narrowed.body.id_token).toBeUndefined();
    expect((await api(narrowed.body.access_token, '/businesses')).status).toBe(401);
    const again = await authorize({ scope: 'supply::users.read' });
    const widened = await exchange(again.code, { scope: 'supply::users.read supply::businesses.list' });
    expect(widened.body.error).toBe('invalid_scope');
  });
});

describe('PKCE', () => {
  const verifier = `${'v'.repeat(20)}erifier-0123456789-abcdefghijklmnop`;

  it('completes with the right verifier', async () => {
    const { code } = await authorize({ code_challenge: await s256(verifier), code_challenge_method: 'S256' });
    expect((await exchange(code, { code_verifier: verifier })).response.status).toBe(200);
  });

  it('refuses a wrong verifier', async () => {
    const { code } = await authorize({ code_challenge: await s256(verifier), code_challenge_method: 'S256' });
    const { body } = await exchange(code, { code_verifier: `${verifier}x` });
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('did not match');
  });

  it('refuses a missing verifier when a challenge was sent', async () => {
    const { code } = await authorize({ code_challenge: await s256(verifier), code_challenge_method: 'S256' });
    expect((await exchange(code)).body.error).toBe('invalid_grant');
  });

  it('refuses a verifier when no challenge was sent', async () => {
    const { code } = await authorize();
    expect((await exchange(code, { code_verifier: verifier })).body.error).toBe('invalid_grant');
  });

  it('refuses a short verifier even if it hashes right', async () => {
    const short = 'abc';
    const { code } = await authorize({ code_challenge: await s256(short), code_challenge_method: 'S256' });
    expect((await exchange(code, { code_verifier: short })).body.error).toBe('invalid_grant');
  });

  it('does not consume the code on a wrong verifier', async () => {
    const { code } = await authorize({ code_challenge: await s256(verifier), code_challenge_method: 'S256' });
    await exchange(code, { code_verifier: `${verifier}x` });
    expect((await exchange(code, { code_verifier: verifier })).response.status).toBe(200);
  });
});

describe('the tokens', () => {
  it('returns a bearer token response with no-store headers', async () => {
    const { code } = await authorize();
    const { response, body } = await exchange(code);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.scope.split(' ')).toContain('supply::businesses.list');
    expect(body.refresh_token).toMatch(/^ory_rt_/);
  });

  it('issues an RS256 JWT access token of realistic size with the documented claims', async () => {
    const body = await login();
    // Observed: 1189 characters with three scopes; this login asks for fifteen.
    expect(body.access_token.length).toBeGreaterThan(1000);
    expect(body.access_token.length).toBeLessThan(1900);
    const few = await login({ scope: 'offline_access supply::negotiations.read supply::messages.read' });
    expect(few.access_token.length).toBeGreaterThan(900);
    expect(few.access_token.length).toBeLessThan(1300);
    const header = decodeProtectedHeader(body.access_token);
    expect(header.alg).toBe('RS256');
    expect(header.kid).toBeTruthy();
    const { payload } = await jwtVerify(body.access_token, await jwks(), {
      issuer: `${AUTH}/`,
      audience: 'urn:partner-api',
      currentDate: new Date(FIXED_NOW),
    });
    expect(payload.sub).toBe(DEMO_ACCOUNTS.pro.userID);
    expect(payload.aud).toEqual(['urn:partner-api']);
    expect(payload.client_id).toBe(DEMO_CLIENTS.supply.id);
    expect(payload.scope).toBe(body.scope);
    expect(payload.iat).toBe(FIXED_NOW / 1000);
    expect(payload.exp).toBe(FIXED_NOW / 1000 + 3600);
    expect(payload.jti).toBeTruthy();
  });

  it('expires access tokens after 3600 s by default', async () => {
    const body = await login();
    fake.control.advance(3599_000);
    expect((await api(body.access_token, '/users/self')).status).toBe(200);
    fake.control.advance(1000);
    const expired = await api(body.access_token, '/users/self');
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { detail: string }).detail).toBe('token is not active');
  });

  it('issues an id_token with iss, aud, nonce, auth_time, at_hash and the profile/email/phone claims', async () => {
    const body = await login({ nonce: 'nonce-abcdefgh' });
    const { payload } = await jwtVerify(body.id_token ?? '', await jwks(), {
      issuer: `${AUTH}/`,
      audience: DEMO_CLIENTS.supply.id,
      currentDate: new Date(FIXED_NOW),
    });
    expect(payload.sub).toBe(DEMO_ACCOUNTS.pro.userID);
    expect(payload.nonce).toBe('nonce-abcdefgh');
    expect(payload.auth_time).toBe(FIXED_NOW / 1000);
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body.access_token)),
    );
    expect(payload.at_hash).toBe(Buffer.from(digest.slice(0, 16)).toString('base64url'));
    expect(payload).toMatchObject({
      name: 'Maya Ortiz',
      given_name: 'Maya',
      family_name: 'Ortiz',
      email: 'maya.ortiz@example.com',
      email_verified: true,
      phone_number: '+15125550147',
      zoneinfo: 'America/Chicago',
    });
    expect(typeof payload.picture).toBe('string');
  });

  it('leaves out claims whose scope was not granted, and the nonce when none was sent', async () => {
    const body = await login({ scope: 'openid supply::users.read' });
    const { payload } = await jwtVerify(body.id_token ?? '', await jwks(), {
      currentDate: new Date(FIXED_NOW),
    });
    expect(payload.nonce).toBeUndefined();
    expect(payload.email).toBeUndefined();
    expect(payload.name).toBeUndefined();
    expect(payload.phone_number).toBeUndefined();
  });

  it('issues no refresh token without offline_access and no id_token without openid', async () => {
    const body = await login({ scope: 'supply::users.read' });
    expect(body.refresh_token).toBeUndefined();
    expect(body.id_token).toBeUndefined();
  });

  it('counts token requests per grant, rejected ones included', async () => {
    await login();
    await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'nope' });
    await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'demand::keywords.read' },
      basic('demand'),
    );
    await tokenRequest({ grant_type: 'client_credentials' }, null);
    expect(fake.control.stats()).toEqual({
      token: { authorization_code: 1, refresh_token: 1, client_credentials: 2 },
      api: 0,
    });
  });
});

describe('client credentials', () => {
  it('grants the asked catalogue scopes, with no refresh or id token', async () => {
    const response = await tokenRequest(
      {
        grant_type: 'client_credentials',
        audience: 'urn:partner-api',
        scope: 'demand::categories.read demand::keywords.read',
      },
      basic('demand'),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.scope).toBe('demand::categories.read demand::keywords.read');
    expect(body.refresh_token).toBeUndefined();
    expect(body.id_token).toBeUndefined();
    const { payload } = await jwtVerify(String(body.access_token), await jwks(), {
      currentDate: new Date(FIXED_NOW),
    });
    expect(payload.sub).toBe(DEMO_CLIENTS.demand.id);
  });

  it.each([
    ['absent', {}],
    ['empty', { scope: '' }],
    ['only spaces', { scope: '  ' }],
  ])(
    'refuses a request whose scope is %s with 400 invalid_request, issuing nothing',
    async (_label, extra) => {
      const response = await tokenRequest(
        { grant_type: 'client_credentials', audience: 'urn:partner-api', ...extra },
        basic('demand'),
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_request');
      expect(body.error_description).toContain("The 'scope' parameter is missing.");
      expect(body).not.toHaveProperty('access_token');
    },
  );

  it('narrows to the asked scopes and refuses user scopes with invalid_scope', async () => {
    const narrowed = await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'demand::keywords.read' },
      basic('demand'),
    );
    expect(((await narrowed.json()) as { scope: string }).scope).toBe('demand::keywords.read');
    const refused = await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'demand::users.read' },
      basic('demand'),
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_scope');
    const offline = await tokenRequest(
      { grant_type: 'client_credentials', audience: 'urn:partner-api', scope: 'offline_access' },
      basic('demand'),
    );
    expect(((await offline.json()) as { error: string }).error).toBe('invalid_scope');
  });
});

describe('discovery and keys', () => {
  it('publishes Hydra-style metadata that matches what is enforced', async () => {
    const doc = (await (await fetch(`${AUTH}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc.issuer).toBe(`${AUTH}/`);
    expect(doc.issuer).toBe(fake.issuer);
    expect(doc).toMatchObject({
      authorization_endpoint: `${AUTH}/oauth2/auth`,
      token_endpoint: `${AUTH}/oauth2/token`,
      jwks_uri: `${AUTH}/.well-known/jwks.json`,
      revocation_endpoint: `${AUTH}/oauth2/revoke`,
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(doc.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'offline_access', 'supply::businesses.list']),
    );
  });

  it('serves one RSA signing key with a kid and no private parts', async () => {
    const set = (await (await fetch(`${AUTH}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(set.keys[0]?.kid).toBeTruthy();
    expect(set.keys[0]?.d).toBeUndefined();
  });

  it('serves userinfo for an openid token', async () => {
    const body = await login();
    const response = await fetch(`${AUTH}/userinfo`, {
      headers: { Authorization: `Bearer ${body.access_token}` },
    });
    expect(await response.json()).toMatchObject({
      sub: DEMO_ACCOUNTS.pro.userID,
      email: 'maya.ortiz@example.com',
    });
    expect((await fetch(`${AUTH}/userinfo`)).status).toBe(401);
  });
});
