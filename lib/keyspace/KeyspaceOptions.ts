import type { SchedulerLike } from 'rxjs';
import { booleanOption, customOption, functionOption, integerOption, MAX_TIMER_MS, normalizeOptions, schedulerOption, type NormalizedOptions } from '../optionRules.js';

/** The most databases a keyspace may have (as many as a snapshot file can record). */
export const MAX_KEYSPACE_DATABASES = 65_536;

/** The defaults table of the active expiry cycle (`activeExpiry: { … }`). */
export const ACTIVE_EXPIRY_OPTIONS = {
  /** Time between cycles, ms (Valkey's hz 10). */
  intervalMs: integerOption(100, 1, MAX_TIMER_MS),
  /** Keys with a TTL examined per cycle across all databases. */
  keysPerCycle: integerOption(200, 1),
  /** Drives the cycle (default: an unref'd Node interval). */
  scheduler: schedulerOption<SchedulerLike | undefined>(undefined),
} as const;

/** The defaults table of `new Keyspace(options)`. */
export const KEYSPACE_OPTIONS = {
  databases: integerOption(16, 1, MAX_KEYSPACE_DATABASES),
  clock: functionOption<() => number>(Date.now),
  activeExpiry: customOption<boolean | object>(
    false,
    'a boolean or { intervalMs, keysPerCycle, scheduler }',
    (value) => typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value)),
  ),
  replica: booleanOption(false),
  /** Recently written small collections each database keeps unpacked (0: packed after every write). */
  unpackedCollections: integerOption(16, 0, 1_000_000),
  // Each threshold is checked by normalizeEncodingOptions, which names the bad one.
  encoding: customOption<object | undefined>(undefined, 'an object of encoding thresholds', (value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
} as const;

/** Keyspace options with every default filled in; `activeExpiry` is false or its checked options. */
export type NormalizedKeyspaceOptions = Omit<NormalizedOptions<typeof KEYSPACE_OPTIONS>, 'activeExpiry'> & {
  activeExpiry: false | NormalizedOptions<typeof ACTIVE_EXPIRY_OPTIONS>;
};

/**
 * Checks a keyspace's options against {@link KEYSPACE_OPTIONS} (and an `activeExpiry` object
 * against {@link ACTIVE_EXPIRY_OPTIONS}; `true` means its defaults); throws
 * `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeKeyspaceOptions({ databases: 0 }); // throws: Keyspace: databases must be an integer from 1 to 65536, got 0
 * ```
 */
export function normalizeKeyspaceOptions(options: object | undefined): NormalizedKeyspaceOptions {
  const { activeExpiry, ...rest } = normalizeOptions('Keyspace', KEYSPACE_OPTIONS, options);
  if (activeExpiry === false) return { ...rest, activeExpiry };
  return { ...rest, activeExpiry: normalizeOptions('Keyspace', ACTIVE_EXPIRY_OPTIONS, activeExpiry === true ? {} : activeExpiry, 'activeExpiry.') };
}
