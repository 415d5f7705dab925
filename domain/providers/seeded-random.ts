// A seeded pseudo-random source, so the demo generator gives the same providers for the same
// seed on every machine. Domain code never calls Math.random.

export interface RandomSource {
  /** Returns a number in [0, 1). */
  next(): number;
}

/**
 * Creates Mulberry32, a 32-bit generator by Tommy Ettinger: small, fast and well distributed
 * enough for demo data. It is not for anything secret.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export function pickOne<T>(random: RandomSource, items: readonly T[]): T {
  if (items.length === 0) {
    throw new Error('pickOne needs at least one item to pick from');
  }
  return items[Math.floor(random.next() * items.length)]!;
}

export function pickWeighted<T>(random: RandomSource, items: readonly { value: T; weight: number }[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let threshold = random.next() * total;
  for (const item of items) {
    threshold -= item.weight;
    if (threshold < 0) return item.value;
  }
  return items[items.length - 1]!.value;
}

/** Returns a whole number from min to max, both included. */
export function integerBetween(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random.next() * (max - min + 1));
}
