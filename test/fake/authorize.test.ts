import { describe, expect, it } from 'vitest';
import { AUTH, authorizeUrl, consent, REDIRECT_URI, startFake } from './fake-harness.ts';

// The authorization endpoint: what it refuses (shown or redirected), the consent page, and the code.

const fake = startFake({ redirectUris: ['https://partner.example/oauth/done'] });

async function get(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

async function expectRedirectError(params: Record<string, string | null>, error: string, hint?: string) {
  const response = await get(authorizeUrl(params));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('error_description')).toBeTruthy();
  if (hint) expect(location.searchParams.get('error_description')).toContain(hint);
  expect(location.searchParams.get('code')).toBeNull();
  return location;
}

describe('authorization endpoint: errors shown, never redirected', () => {
  it('answers an unknown client with an HTML 400 page and no Location', async () => {
    const response = await get(authorizeUrl({ client_id: 'no-such-client' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('invalid_client');
  });

  it('answers a missing client_id with the 400 page', async () => {
    const response = await get(authorizeUrl({ client_id: null }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['an unregistered URI', 'https://evil.example/auth/callback'],
    ['a registered URI plus a path', `${REDIRECT_URI}/more`],
    ['a registered URI plus a query', `${REDIRECT_URI}?x=1`],
    ['a registered URI with a trailing slash', `${REDIRECT_URI}/`],
    ['a different port', 'http://localhost:3001/auth/callback'],
    ['a different case', 'http://LOCALHOST:3000/auth/callback'],
  ])('refuses %s as redirect_uri with the 400 page (exact match)', async (_label, uri) => {
    const response = await get(authorizeUrl({ redirect_uri: uri }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect');
  });

  it('refuses a missing redirect_uri with the 400 page', async () => {
    const response = await get(authorizeUrl({ redirect_uri: null }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('accepts the default URIs and the extra ones passed in options', async () => {
    for (const uri of [
      'http://localhost:3000/auth/callback',
      'http://127.0.0.1:3000/auth/callback',
      'http://localhost/auth/callback',
      'https://partner.example/oauth/done',
    ]) {
      expect((await get(authorizeUrl({ redirect_uri: uri }))).status).toBe(200);
      expect((await get(authorizeUrl({ redirect_uri: uri }, 'demand'))).status).toBe(200);
    }
  });
});

describe('authorization endpoint: errors redirected with error=, as Hydra does', () => {
  it('refuses response_type other than code', async () => {
    await expectRedirectError({ response_type: 'token' }, 'unsupported_response_type');
  });

  it('refuses a missing response_type', async () => {
    await expectRedirectError({ response_type: null }, 'invalid_request');
  });

  it('refuses a state shorter than 8 characters with invalid_state, echoing the state', async () => {
    const location = await expectRedirectError({ state: 'short77' }, 'invalid_state');
    expect(location.searchParams.get('state')).toBe('short77');
  });

  it('accepts a state of exactly 8 characters', async () => {
    expect((await get(authorizeUrl({ state: '12345678' }))).status).toBe(200);
  });

  it('refuses a missing state with invalid_state', async () => {
    const location = await expectRedirectError({ state: null }, 'invalid_state');
    expect(location.searchParams.get('state')).toBeNull();
  });

  it('refuses a scope outside the client set with invalid_scope', async () => {
    await expectRedirectError(
      { scope: 'openid supply::businesses.list demand::users.read' },
      'invalid_scope',
      'demand::users.read',
    );
  });

  it('refuses a scope the demand client may only get with client credentials', async () => {
    const response = await get(
      authorizeUrl({ scope: 'demand::users.read demand::categories.read' }, 'demand'),
    );
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses a missing scope', async () => {
    await expectRedirectError({ scope: null }, 'invalid_request', 'scope');
  });

  it('refuses a missing audience', async () => {
    await expectRedirectError({ audience: null }, 'invalid_request', 'audience');
  });

  it('refuses an audience other than urn:partner-api', async () => {
    await expectRedirectError(
      { audience: 'urn:other' },
      'invalid_request',
      "Requested audience 'urn:other' has not been whitelisted by the OAuth 2.0 Client.",
    );
  });

  it('refuses PKCE plain', async () => {
    await expectRedirectError(
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      'invalid_request',
      'S256',
    );
  });

  it('refuses a code_challenge without a method (that would mean plain)', async () => {
    await expectRedirectError({ code_challenge: 'a'.repeat(43) }, 'invalid_request', 'S256');
  });

  it('refuses a method without a challenge', async () => {
    await expectRedirectError({ code_challenge_method: 'S256' }, 'invalid_request');
  });

  it('refuses a malformed S256 challenge', async () => {
    await expectRedirectError(
      { code_challenge: 'too-short', code_challenge_method: 'S256' },
      'invalid_request',
    );
  });

  it('refuses a parameter given twice', async () => {
    const url = `${authorizeUrl({})}&scope=openid`;
    const response = await get(url);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a nonce shorter than 8 characters', async () => {
    await expectRedirectError({ nonce: 'abc' }, 'invalid_request', 'nonce');
  });

  it('refuses a response_mode other than query', async () => {
    await expectRedirectError({ response_mode: 'fragment' }, 'invalid_request', 'response_mode');
    expect((await get(authorizeUrl({ response_mode: 'query' }))).status).toBe(200);
  });

  it('answers prompt=none with login_required (the fake keeps no login session)', async () => {
    await expectRedirectError({ prompt: 'none' }, 'login_required');
  });
});

describe('consent page', () => {
  it('names the client and the scopes in words, posts back to the same URL, and has no script', async () => {
    const response = await get(authorizeUrl({}));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).not.toContain('script-src');
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Demo Supply Partner wants to access your Thumbtack account');
    expect(html).toContain('Read your leads');
    expect(html).toContain('Maya Ortiz');
    expect(html).toMatch(/<form method="post">/);
    expect(html).not.toMatch(/<form[^>]*action=/);
    expect(html).toContain('<input type="hidden" name="account" value="demo-pro">');
    expect(html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
    expect(html).toMatch(/<button type="submit" name="decision" value="deny">Deny<\/button>/);
  });

  it('offers the customer account to the demand client', async () => {
    const html = await (await get(authorizeUrl({}, 'demand'))).text();
    expect(html).toContain('Demo Marketplace Partner');
    expect(html).toContain('value="demo-customer"');
    expect(html).toContain('Priya Shah');
  });

  it('deny redirects with access_denied and the state', async () => {
    const response = await consent(authorizeUrl({}), { account: 'demo-pro', decision: 'deny' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-0123456789');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('allow redirects with code, the granted scope and the state', async () => {
    const response = await consent(authorizeUrl({ scope: 'openid supply::users.read' }), {
      account: 'demo-pro',
      decision: 'allow',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('code')).toMatch(/^ory_ac_[\w-]{43}\.[\w-]{43}$/);
    expect(location.searchParams.get('scope')).toBe('openid supply::users.read');
    expect(location.searchParams.get('state')).toBe('state-0123456789');
  });

  it('issues a different code every time', async () => {
    const a = await consent(authorizeUrl({}), { account: 'demo-pro', decision: 'allow' });
    const b = await consent(authorizeUrl({}), { account: 'demo-pro', decision: 'allow' });
    expect(a.headers.get('location')).not.toBe(b.headers.get('location'));
  });

  it('refuses the wrong side account (a customer cannot consent to the supply client)', async () => {
    const response = await consent(authorizeUrl({}), { account: 'demo-customer', decision: 'allow' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses a decision that is neither allow nor deny', async () => {
    const response = await consent(authorizeUrl({}), { account: 'demo-pro', decision: 'maybe' });
    expect(response.status).toBe(400);
  });

  it('validates the query again on POST (a forged post cannot skip the checks)', async () => {
    const response = await consent(authorizeUrl({ state: 'short' }), {
      account: 'demo-pro',
      decision: 'allow',
    });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_state');
  });

  it('refuses a consent post that is not a form', async () => {
    const response = await fetch(authorizeUrl({}), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ account: 'demo-pro', decision: 'allow' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
  });

  it('does not count consent in the token stats', async () => {
    await consent(authorizeUrl({}), { account: 'demo-pro', decision: 'allow' });
    expect(fake.control.stats().token).toEqual({
      authorization_code: 0,
      refresh_token: 0,
      client_credentials: 0,
    });
  });

  it('serves unknown auth paths with a JSON 404', async () => {
    const response = await fetch(`${AUTH}/oauth2/nope`);
    expect(response.status).toBe(404);
  });
});
