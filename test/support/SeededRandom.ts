import { seededRandom } from '../../lib/seededRandom.js';

/**
 * A small seeded PRNG (mulberry32) for reproducible random test sequences.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.pick(['a', 'b']); // always the same for seed 42
 * ```
 */
export class SeededRandom {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` items picked with repetition. */
  several<T>(items: readonly T[], min: number, max: number): T[] {
    return Array.from({ length: this.integer(min, max) }, () => this.pick(items));
  }
}
