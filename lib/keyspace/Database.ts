import type { ByteString } from './byteString.js';
import type { Entry } from './Entry.js';

/**
 * One numbered database: a map from key to entry.
 *
 * FLUSHDB replaces a database object with a new one instead of clearing it, and SWAPDB swaps the
 * objects between indices. An iteration that holds a database object therefore keeps reading the
 * data it started on, in O(1) for the writer.
 *
 * @example
 * ```ts
 * keyspace.databases[0].entries.size; // keys in db 0, expired-but-present ones included
 * ```
 */
export class Database {
  readonly entries = new Map<ByteString, Entry>();
  /** Keys that carry an expiry, for the active expiry cycle. */
  readonly volatileKeys = new Set<ByteString>();
  /** False once FLUSHDB/FLUSHALL replaced this database. */
  live = true;

  /** @param index the index this database currently has; SWAPDB changes it. */
  constructor(public index: number) {}
}
