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
  /** Imported once (Web Crypto), never re-imported per call: that import was most of an open's cost. */
  readonly key: CryptoKey;
}

export interface KeyRing {
  readonly keys: readonly SealKey[];
  /** Values already opened, by their exact sealed text (see OpenedCache). */
  readonly opened: OpenedCache;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** How many opened values a ring remembers; a session cookie is ~3.6 KB, so this is a few MB at most. */
export const OPENED_CACHE_SIZE = 1000;

/** Derives one 256-bit key per secret with HKDF (Web Crypto), so a secret of any length >= 32 bytes works. */
export async function createKeyRing(
  secrets: readonly string[],
  options: { cacheSize?: number } = {},
): Promise<KeyRing> {
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
      const raw = await derive('thumbtack-console cookie seal v1', 256);
      const id = await derive('thumbtack-console cookie key id v1', 64);
      const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
      return { kid: Array.from(id, (b) => b.toString(16).padStart(2, '0')).join(''), key };
    }),
  );
  return { keys, opened: new OpenedCache(options.cacheSize ?? OPENED_CACHE_SIZE) };
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
 *
 * The payload of a value that opened is deep-frozen and remembered by its exact text: AES-GCM
 * authenticates every byte, so the same text always opens to the same payload, and a browser sends
 * the same cookie with every request. Whatever the payload's own rules are (a session's lifetimes)
 * the caller still applies on every request; the cache only spares the decryption.
 */
export async function unseal<T = unknown>(
  ring: KeyRing,
  cookieName: string,
  value: string,
): Promise<Opened<T> | undefined> {
  const cached = ring.opened.get(cookieName, value);
  if (cached) return cached as Opened<T>;
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
    const opened: Opened<T> = Object.freeze({
      payload: deepFreeze(JSON.parse(decoder.decode(plaintext)) as T),
      stale: index > 0,
    });
    ring.opened.set(cookieName, value, opened);
    return opened;
  } catch {
    return undefined;
  }
}

/**
 * Checks an opened payload against a schema once per opened value: payloads are frozen and cached by
 * their sealed text, so the same object comes back for the same cookie, and its verdict with it.
 */
export function parsedOnce<T>(parse: (payload: unknown) => T | undefined) {
  const verdicts = new WeakMap<object, { value: T | undefined }>();
  return (payload: unknown): T | undefined => {
    if (typeof payload !== 'object' || payload === null) return parse(payload);
    let verdict = verdicts.get(payload);
    if (!verdict) {
      verdict = { value: parse(payload) };
      verdicts.set(payload, verdict);
    }
    return verdict.value;
  };
}

/**
 * A bounded map from sealed text to what it opened to, the oldest addition dropped first (a plain Map
 * keeps insertion order). Hits do not reorder it: moving a 3.6 KB key on every request costs more than
 * the rare second decryption of a busy session that aged out. Only values that opened are kept, so
 * garbage sent by a client can never fill it with anything but misses.
 */
export class OpenedCache {
  private readonly entries = new Map<string, { name: string; opened: Opened<unknown> }>();

  constructor(private readonly capacity: number) {}

  get(name: string, value: string): Opened<unknown> | undefined {
    const entry = this.entries.get(value);
    return entry && entry.name === name ? entry.opened : undefined;
  }

  set(name: string, value: string, opened: Opened<unknown>): void {
    if (this.capacity <= 0) return;
    this.entries.set(value, { name, opened });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
