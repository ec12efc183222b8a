/**
 * A deterministic uniform random source (mulberry32): the same seed gives the same sequence, so
 * backoff jitter, test workloads, the demo and the benchmark are reproducible.
 *
 * @example
 * ```ts
 * const random = seededRandom(7);
 * random(); // a float in [0, 1), the same sequence on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
