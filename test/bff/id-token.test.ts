import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessTokenHash, IdTokenError, type KeySource, verifyIdToken } from '../../bff/oauth/id-token.ts';

const ISSUER = 'https://auth.thumbtack.test/';
const CLIENT = 'demo-supply-client';
const NOW = 1_800_000_000;
const ACCESS = 'the-access-token';
const NONCE = 'n-0123456789abcdef0123456789abcdef';

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let keys: KeySource;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
});

async function idToken(
  claims: Record<string, unknown> = {},
  key?: CryptoKey,
  header: Record<string, unknown> = {},
) {
  const body = {
    iss: ISSUER,
    sub: '1337',
    aud: CLIENT,
    iat: NOW - 5,
    exp: NOW + 3600,
    nonce: NONCE,
    at_hash: await accessTokenHash(ACCESS, 'RS256'),
    ...claims,
  };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete (body as Record<string, unknown>)[k];
  return new SignJWT(body).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(key ?? privateKey);
}

const check = (overrides: Partial<Parameters<typeof verifyIdToken>[1]> = {}) => ({
  issuer: ISSUER,
  clientId: CLIENT,
  nonce: NONCE,
  accessToken: ACCESS,
  nowSeconds: NOW,
  ...overrides,
});

describe('id_token checks (OIDC Core 3.1.3.7)', () => {
  it('accepts a good token, with keys and without', async () => {
    const token = await idToken({ name: 'Maya Ortiz' });
    expect((await verifyIdToken(token, check(), keys)).name).toBe('Maya Ortiz');
    expect((await verifyIdToken(token, check())).sub).toBe('1337');
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example/' }, /wrong issuer/],
    ['an issuer without the trailing slash', { iss: 'https://auth.thumbtack.test' }, /wrong issuer/],
    ['another audience', { aud: 'someone-else' }, /wrong audience/],
    ['several audiences without azp', { aud: [CLIENT, 'other'] }, /authorized party/],
    ['an expired token', { exp: NOW - 120 }, /expired|exp/],
    ['an iat far in the past', { iat: NOW - 3600, exp: NOW + 3600 }, /too long ago/],
    ['an iat in the future', { iat: NOW + 600 }, /future|iat/],
    ['a missing nonce', { nonce: undefined }, /nonce/],
    ['a wrong nonce', { nonce: 'another-nonce' }, /nonce/],
    ['an at_hash of another access token', { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, /at_hash/],
    ['no subject', { sub: '' }, /subject/],
  ])('rejects %s', async (_, claims, reason) => {
    const token = await idToken(claims);
    await expect(verifyIdToken(token, check(), keys)).rejects.toThrow(reason);
    // The claim checks hold even where no keys are known (TLS stands in for the signature only).
    await expect(verifyIdToken(token, check())).rejects.toThrow(IdTokenError);
  });

  it('rejects a nonce when none was sent', async () => {
    await expect(verifyIdToken(await idToken(), check({ nonce: undefined }), keys)).rejects.toThrow(/nonce/);
  });

  it('rejects a bad signature when keys are known', async () => {
    await expect(verifyIdToken(await idToken({}, otherKey), check(), keys)).rejects.toThrow(IdTokenError);
  });

  it('rejects alg none, with or without keys', async () => {
    const [, payload] = (await idToken()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const unsigned = `${header}.${payload}.`;
    await expect(verifyIdToken(unsigned, check(), keys)).rejects.toThrow(/not allowed/);
    await expect(verifyIdToken(unsigned, check())).rejects.toThrow(/not allowed/);
  });

  it('rejects HS256 (a token "signed" with a guessable or shared secret)', async () => {
    const hs = await new SignJWT({
      iss: ISSUER,
      sub: '1',
      aud: CLIENT,
      iat: NOW,
      exp: NOW + 60,
      nonce: NONCE,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verifyIdToken(hs, check())).rejects.toThrow(/not allowed/);
  });

  it('rejects garbage', async () => {
    await expect(verifyIdToken('not-a-jwt', check())).rejects.toThrow(IdTokenError);
  });
});
