import { seededRandom as uniformSource } from '../lib/seededRandom.js';

/**
 * The demo's random helpers on a seeded source: the dataset and the writer are reproducible from a
 * seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random.integer(10); // 0..9, the same sequence for the same seed
 * ```
 */
export function seededRandom(seed: number) {
  const next = uniformSource(seed);
  return {
    next,
    /** An integer in [0, bound). */
    integer: (bound: number): number => Math.floor(next() * bound),
    /** A printable ASCII string of the given length. */
    text: (length: number): string => {
      let text = '';
      for (let index = 0; index < length; index++) text += String.fromCharCode(33 + Math.floor(next() * 94));
      return text;
    },
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
