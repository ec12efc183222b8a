import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import type { RandomSource } from './benchData.js';

/** The first slot of the upper half of the hash slots. */
export const HALF = 8192;

/**
 * The first `count` keys `prefix:0`, `prefix:1`, … whose slots are below 8192 (`low`) or at and
 * above it: the cluster bench's migrating keys and the keys of other slots.
 *
 * @example
 * ```ts
 * keysOfHalf(2, true, 'mig').every((key) => keyHashSlot(key) < HALF); // true
 * ```
 */
export function keysOfHalf(count: number, low: boolean, prefix: string): string[] {
  const keys: string[] = [];
  for (let index = 0; keys.length < count; index++) {
    const key = `${prefix}:${index}`;
    if (keyHashSlot(key) < HALF === low) keys.push(key);
  }
  return keys;
}

/**
 * A picker of random keys among about the first `count` keys of a half (as {@link keysOfHalf}
 * lists them), made on the fly: a writer process holds no key list, so its heap, and its GC
 * pauses, stay small.
 *
 * @example
 * ```ts
 * const pick = randomKeyOfHalf(1_000_000, true, 'mig', seededRandom(1));
 * keyHashSlot(pick()) < HALF; // true
 * ```
 */
export function randomKeyOfHalf(count: number, low: boolean, prefix: string, random: RandomSource): () => string {
  // Half of all indices land in each half: the first `count` keys of one span about 2 × count.
  const span = 2 * count;
  return () => {
    for (;;) {
      const key = `${prefix}:${(random() * span) | 0}`;
      if (keyHashSlot(key) < HALF === low) return key;
    }
  };
}
