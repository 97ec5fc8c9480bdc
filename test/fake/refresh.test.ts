import { describe, expect, it } from 'vitest';
import { AUTH, api, basic, login, refresh, startFake, tokenRequest } from './fake-harness.ts';

// Refresh-token rotation with Thumbtack's 60-second reuse window, reuse detection that kills the chain,
// the sliding 180-day lifetime, and RFC 7009 revocation. Time moves with control.advance(), not waits.

const fake = startFake();
const SECOND = 1000;
const DAY = 86_400_000;

async function userTokens() {
  const body = await login();
  if (!body.refresh_token) throw new Error('no refresh token');
  return { access: body.access_token, refresh: body.refresh_token };
}

function revoke(token: string, authorization: string | null = basic('supply'), hint?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.Authorization = authorization;
  return fetch(`${AUTH}/oauth2/revoke`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ token, ...(hint ? { token_type_hint: hint } : {}) }),
  });
}

describe('rotation', () => {
  it('returns a new access and refresh token on every use', async () => {
    const first = await userTokens();
    const { response, body } = await refresh(first.refresh);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(body.refresh_token).toMatch(/^ory_rt_/);
    expect(body.refresh_token).not.toBe(first.refresh);
    expect(body.access_token).not.toBe(first.access);
    expect(body.scope).toContain('offline_access');
    expect(body.id_token).toBeTruthy();
    expect((await api(body.access_token, '/users/self')).status).toBe(200);
  });

  it('revokes the access token issued with the refresh token that was rotated', async () => {
    const first = await userTokens();
    await refresh(first.refresh);
    const old = await api(first.access, '/users/self');
    expect(old.status).toBe(401);
    expect(((await old.json()) as { detail: string }).detail).toBe('token is not active');
  });

  it('keeps the new chain going: each rotated token works once more', async () => {
    let current = (await userTokens()).refresh;
    for (let i = 0; i < 5; i += 1) {
      fake.control.advance(10 * 60 * SECOND);
      const { response, body } = await refresh(current);
      expect(response.status).toBe(200);
      current = body.refresh_token ?? '';
    }
  });

  it('refuses a refresh token issued to another client', async () => {
    const { refresh: token } = await userTokens();
    const { body } = await refresh(token, {}, 'demand');
    expect(body.error).toBe('invalid_grant');
  });

  it('narrows scopes on refresh and refuses widening', async () => {
    const { refresh: token } = await userTokens();
    const narrowed = await refresh(token, { scope: 'offline_access supply::users.read' });
    expect(narrowed.body.scope).toBe('offline_access supply::users.read');
    expect((await api(narrowed.body.access_token, '/businesses')).status).toBe(401);
    const widened = await refresh(narrowed.body.refresh_token ?? '', {
      scope: 'offline_access supply::businesses.list',
    });
    expect(widened.body.error).toBe('invalid_scope');
  });

  it('accepts audience=urn:partner-api on refresh and answers another audience with the 502 body', async () => {
    const { refresh: token } = await userTokens();
    const bad = await refresh(token, { audience: 'urn:other' });
    expect(bad.response.status).toBe(502);
    expect(bad.body).toMatchObject({ error: 'proxy_oauth_failed' });
    expect((await refresh(token, { audience: 'urn:partner-api' })).response.status).toBe(200);
  });

  it.each([
    ['absent', null],
    ['empty', ''],
  ])(
    'refuses a refresh whose audience is %s with 400 invalid_request, and leaves the token unused',
    async (_label, audience) => {
      const { access, refresh: token } = await userTokens();
      const { response, body } = await refresh(token, { audience });
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body).toEqual({
        error: 'invalid_request',
        error_description:
          "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. The 'audience' parameter is missing.",
      });
      // Nothing rotated: the old access token still works and the refresh token is good well past 60 s.
      expect((await api(access, '/users/self')).status).toBe(200);
      fake.control.advance(120 * SECOND);
      expect((await refresh(token)).response.status).toBe(200);
    },
  );

  it('refuses an unknown refresh token and a missing one', async () => {
    expect((await refresh('ory_rt_nope')).body.error).toBe('invalid_grant');
    const missing = await tokenRequest({ grant_type: 'refresh_token', audience: 'urn:partner-api' });
    const body = (await missing.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain("'refresh_token'");
  });
});

