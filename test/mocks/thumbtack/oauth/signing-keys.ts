import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

// One RSA key per process, made lazily on first use (key generation is async and
// createFakeThumbtack is not) and shared by every fake instance: a 2048-bit key takes a noticeable
// fraction of a second on a busy machine, and the suites create hundreds of fakes. Tokens are checked
// against each fake's own state, so sharing the key lets nothing through. Web Crypto via jose keeps
// this usable in workerd as well as Node.

export interface SigningKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

let shared: Promise<SigningKeys> | null = null;

export function createKeySource(): () => Promise<SigningKeys> {
  return () => {
    shared ??= (async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      // The thumbprint makes a stable, content-derived kid (RFC 7638), as good as Hydra's UUIDs.
      const kid = await calculateJwkThumbprint(publicJwk);
      return { privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' }, kid };
    })();
    return shared;
  };
}
