import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

// One RSA key per fake instance, made lazily (key generation is async and createFakeThumbtack is not).
// Web Crypto via jose keeps this usable in workerd as well as Node.

export interface SigningKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export function createKeySource(): () => Promise<SigningKeys> {
  let pending: Promise<SigningKeys> | null = null;
  return () => {
    pending ??= (async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      // The thumbprint makes a stable, content-derived kid (RFC 7638), as good as Hydra's UUIDs.
      const kid = await calculateJwkThumbprint(publicJwk);
      return { privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' }, kid };
    })();
    return pending;
  };
}
