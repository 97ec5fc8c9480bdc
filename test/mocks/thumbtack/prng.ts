// A small seeded generator so the demo world is identical in every process (tests can assert exact
// values) without Math.random. Quality only needs to be "looks varied", not cryptographic: tokens and
// codes use crypto.getRandomValues instead (see random-token.ts).

export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** An 18-digit numeric string, the shape of Thumbtack's int64 IDs. */
  id(): string;
  chance(probability: number): boolean;
}

// The state update is the "mulberry32" construction (an add-then-mix 32-bit generator, public domain).
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    id(): string {
      // Real IDs start around 2xx..5xx quadrillion; keep the first digit 2-5 so they look alike.
      let digits = String(int(2, 5));
      while (digits.length < 18) digits += String(int(0, 9));
      return digits;
    },
    chance(probability: number): boolean {
      return next() < probability;
    },
  };
}

/**
 * `prng` with IDs of their own, from a random seed: what is created after the demo world (by API
 * calls, by simulations) keeps the world's deterministic names and amounts, but never reuses an ID a
 * previous world (before a reset, or another fake) handed out. Thumbtack's IDs are never reissued, and
 * a receiver that remembers deliveries by ID (live updates) would take a reissued one for a duplicate.
 */
export function withFreshIds(prng: Prng): Prng {
  const [seed = 0] = crypto.getRandomValues(new Uint32Array(1));
  const ids = createPrng(seed);
  return { ...prng, id: () => ids.id() };
}
