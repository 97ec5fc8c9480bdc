import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../mocks/thumbtack/index.ts';
import { AUTH, api, REDIRECT_URI, startFake } from './fake-harness.ts';

// A third-party, certified OpenID client library, configured only from the discovery document, must
// complete every flow against the fake: if the fake drifts from the standards, this test notices.
// The real clock is used because the library checks iat/exp against it.

const fake = startFake({ now: () => Date.now() });

async function configure(side: 'supply' | 'demand') {
  const config = await oidc.discovery(
    new URL(`${AUTH}/`),
    DEMO_CLIENTS[side].id,
    undefined,
    oidc.ClientSecretBasic(DEMO_CLIENTS[side].secret),
  );
  // Also verify id_token signatures against the published JWKS.
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** The browser's part: show the consent page, then press Allow. */
async function pressAllow(authorizationUrl: URL): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const account = /name="account" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const response = await fetch(authorizationUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account, decision: 'allow' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

describe('openid-client 6 against the fake', () => {
  it('discovers the server', async () => {
    const config = await configure('supply');
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(fake.issuer);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic']);
    expect(metadata.supportsPKCE()).toBe(true);
  });

  it('completes authorization code with PKCE, then refreshes', async () => {
    const config = await configure('supply');
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email offline_access supply::users.read supply::businesses.list',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      audience: 'urn:partner-api',
    });
    const callback = await pressAllow(authorizationUrl);
    const tokens = await oidc.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
      { audience: 'urn:partner-api' },
    );
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expiresIn()).toBeGreaterThan(3500);
    expect(tokens.claims()).toMatchObject({
      sub: DEMO_ACCOUNTS.pro.userID,
      nonce,
      email: 'maya.ortiz@example.com',
    });
    expect((await api(tokens.access_token, '/users/self')).status).toBe(200);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      audience: 'urn:partner-api',
    });
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.sub).toBe(DEMO_ACCOUNTS.pro.userID);
    expect((await api(refreshed.access_token, '/businesses')).status).toBe(200);

    const info = await oidc.fetchUserInfo(config, refreshed.access_token, DEMO_ACCOUNTS.pro.userID);
    expect(info.given_name).toBe('Maya');
  });

  it('surfaces the fake OAuth errors as the library error type', async () => {
    const config = await configure('supply');
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'supply::users.read',
      state,
      audience: 'urn:partner-api',
    });
    const callback = await pressAllow(url);
    await oidc.authorizationCodeGrant(
      config,
      callback,
      { expectedState: state },
      { audience: 'urn:partner-api' },
    );
    // The same code again: Hydra says invalid_grant.
    await expect(
      oidc.authorizationCodeGrant(
        config,
        callback,
        { expectedState: state },
        { audience: 'urn:partner-api' },
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('gets an app token with client credentials', async () => {
    const config = await configure('demand');
    const tokens = await oidc.clientCredentialsGrant(config, {
      audience: 'urn:partner-api',
      scope: 'demand::keywords.read',
    });
    expect(tokens.scope).toBe('demand::keywords.read');
    expect((await api(tokens.access_token, '/keywords/search?searchQuery=clean')).status).toBe(200);
  });

  it('is refused client credentials for the supply client', async () => {
    const config = await configure('supply');
    await expect(oidc.clientCredentialsGrant(config, { audience: 'urn:partner-api' })).rejects.toMatchObject({
      error: 'unauthorized_client',
    });
  });
});
