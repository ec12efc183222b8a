import { normalizeBackoffOptions, type BackoffOptions, type BackoffPolicy } from './FollowerOptions.js';

export type { BackoffOptions, BackoffPolicy } from './FollowerOptions.js';

/**
 * Exponential backoff with jitter: `min(max, initial × multiplier^(attempt-1))`, of which a random
 * `jitter` fraction is taken off so that many followers of one leader do not reconnect in step.
 * Options are checked against `BACKOFF_OPTIONS` (`FORKLESS_ERR_INVALID_OPTION`).
 *
 * @example
 * ```ts
 * const delay = exponentialBackoff({ initialDelayMs: 100, random: seededRandom(42) });
 * delay(1); // between 50 and 100
 * delay(5); // between 800 and 1600
 * ```
 */
export function exponentialBackoff(options: BackoffOptions = {}): BackoffPolicy {
  const { initialDelayMs: initial, maxDelayMs: max, multiplier, jitter, random } = normalizeBackoffOptions(options);
  return (attempt) => {
    const ceiling = Math.min(max, initial * multiplier ** Math.max(0, attempt - 1));
    return Math.round(ceiling * (1 - jitter * random()));
  };
}
