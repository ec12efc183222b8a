import type { seededRandom } from '../../lib/seededRandom.js';

/** A deterministic source of uniform numbers in [0, 1), as `seededRandom` returns. */
export type RandomSource = ReturnType<typeof seededRandom>;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * `count` random ASCII strings of `size` bytes each, drawn from one shared buffer so building a
 * million values costs one pass.
 *
 * @example
 * ```ts
 * randomValues(seededRandom(1), 3, 100).map((value) => value.length); // [100, 100, 100]
 * ```
 */
export function randomValues(random: RandomSource, count: number, size: number): string[] {
  const values: string[] = new Array<string>(count);
  // One buffer per 64 Ki values bounds the scratch memory while keeping the per-value cost low.
  const perBuffer = 65536;
  for (let first = 0; first < count; first += perBuffer) {
    const inBuffer = Math.min(perBuffer, count - first);
    const bytes = Buffer.allocUnsafe(inBuffer * size);
    for (let index = 0; index < bytes.length; index++) bytes[index] = ALPHABET.charCodeAt((random() * ALPHABET.length) | 0);
    for (let index = 0; index < inBuffer; index++) values[first + index] = bytes.toString('latin1', index * size, (index + 1) * size);
  }
  return values;
}

/** The name of the `index`-th key of a bench dataset: fixed width, so every key has the same size. */
export function benchKey(index: number): string {
  return `key:${index.toString().padStart(10, '0')}`;
}
