import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { base64url } from '../encoding.ts';
import type { AppEnv } from '../http/app-env.ts';
import { expire, hostCookieOptions } from '../session/cookie-jar.ts';
import { type KeyRing, seal, unseal } from '../session/seal.ts';

/**
 * One login in flight: what the callback needs to finish it. Each login gets its own short-lived
 * cookie, named after a hash of its state, so logins started in several tabs do not overwrite each
 * other. SameSite=Lax because the callback is a top-level navigation coming from Thumbtack.
 */
export const TransactionSchema = z.object({
  state: z.string().min(43),
  codeVerifier: z.string().min(43).max(128),
  nonce: z.string().min(16).optional(),
  returnTo: z.string().startsWith('/'),
  createdAt: z.number().int(),
});
export type LoginTransaction = z.infer<typeof TransactionSchema>;

const PREFIX = '__Host-tt-login-';
export const TRANSACTION_LIFETIME_SECONDS = 600;
/** More parallel logins than this and the oldest is dropped: a bound on cookie count per browser. */
export const MAX_TRANSACTIONS = 3;

async function cookieNameFor(state: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state)));
  return PREFIX + base64url(digest).slice(0, 16);
}

export async function saveTransaction(
  c: Context<AppEnv>,
  ring: KeyRing,
  tx: LoginTransaction,
): Promise<void> {
  const existing = await openAll(c, ring);
  const surplus = existing.length + 1 - MAX_TRANSACTIONS;
  if (surplus > 0) {
    existing.sort((a, b) => a.createdAt - b.createdAt);
    for (const old of existing.slice(0, surplus)) expire(c, old.name, 'Lax');
  }
  const name = await cookieNameFor(tx.state);
  setCookie(
    c,
    name,
    await seal(ring, name, tx),
    hostCookieOptions({ sameSite: 'Lax', maxAge: TRANSACTION_LIFETIME_SECONDS }),
  );
}

export type TakenTransaction =
  | { kind: 'missing' }
  | { kind: 'expired' }
  | { kind: 'found'; transaction: LoginTransaction };

/**
 * Finds the transaction whose state matches and deletes its cookie in the same response, so a
 * callback can be used once: a replayed callback URL finds nothing.
 */
export async function takeTransaction(
  c: Context<AppEnv>,
  ring: KeyRing,
  state: string,
  nowSeconds: number,
): Promise<TakenTransaction> {
  const name = await cookieNameFor(state);
  const value = getCookie(c, name);
  if (value === undefined) return { kind: 'missing' };
  expire(c, name, 'Lax');
  const opened = await unseal(ring, name, value);
  const parsed = TransactionSchema.safeParse(opened?.payload);
  if (!parsed.success || !timingSafeEqual(parsed.data.state, state)) return { kind: 'missing' };
  if (nowSeconds - parsed.data.createdAt > TRANSACTION_LIFETIME_SECONDS) return { kind: 'expired' };
  return { kind: 'found', transaction: parsed.data };
}

/** Removes every login transaction cookie the browser sent (after an error, or at logout). */
export function clearTransactions(c: Context<AppEnv>): void {
  for (const name of Object.keys(getCookie(c))) {
    if (name.startsWith(PREFIX)) expire(c, name, 'Lax');
  }
}

async function openAll(c: Context<AppEnv>, ring: KeyRing) {
  const found: { name: string; createdAt: number }[] = [];
  for (const [name, value] of Object.entries(getCookie(c))) {
    if (!name.startsWith(PREFIX)) continue;
    const opened = await unseal<{ createdAt?: unknown }>(ring, name, value);
    const createdAt = typeof opened?.payload.createdAt === 'number' ? opened.payload.createdAt : 0;
    found.push({ name, createdAt });
  }
  return found;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
