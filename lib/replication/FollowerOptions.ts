import { Keyspace } from '../keyspace/Keyspace.js';
import { customOption, functionOption, integerOption, MAX_TIMER_MS, normalizeOptions, numberOption, requiredOption, type NormalizedOptions } from '../optionRules.js';
import { TOKEN_OPTION } from './LeaderOptions.js';

/** Options of `exponentialBackoff` (the defaults table {@link BACKOFF_OPTIONS}). */
export interface BackoffOptions {
  /** Delay before the first retry (default 100 ms). */
  initialDelayMs?: number;
  /** Upper bound of the delay (default 10 000 ms). */
  maxDelayMs?: number;
  /** Growth factor per attempt, ≥ 1 (default 2). */
  multiplier?: number;
  /** Fraction of the delay that is randomized, 0–1 (default 0.5: delay × [0.5, 1]). */
  jitter?: number;
  /** Uniform random numbers in [0, 1) (default `Math.random`; inject `seededRandom` in tests). */
  random?: () => number;
}

/** Delay in ms before retry number `attempt` (1 for the first retry). */
export type BackoffPolicy = (attempt: number) => number;

/** Options of `startFollower`; every limit has a safe default (the defaults table {@link FOLLOWER_OPTIONS}). */
export interface FollowerOptions {
  /** The leader's URL, e.g. `leader.url` (`ws://127.0.0.1:7000/`). */
  url: string;
  /** Shared secret sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The keyspace kept identical to the leader's (default: a new one with 16 databases). */
  keyspace?: Keyspace;
  /** Names this follower on the leader across reconnects, 1–128 characters (default: a random UUID). */
  followerId?: string;
  /** How often the applied offset is acknowledged (default 1000 ms). */
  ackIntervalMs?: number;
  /** A leader silent for longer is dropped and reconnected (default 10 000 ms). */
  timeoutMs?: number;
  /** Largest frame accepted from the leader (default 512 MiB, the largest value Valkey accepts). */
  maxPayload?: number;
  /** Reconnect delays: a policy or options of `exponentialBackoff` (default 100 ms … 10 s, jitter 0.5). */
  backoff?: BackoffPolicy | BackoffOptions;
  /** Streaming this long resets the retry count, so a follower that keeps failing keeps backing off (default 30 000 ms). */
  stableAfterMs?: number;
  /** Opening handshake timeout (default 10 000 ms). */
  connectTimeoutMs?: number;
}

/** The defaults table of `exponentialBackoff` (and of a follower's `backoff` object). */
export const BACKOFF_OPTIONS = {
  initialDelayMs: integerOption(100, 0, MAX_TIMER_MS),
  maxDelayMs: integerOption(10_000, 0, MAX_TIMER_MS),
  multiplier: numberOption(2, 1, { inclusive: true }),
  jitter: numberOption(0.5, 0, { inclusive: true, max: 1 }),
  random: functionOption<() => number>(Math.random),
} as const;

function isLeaderUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hash === '' && !value.includes('#');
  } catch {
    return false;
  }
}

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The defaults table of `startFollower`. */
export const FOLLOWER_OPTIONS = {
  url: requiredOption<string>('a ws:// or wss:// URL without a fragment', isLeaderUrl),
  token: TOKEN_OPTION,
  keyspace: customOption<Keyspace | undefined>(undefined, 'a Keyspace', (value) => value instanceof Keyspace),
  followerId: customOption<string | undefined>(undefined, 'a string of 1 to 128 characters', (value) => typeof value === 'string' && value.length >= 1 && value.length <= 128),
  ackIntervalMs: integerOption(1000, 1, MAX_TIMER_MS),
  timeoutMs: integerOption(10_000, 1, MAX_TIMER_MS),
  maxPayload: integerOption(512 * 1024 * 1024, 1024),
  backoff: customOption<BackoffPolicy | BackoffOptions>(
    {},
    'a function (attempt) => ms or exponentialBackoff options',
    (value) => typeof value === 'function' || isPlainObject(value),
  ),
  stableAfterMs: integerOption(30_000, 0),
  connectTimeoutMs: integerOption(10_000, 1, MAX_TIMER_MS),
} as const;

/** `startFollower`'s options with every default filled in (`backoff`: a policy or checked options). */
export type NormalizedFollowerOptions = NormalizedOptions<typeof FOLLOWER_OPTIONS>;

/**
 * Checks `startFollower`'s options against {@link FOLLOWER_OPTIONS} (and a `backoff` object against
 * {@link BACKOFF_OPTIONS}); throws `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and
 * the accepted range.
 *
 * @example
 * ```ts
 * normalizeFollowerOptions({ url: 'not a url' }); // throws: url must be a ws:// or wss:// URL …
 * ```
 */
export function normalizeFollowerOptions(options: FollowerOptions): NormalizedFollowerOptions {
  const normalized = normalizeOptions('startFollower', FOLLOWER_OPTIONS, options);
  if (typeof normalized.backoff !== 'function') normalized.backoff = normalizeBackoffOptions(normalized.backoff, 'startFollower', 'backoff.');
  return normalized;
}

/**
 * Checks `exponentialBackoff`'s options against {@link BACKOFF_OPTIONS}.
 *
 * @example
 * ```ts
 * normalizeBackoffOptions({ multiplier: -1 }); // throws: multiplier must be a number ≥ 1 …
 * ```
 */
export function normalizeBackoffOptions(options: BackoffOptions = {}, component = 'exponentialBackoff', prefix = ''): Required<BackoffOptions> {
  return normalizeOptions(component, BACKOFF_OPTIONS, options, prefix);
}
