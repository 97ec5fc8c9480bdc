/**
 * Refuses session secrets that are obviously guessable: the sealing key is derived from them, so a
 * secret like 32 times the same letter would let anyone forge a session. This is a screen for mistakes
 * (placeholders, keyboard patterns), not a proof of randomness; `openssl rand -base64 48` always passes.
 */

/** Below this many bits, estimated from the secret's own character mix, a secret is refused. */
export const MIN_ESTIMATED_BITS = 96;

/** Why a secret looks guessable, or undefined when it does not. */
export function weakSecretReason(secret: string): string | undefined {
  const chars = Array.from(secret);
  if (chars.length === 0) return 'is empty';
  const period = shortestPeriod(chars);
  if (period <= chars.length / 2) return `repeats a block of ${period} character${period === 1 ? '' : 's'}`;
  if (consecutiveShare(chars) > 0.5) return 'is mostly a run of consecutive characters';
  const bits = Math.floor(estimatedBits(chars));
  if (bits < MIN_ESTIMATED_BITS) {
    return `has about ${bits} bits of entropy by its character mix (at least ${MIN_ESTIMATED_BITS} needed)`;
  }
  return undefined;
}

/** Length times the Shannon entropy of the character distribution: a generous upper estimate. */
function estimatedBits(chars: string[]): number {
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** The smallest block length whose repetition makes up the whole string (its length if none). */
function shortestPeriod(chars: string[]): number {
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((ch, i) => ch === chars[i % period])) return period;
  }
  return chars.length;
}

/** Share of neighbouring pairs that step by one code point up or down ("abcdef", "987654"). */
function consecutiveShare(chars: string[]): number {
  let steps = 0;
  for (let i = 1; i < chars.length; i++) {
    const delta = (chars[i]?.codePointAt(0) ?? 0) - (chars[i - 1]?.codePointAt(0) ?? 0);
    if (delta === 1 || delta === -1) steps += 1;
  }
  return chars.length > 1 ? steps / (chars.length - 1) : 0;
}
