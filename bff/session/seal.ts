import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';

/**
 * Authenticated encryption of cookie payloads: JWE compact, alg "dir", enc "A256GCM" (jose).
 * The key ring's newest key seals; every key opens, so secrets rotate without logging anyone out.
 * The cookie's name travels in the protected header, which AES-GCM authenticates, so a value moved
 * to another cookie (a login transaction into the session slot, say) does not open.
 */
export interface SealKey {
  /** Public key id: a derived fingerprint, never the secret. */
  readonly kid: string;
  readonly key: Uint8Array;
}

export interface KeyRing {
  readonly keys: readonly SealKey[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Derives one 256-bit key per secret with HKDF (Web Crypto), so a secret of any length >= 32 bytes works. */
export async function createKeyRing(secrets: readonly string[]): Promise<KeyRing> {
  if (secrets.length === 0) throw new Error('a key ring needs at least one secret');
  const keys = await Promise.all(
    secrets.map(async (secret) => {
      const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
        'deriveBits',
      ]);
      const derive = async (info: string, bits: number) =>
        new Uint8Array(
          await crypto.subtle.deriveBits(
            { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(info) },
            material,
            bits,
          ),
        );
      const key = await derive('thumbtack-console cookie seal v1', 256);
      const id = await derive('thumbtack-console cookie key id v1', 64);
      return { kid: Array.from(id, (b) => b.toString(16).padStart(2, '0')).join(''), key };
    }),
  );
  return { keys };
}

export async function seal(ring: KeyRing, cookieName: string, payload: unknown): Promise<string> {
  const [newest] = ring.keys;
  if (!newest) throw new Error('empty key ring');
  return new CompactEncrypt(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: newest.kid, cn: cookieName })
    .encrypt(newest.key);
}

export interface Opened<T> {
  readonly payload: T;
  /** True when an older key opened it: the caller re-seals with the newest key on the next response. */
  readonly stale: boolean;
}

/**
 * Opens a sealed value, or returns undefined for anything that is not ours: tampered, truncated,
 * sealed for another cookie, or sealed with a key that has left the ring. Never throws.
 */
export async function unseal<T = unknown>(
  ring: KeyRing,
  cookieName: string,
  value: string,
): Promise<Opened<T> | undefined> {
  try {
    const header = decodeProtectedHeader(value);
    if (header.alg !== 'dir' || header.enc !== 'A256GCM' || header.cn !== cookieName) return undefined;
    const index = ring.keys.findIndex((k) => k.kid === header.kid);
    const entry = ring.keys[index];
    if (!entry) return undefined;
    const { plaintext } = await compactDecrypt(value, entry.key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return { payload: JSON.parse(decoder.decode(plaintext)) as T, stale: index > 0 };
  } catch {
    return undefined;
  }
}
