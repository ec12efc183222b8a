import { ForklessError, type ForklessErrorCode } from '../errors.js';

/**
 * A typed RDB error with the byte offset in its message and `details.offset`, in the same form as
 * the native snapshot's errors.
 *
 * @example
 * ```ts
 * throw rdbError('FORKLESS_ERR_SNAPSHOT_MAGIC', 'not an RDB file (bad magic)', 0);
 * // message: "not an RDB file (bad magic) at byte 0"
 * ```
 */
export function rdbError(code: ForklessErrorCode, what: string, offset: number, details: Record<string, unknown> = {}): ForklessError {
  return new ForklessError(code, `${what} at byte ${offset}`, { ...details, offset });
}
