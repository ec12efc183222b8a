import { ForklessError } from '../errors.js';

/** Options of slot migrations (per node). */
export interface MigrationOptions {
  /** Elements per command when a collection is sent in pieces (default 512). */
  chunkSize?: number;
  /** The handoff starts once at most this many sent commands are unanswered (default 64). */
  catchUpCommands?: number;
  /** The snapshot's cursor waits while more commands than this are unanswered (default 20000). */
  maxUnanswered?: number;
  /** Longest time writes to the migrating slots stay paused before the handoff is given up (default 2000 ms). */
  pauseTimeoutMs?: number;
  /** Longest wait for any one reply of the target outside the pause (default 10000 ms). */
  stageTimeoutMs?: number;
  /** Finished jobs kept for CLUSTER GETSLOTMIGRATIONS (default 32, Valkey's cluster-slot-migration-log-max-len). */
  logLength?: number;
}

const DEFAULTS: Required<MigrationOptions> = { chunkSize: 512, catchUpCommands: 64, pauseTimeoutMs: 2000, stageTimeoutMs: 10_000, logLength: 32, maxUnanswered: 20_000 };

/**
 * Fills in defaults and rejects bad values with FORKLESS_ERR_INVALID_OPTION naming the option,
 * the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeMigrationOptions({ chunkSize: 128 }).pauseTimeoutMs; // 2000
 * ```
 */
export function normalizeMigrationOptions(options: MigrationOptions = {}): Required<MigrationOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([name, value]) => value !== undefined && name in DEFAULTS));
  const normalized = { ...DEFAULTS, ...given } as Required<MigrationOptions>;
  for (const [name, value] of Object.entries(normalized)) {
    const minimum = name === 'catchUpCommands' ? 0 : 1;
    if (!Number.isInteger(value) || (value as number) < minimum) {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `${name} must be an integer >= ${minimum}, got ${String(value)}`, { option: name, value });
    }
  }
  return normalized;
}
