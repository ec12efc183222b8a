import type { Observable, SchedulerLike } from 'rxjs';
import { customOption, hasMethods, integerOption, normalizeOptions, numberOption, requiredOption, schedulerOption, type NormalizedOptions } from '../optionRules.js';
import { immediateScheduler } from './immediateScheduler.js';
import type { SlotRange } from './SlotRanges.js';

/** Options of `bgIteration`. */
export interface BgIterationOptions {
  /** Point-in-time: entries are exactly the keyspace at subscription (T0). */
  consistent: boolean;
  /** Also forward the writes a replica needs to converge to the state at `complete`. */
  replication: boolean;
  /** Runs the cursor's cycles (default {@link immediateScheduler}, which yields to I/O). */
  scheduler?: SchedulerLike;
  /** Cursor work per cycle in ms (default 2). */
  budgetMs?: number;
  /** Cursor entries per cycle at most (default 512). */
  batchSize?: number;
  /** Consumer congestion: while the latest value is true, the cursor pauses. Writers never do. */
  backpressure$?: Observable<boolean>;
  /** Only these hash slots (inclusive `[start, end]` ranges): iterated, and their writes forwarded. */
  slots?: readonly SlotRange[];
}

const isBoolean = (value: unknown) => typeof value === 'boolean';

/**
 * Entries per cycle for a consumer that turns each entry into bytes on a connection (a slot
 * migration's commands, a redis replica's RDB). That work runs when the cycle delivers, after its
 * time budget, and writers wait for it. Against 512, with the transfer as fast: clients of the
 * migrating slots, p99 9.5-13.5 ms against 12-22 ms (two server processes); writers during a
 * redis replica's sync, p99 1.8-1.9× idle against 2.0-2.4× (`npm run bench -- --only psync`).
 */
export const STREAMING_BATCH_SIZE = 64;

/**
 * The defaults table of `bgIteration`. Safe defaults: 2 ms / 512 entries per cycle keep a
 * concurrent writer's p99 latency within 1.5× of idle during a snapshot (4 ms / 1024 gave 2.1×,
 * `npm run bench`) at the same throughput.
 */
export const BG_ITERATION_OPTIONS = {
  consistent: requiredOption<boolean>('a boolean', isBoolean),
  replication: requiredOption<boolean>('a boolean', isBoolean),
  scheduler: schedulerOption<SchedulerLike>(immediateScheduler),
  budgetMs: numberOption(2, 0),
  batchSize: integerOption(512, 1),
  backpressure$: customOption<Observable<boolean> | undefined>(undefined, 'an Observable of booleans', (value) => hasMethods(value, 'subscribe')),
  // Each range is checked by SlotRanges.of, which names the bad range.
  slots: customOption<readonly SlotRange[] | undefined>(undefined, 'a non-empty array of [start, end] slot ranges', (value) => Array.isArray(value) && value.length > 0),
} as const;

/** `bgIteration`'s options with every default filled in. */
export type NormalizedBgIterationOptions = NormalizedOptions<typeof BG_ITERATION_OPTIONS>;

/**
 * Checks `bgIteration`'s options against {@link BG_ITERATION_OPTIONS}; throws
 * `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeBgIterationOptions({ consistent: true, replication: false }).batchSize; // 512
 * ```
 */
export function normalizeBgIterationOptions(options: BgIterationOptions, component = 'bgIteration'): NormalizedBgIterationOptions {
  return normalizeOptions(component, BG_ITERATION_OPTIONS, options);
}
