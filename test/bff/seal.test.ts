import { describe, expect, it } from 'vitest';
import { createKeyRing, seal, unseal } from '../../bff/session/seal.ts';

const A = 'secret-a-secret-a-secret-a-secret-a-1';
const B = 'secret-b-secret-b-secret-b-secret-b-2';

describe('cookie sealing', () => {
  it('round-trips a payload and marks it fresh under the newest key', async () => {
    const ring = await createKeyRing([A]);
    const sealed = await seal(ring, 'cookie', { hello: 'world' });
    expect(sealed).not.toContain('world');
    expect(await unseal(ring, 'cookie', sealed)).toEqual({ payload: { hello: 'world' }, stale: false });
  });

  it('opens a value sealed with an older key and reports it stale, for re-sealing', async () => {
    const sealed = await seal(await createKeyRing([A]), 'cookie', { n: 1 });
    const rotated = await createKeyRing([B, A]);
    expect(await unseal(rotated, 'cookie', sealed)).toEqual({ payload: { n: 1 }, stale: true });
  });

  it('treats a key that left the ring as no value', async () => {
    const sealed = await seal(await createKeyRing([A]), 'cookie', { n: 1 });
    expect(await unseal(await createKeyRing([B]), 'cookie', sealed)).toBeUndefined();
  });

  it('binds the cookie name: a value moved to another cookie does not open', async () => {
    const ring = await createKeyRing([A]);
    const sealed = await seal(ring, 'login', { n: 1 });
    expect(await unseal(ring, 'session', sealed)).toBeUndefined();
  });

  it('rejects a forged header that claims another cookie name', async () => {
    const ring = await createKeyRing([A]);
    const sealed = await seal(ring, 'login', { n: 1 });
    const [, ...rest] = sealed.split('.');
    const header = Buffer.from(
      JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: ring.keys[0]?.kid, cn: 'session' }),
    ).toString('base64url');
    expect(await unseal(ring, 'session', [header, ...rest].join('.'))).toBeUndefined();
  });

  it.each([
    ['truncated', (s: string) => s.slice(0, -5)],
    ['a flipped ciphertext byte', (s: string) => flip(s, 3)],
    ['a flipped tag byte', (s: string) => flip(s, 4)],
    ['empty', () => ''],
    ['garbage', () => 'not.a.jwe.at.all'],
    ['an unsigned JWT', () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'],
  ])('gives undefined, not an exception, for %s', async (_, mangle) => {
    const ring = await createKeyRing([A]);
    const sealed = await seal(ring, 'cookie', { n: 1 });
    expect(await unseal(ring, 'cookie', mangle(sealed))).toBeUndefined();
  });
});

function flip(jwe: string, part: number): string {
  const parts = jwe.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}
