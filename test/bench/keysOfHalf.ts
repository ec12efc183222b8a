import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';

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
