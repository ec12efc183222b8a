/**
 * A command line that cannot run: the CLI prints its message as one line and exits 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--keys must be a non-negative integer (got -5)');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
