import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env.ts';
import { readChunked, writeChunked } from './cookie-jar.ts';
import { type KeyRing, parsedOnce, seal, unseal } from './seal.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

/**
 * The session cookie of the server-side stores (Redis, Durable Objects): the same name, attributes,
 * key ring and name binding as the cookie store's, holding only a sealed random session id.
 */
const SessionRefSchema = z.object({ v: z.literal(1), id: z.string().min(16) }).strict();
const parseRef = parsedOnce((payload) => {
  const parsed = SessionRefSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
});

export type CookieRef = { kind: 'none' } | { kind: 'invalid' } | { kind: 'ref'; id: string; stale: boolean };

export async function readSessionId(c: Context<AppEnv>, ring: KeyRing): Promise<CookieRef> {
  const value = readChunked(c, SESSION_COOKIE);
  if (value === undefined) return { kind: 'none' };
  const opened = await unseal(ring, SESSION_COOKIE, value);
  const ref = opened ? parseRef(opened.payload) : undefined;
  if (!opened || !ref) return { kind: 'invalid' };
  return { kind: 'ref', id: ref.id, stale: opened.stale };
}

/** Sets the cookie naming session `id`, to expire with the session (`maxAgeSeconds`). */
export async function writeSessionId(c: Context<AppEnv>, ring: KeyRing, id: string, maxAgeSeconds: number) {
  const value = await seal(ring, SESSION_COOKIE, { v: 1, id });
  writeChunked(c, SESSION_COOKIE, value, { sameSite: 'Strict', maxAge: maxAgeSeconds });
}
