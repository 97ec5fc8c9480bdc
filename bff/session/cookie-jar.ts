import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env.ts';

/**
 * Large cookie values split into numbered chunks. Browsers drop a cookie over 4096 bytes (name,
 * value and attributes together), so values above CHUNK_SIZE go to `<name>.0`, `<name>.1`, … and a
 * value that fits lives in `<name>` alone. Whatever a shorter write leaves behind is deleted, so a
 * shrinking session never leaves a stale tail that would be glued onto the next read.
 */
export const CHUNK_SIZE = 3800;
export const MAX_CHUNKS = 4;

export type SameSite = 'Strict' | 'Lax';

export interface CookieAttributes {
  sameSite: SameSite;
  /** Seconds; the browser forgets the cookie then, whatever the seal says. */
  maxAge: number;
}

/** Every auth cookie is `__Host-`: Secure, Path=/, no Domain, so no subdomain can set or read it. */
export function hostCookieOptions(attributes: CookieAttributes) {
  return {
    secure: true,
    httpOnly: true,
    path: '/',
    sameSite: attributes.sameSite,
    maxAge: Math.max(0, Math.floor(attributes.maxAge)),
  } as const;
}

export function readChunked(c: Context<AppEnv>, name: string): string | undefined {
  // The usual case, one whole cookie, looks at that cookie alone; chunks need them all.
  const single = getCookie(c, name);
  if (single !== undefined) return single;
  const all = getCookie(c);
  const whole = all[name];
  if (whole !== undefined) return whole;
  const parts: string[] = [];
  for (let i = 0; all[`${name}.${i}`] !== undefined; i++) {
    if (i >= MAX_CHUNKS) return undefined;
    parts.push(all[`${name}.${i}`] as string);
  }
  return parts.length > 0 ? parts.join('') : undefined;
}

export class CookieTooLargeError extends Error {
  constructor(name: string, size: number) {
    super(`cookie ${name} would need ${size} bytes, over ${CHUNK_SIZE * MAX_CHUNKS}`);
    this.name = 'CookieTooLargeError';
  }
}

export function writeChunked(
  c: Context<AppEnv>,
  name: string,
  value: string,
  attributes: CookieAttributes,
): void {
  if (value.length > CHUNK_SIZE * MAX_CHUNKS) throw new CookieTooLargeError(name, value.length);
  const options = hostCookieOptions(attributes);
  const present = Object.keys(getCookie(c));
  if (value.length <= CHUNK_SIZE) {
    setCookie(c, name, value, options);
    c.set('headersPending', true);
    for (const stale of present.filter((n) => isChunkOf(name, n))) expire(c, stale, attributes.sameSite);
    return;
  }
  const count = Math.ceil(value.length / CHUNK_SIZE);
  for (let i = 0; i < count; i++) {
    setCookie(c, `${name}.${i}`, value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), options);
    c.set('headersPending', true);
  }
  for (const stale of present) {
    if (stale === name || (isChunkOf(name, stale) && chunkIndex(name, stale) >= count)) {
      expire(c, stale, attributes.sameSite);
    }
  }
}

/** Deletes the cookie and all its chunks that the request carried, with the attributes they were set with. */
export function clearChunked(c: Context<AppEnv>, name: string, sameSite: SameSite): void {
  for (const present of Object.keys(getCookie(c))) {
    if (present === name || isChunkOf(name, present)) expire(c, present, sameSite);
  }
}

export function expire(c: Context<AppEnv>, name: string, sameSite: SameSite): void {
  deleteCookie(c, name, { secure: true, httpOnly: true, path: '/', sameSite });
  c.set('headersPending', true);
}

function isChunkOf(name: string, candidate: string): boolean {
  return candidate.startsWith(`${name}.`) && /^\d+$/.test(candidate.slice(name.length + 1));
}

function chunkIndex(name: string, candidate: string): number {
  return Number(candidate.slice(name.length + 1));
}