describe('the 60-second reuse window', () => {
  it('lets the old refresh token be used again within 60 s, each time with a new pair', async () => {
    const { refresh: old } = await userTokens();
    const first = await refresh(old);
    fake.control.advance(59 * SECOND);
    const second = await refresh(old);
    expect(second.response.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    // Both results stay usable: two racing clients each keep a working pair.
    expect((await api(first.body.access_token, '/users/self')).status).toBe(200);
    expect((await api(second.body.access_token, '/users/self')).status).toBe(200);
    expect((await refresh(first.body.refresh_token ?? '')).response.status).toBe(200);
    expect((await refresh(second.body.refresh_token ?? '')).response.status).toBe(200);
  });

  it('measures the window from the first use, not from the last', async () => {
    const { refresh: old } = await userTokens();
    await refresh(old);
    fake.control.advance(40 * SECOND);
    expect((await refresh(old)).response.status).toBe(200);
    fake.control.advance(40 * SECOND);
    expect((await refresh(old)).body.error).toBe('invalid_grant');
  });

  it('accepts reuse at exactly 60 s', async () => {
    const { refresh: old } = await userTokens();
    await refresh(old);
    fake.control.advance(60 * SECOND);
    expect((await refresh(old)).response.status).toBe(200);
  });
});

describe('reuse detection', () => {
  it('answers reuse after 60 s with invalid_grant and revokes the whole chain', async () => {
    const original = await userTokens();
    const rotated = await refresh(original.refresh);
    const newer = await refresh(rotated.body.refresh_token ?? '');
    fake.control.advance(61 * SECOND);
    const reuse = await refresh(original.refresh);
    expect(reuse.response.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    // Everything descending from that login is gone: newest refresh and access tokens included.
    expect((await refresh(newer.body.refresh_token ?? '')).body.error).toBe('invalid_grant');
    expect((await api(newer.body.access_token, '/users/self')).status).toBe(401);
  });

  it('leaves other logins of the same user alone', async () => {
    const a = await userTokens();
    const b = await userTokens();
    await refresh(a.refresh);
    fake.control.advance(61 * SECOND);
    await refresh(a.refresh);
    expect((await api(b.access, '/users/self')).status).toBe(200);
    expect((await refresh(b.refresh)).response.status).toBe(200);
  });
});

describe('180-day lifetime, renewed on each use', () => {
  it('refuses a refresh token unused for 180 days', async () => {
    const { refresh: token } = await userTokens();
    fake.control.advance(180 * DAY);
    const { body } = await refresh(token);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('expired');
  });

  it('accepts it the day before', async () => {
    const { refresh: token } = await userTokens();
    fake.control.advance(179 * DAY);
    expect((await refresh(token)).response.status).toBe(200);
  });

  it('restarts the 180 days with every rotation', async () => {
    let token = (await userTokens()).refresh;
    for (let i = 0; i < 3; i += 1) {
      fake.control.advance(170 * DAY);
      const { response, body } = await refresh(token);
      expect(response.status).toBe(200);
      token = body.refresh_token ?? '';
    }
  });
});

describe('control: expire and revoke', () => {
  it('expire-access-tokens makes every access token inactive but leaves refresh working', async () => {
    const tokens = await userTokens();
    fake.control.expireAccessTokens();
    const response = await api(tokens.access, '/users/self');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toBe('token is not active');
    expect((await refresh(tokens.refresh)).response.status).toBe(200);
  });

  it('revoke-refresh-tokens makes the next refresh invalid_grant', async () => {
    const tokens = await userTokens();
    fake.control.revokeRefreshTokens();
    expect((await refresh(tokens.refresh)).body.error).toBe('invalid_grant');
  });
});

describe('revocation endpoint (RFC 7009)', () => {
  it('revoking a refresh token revokes its chain and access tokens', async () => {
    const tokens = await userTokens();
    const rotated = await refresh(tokens.refresh);
    const response = await revoke(rotated.body.refresh_token ?? '', basic('supply'), 'refresh_token');
    expect(response.status).toBe(200);
    expect((await api(rotated.body.access_token, '/users/self')).status).toBe(401);
    expect((await refresh(rotated.body.refresh_token ?? '')).body.error).toBe('invalid_grant');
  });

  it('revoking an access token revokes that token only', async () => {
    const tokens = await userTokens();
    expect((await revoke(tokens.access)).status).toBe(200);
    expect((await api(tokens.access, '/users/self')).status).toBe(401);
    expect((await refresh(tokens.refresh)).response.status).toBe(200);
  });

  it('answers 200 for unknown tokens', async () => {
    expect((await revoke('not-a-token')).status).toBe(200);
  });

  it('requires Basic client authentication', async () => {
    const tokens = await userTokens();
    const response = await revoke(tokens.refresh, null);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    expect((await refresh(tokens.refresh)).response.status).toBe(200);
  });

  it('refuses to revoke another client token', async () => {
    const tokens = await userTokens();
    const response = await revoke(tokens.refresh, basic('demand'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('unauthorized_client');
    expect((await refresh(tokens.refresh)).response.status).toBe(200);
  });

  it('refuses a missing token parameter', async () => {
    const response = await fetch(`${AUTH}/oauth2/revoke`, {
      method: 'POST',
      headers: { Authorization: basic('supply'), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(response.status).toBe(400);
  });
});
