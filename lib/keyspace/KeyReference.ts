import type { ByteString } from './byteString.js';

/**
 * A key a command touches, resolved to its database.
 *
 * @example
 * ```ts
 * const written: KeyReference = { db: 0, key: 'counter', write: true };
 * ```
 */
export interface KeyReference {
  readonly db: number;
  readonly key: ByteString;
  /** The command may change or delete this key (otherwise it only reads it). */
  readonly write: boolean;
}

/** Finds the keys of a command without running it. */
export type KeySpecification = (argv: readonly ByteString[], db: number) => KeyReference[];
