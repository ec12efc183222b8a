import type { SchedulerLike } from 'rxjs';
import { BG_ITERATION_OPTIONS } from '../iteration/BgIterationOptions.js';
import { customOption, functionOption, normalizeOptions, numberOption, type NormalizedOptions } from '../optionRules.js';
import { HISTORY_ID_MAX_BYTES } from './snapshotFormat.js';
import type { SnapshotProgress } from './SnapshotProgress.js';
import type { SnapshotFormat } from './SnapshotEncoder.js';

/** Options of `writeSnapshot` (and `saveSnapshot`); the defaults table is {@link WRITE_SNAPSHOT_OPTIONS}. */
export interface WriteSnapshotOptions {
  /** File format (default `forkless`, the `.fkl` format; `rdb` writes Redis's RDB version 9). */
  format?: SnapshotFormat;
  /** Aborting cancels the save: temporary file removed, a last `cancelled` progress, then complete. */
  signal?: AbortSignal;
  /** Called once with the outcome (`done`, `cancelled`, `failed`) after all files are settled. */
  onSettled?: (outcome: SnapshotProgress) => void;
  /** Monotonic ms for elapsed time and time slices (default `performance.now`). */
  now?: () => number;
  /** Longest stretch of encoding before yielding to the event loop, ms (default 2). */
  sliceMs?: number;
  /** Least time between two `running` progress emissions, ms (default 100; 0 = every 64 keys). */
  progressIntervalMs?: number;
  /**
   * Most of a busy event loop's time the save may take, in (0, 1] (default 1: no cap). With 0.15, a
   * saturated process keeps 85 % of its time for everything else; an idle one still saves at full
   * speed (see `CpuShare`).
   */
  cpuShare?: number;
}

/** Options of `saveSnapshot`; the defaults table is {@link SAVE_SNAPSHOT_OPTIONS}. */
export interface SaveSnapshotOptions extends WriteSnapshotOptions {
  /** History id written to the header, at most 255 UTF-8 bytes (default: 40 random hex digits, like Valkey's replid). */
  historyId?: string;
  /** Runs the iteration's cursor cycles (bgIteration's default otherwise). */
  scheduler?: SchedulerLike;
  /** Cursor work per cycle in ms (bgIteration's default 2). */
  budgetMs?: number;
  /** Cursor entries per cycle (bgIteration's default 512). */
  batchSize?: number;
}

/** The defaults table of `writeSnapshot`. */
export const WRITE_SNAPSHOT_OPTIONS = {
  format: customOption<SnapshotFormat>('forkless', "'forkless' or 'rdb'", (value) => value === 'forkless' || value === 'rdb'),
  signal: customOption<AbortSignal | undefined>(undefined, 'an AbortSignal', (value) => value instanceof AbortSignal),
  onSettled: functionOption<(outcome: SnapshotProgress) => void>(undefined),
  now: functionOption<() => number>(() => performance.now()),
  sliceMs: numberOption(2, 0),
  progressIntervalMs: numberOption(100, 0, { inclusive: true }),
  cpuShare: numberOption(1, 0, { max: 1 }),
} as const;

/** The history id rule: it is stored length-prefixed in one byte of the header. */
export const HISTORY_ID_OPTION = customOption<string | undefined>(
  undefined,
  `a string of at most ${HISTORY_ID_MAX_BYTES} UTF-8 bytes`,
  (value) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= HISTORY_ID_MAX_BYTES,
);

/** The defaults table of `saveSnapshot`: the sink's options, the header's history id, the iteration's pace. */
export const SAVE_SNAPSHOT_OPTIONS = {
  ...WRITE_SNAPSHOT_OPTIONS,
  historyId: HISTORY_ID_OPTION,
  scheduler: BG_ITERATION_OPTIONS.scheduler,
  budgetMs: BG_ITERATION_OPTIONS.budgetMs,
  batchSize: BG_ITERATION_OPTIONS.batchSize,
} as const;

/** `writeSnapshot`'s options with every default filled in. */
export type NormalizedWriteSnapshotOptions = NormalizedOptions<typeof WRITE_SNAPSHOT_OPTIONS>;
/** `saveSnapshot`'s options with every default filled in. */
export type NormalizedSaveSnapshotOptions = NormalizedOptions<typeof SAVE_SNAPSHOT_OPTIONS>;

/**
 * Checks `writeSnapshot`'s options against {@link WRITE_SNAPSHOT_OPTIONS}; throws
 * `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeWriteSnapshotOptions({ sliceMs: NaN }); // throws: sliceMs must be a finite number > 0, got NaN
 * ```
 */
export function normalizeWriteSnapshotOptions(options: WriteSnapshotOptions | undefined): NormalizedWriteSnapshotOptions {
  return normalizeOptions('writeSnapshot', WRITE_SNAPSHOT_OPTIONS, options);
}

/**
 * Checks `saveSnapshot`'s options against {@link SAVE_SNAPSHOT_OPTIONS}.
 *
 * @example
 * ```ts
 * normalizeSaveSnapshotOptions({ historyId: 'x'.repeat(300) }); // throws: historyId must be a string of at most 255 UTF-8 bytes …
 * ```
 */
export function normalizeSaveSnapshotOptions(options: SaveSnapshotOptions | undefined): NormalizedSaveSnapshotOptions {
  return normalizeOptions('saveSnapshot', SAVE_SNAPSHOT_OPTIONS, options);
}
