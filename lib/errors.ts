/**
 * Typed errors with stable codes.
 *
 * Every failure that is not a command reply error carries a `code` of the form
 * `FORKLESS_ERR_…`; the README lists them all in one table.
 *
 * @example
 * ```ts
 * try { await loadSnapshot('dump.fkl') }
 * catch (error) { if (isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_CHECKSUM')) … }
 * ```
 */
export type ForklessErrorCode =
  | 'FORKLESS_ERR_INVALID_OPTION'
  | 'FORKLESS_ERR_ITERATION_CLOSED'
  | 'FORKLESS_ERR_SNAPSHOT_TRUNCATED'
  | 'FORKLESS_ERR_SNAPSHOT_MAGIC'
  | 'FORKLESS_ERR_SNAPSHOT_VERSION'
  | 'FORKLESS_ERR_SNAPSHOT_CHECKSUM'
  | 'FORKLESS_ERR_SNAPSHOT_RECORD'
  | 'FORKLESS_ERR_SNAPSHOT_IO'
  | 'FORKLESS_ERR_SNAPSHOT_HEADER'
  | 'FORKLESS_ERR_SNAPSHOT_DATABASES'
  | 'FORKLESS_ERR_SNAPSHOT_OFFSET'
  | 'FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE'
  | 'FORKLESS_ERR_PROTOCOL'
  | 'FORKLESS_ERR_UNAUTHORIZED'
  | 'FORKLESS_ERR_OUTPUT_LIMIT'
  | 'FORKLESS_ERR_SYNC_FAILED'
  | 'FORKLESS_ERR_PROTOCOL_VERSION'
  | 'FORKLESS_ERR_MESSAGE_TOO_LARGE'
  | 'FORKLESS_ERR_TIMEOUT'
  | 'FORKLESS_ERR_CLOSED'
  | 'FORKLESS_ERR_MIGRATION_FAILED'
  | 'FORKLESS_ERR_MIGRATION_CANCELLED';

/**
 * An error with a stable, documented `code`.
 *
 * @example
 * ```ts
 * throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', 'batchSize must be a positive integer', { batchSize: 0 });
 * ```
 */
export class ForklessError extends Error {
  override readonly name = 'ForklessError';
  constructor(
    readonly code: ForklessErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * True when `error` is a {@link ForklessError}, optionally with the given code.
 *
 * @example
 * ```ts
 * loadSnapshot(path).catch((error) => isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_TRUNCATED') && console.warn(error.details.offset));
 * ```
 */
export function isForklessError(error: unknown, code?: ForklessErrorCode): error is ForklessError {
  return error instanceof ForklessError && (code === undefined || error.code === code);
}
