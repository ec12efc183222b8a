/**
 * A small seeded PRNG (mulberry32): the demo's dataset and writer are reproducible from a seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random.integer(10); // 0..9, the same sequence for the same seed
 * ```
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [0, bound). */
    integer: (bound: number): number => Math.floor(next() * bound),
    /** One element of a non-empty array. */
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** A printable ASCII string of the given length. */
    text: (length: number): string => {
      let text = '';
      for (let index = 0; index < length; index++) text += String.fromCharCode(33 + Math.floor(next() * 94));
      return text;
    },
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
