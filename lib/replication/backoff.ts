/** Options of {@link exponentialBackoff}. */
export interface BackoffOptions {
  /** Delay before the first retry (default 100 ms). */
  initialDelayMs?: number;
  /** Upper bound of the delay (default 10 000 ms). */
  maxDelayMs?: number;
  /** Growth factor per attempt (default 2). */
  multiplier?: number;
  /** Fraction of the delay that is randomized, 0–1 (default 0.5: delay × [0.5, 1]). */
  jitter?: number;
  /** Uniform random numbers in [0, 1) (default `Math.random`; inject {@link seededRandom} in tests). */
  random?: () => number;
}

/** Delay in ms before retry number `attempt` (1 for the first retry). */
export type BackoffPolicy = (attempt: number) => number;

/**
 * Exponential backoff with jitter: `min(max, initial × multiplier^(attempt-1))`, of which a random
 * `jitter` fraction is taken off so that many followers of one leader do not reconnect in step.
 *
 * @example
 * ```ts
 * const delay = exponentialBackoff({ initialDelayMs: 100, random: seededRandom(42) });
 * delay(1); // between 50 and 100
 * delay(5); // between 800 and 1600
 * ```
 */
export function exponentialBackoff(options: BackoffOptions = {}): BackoffPolicy {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 10_000;
  const multiplier = options.multiplier ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  return (attempt) => {
    const ceiling = Math.min(max, initial * multiplier ** Math.max(0, attempt - 1));
    return Math.round(ceiling * (1 - jitter * random()));
  };
}
