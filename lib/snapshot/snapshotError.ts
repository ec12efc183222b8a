import { ForklessError, type ForklessErrorCode } from '../errors.js';

/**
 * A {@link ForklessError} about a snapshot file: names what is wrong and the byte offset where it
 * was found (`details.offset`), so a corrupt file can be examined with a hex dump.
 *
 * @example
 * ```ts
 * throw snapshotError('FORKLESS_ERR_SNAPSHOT_MAGIC', 'not a forkless snapshot (bad magic)', 0);
 * // message: "not a forkless snapshot (bad magic) at byte 0"
 * ```
 */
export function snapshotError(code: ForklessErrorCode, what: string, offset: number, details: Record<string, unknown> = {}): ForklessError {
  return new ForklessError(code, `${what} at byte ${offset}`, { ...details, offset });
}
