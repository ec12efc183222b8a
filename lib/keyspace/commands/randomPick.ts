/**
 * `count` items picked uniformly at random without repetition (all of them, shuffled, when
 * `count` ≥ their number).
 *
 * @example
 * ```ts
 * pickDistinct(['a', 'b', 'c'], 2); // e.g. ['c', 'a']
 * ```
 */
export function pickDistinct<T>(items: Iterable<T>, count: number): T[] {
  const pool = [...items];
  for (let index = 0; index < Math.min(count, pool.length); index++) {
    const swap = index + Math.floor(Math.random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap]!, pool[index]!];
  }
  return pool.slice(0, count);
}

/** `count` items picked uniformly at random, repetitions allowed (negative counts of *RANDMEMBER). */
export function pickWithRepetition<T>(items: Iterable<T>, count: number): T[] {
  const pool = [...items];
  return Array.from({ length: count }, () => pool[Math.floor(Math.random() * pool.length)]!);
}
