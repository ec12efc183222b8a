import type { ByteString } from '../keyspace/byteString.js';
import type { Entry } from '../keyspace/Entry.js';
import type { Keyspace } from '../keyspace/Keyspace.js';

/**
 * Reads a key's entry without side effects (no lazy expiry, no propagation), as Redis's WATCH and
 * MEMORY USAGE look at the dictionary. An expired entry is returned as it is; the caller decides.
 *
 * @example
 * ```ts
 * const entry = peekKey(keyspace, 0, 'k');
 * const expired = entry?.expiresAt != null && entry.expiresAt < keyspace.clock();
 * ```
 */
export function peekKey(keyspace: Keyspace, db: number, key: ByteString): Readonly<Entry> | undefined {
  return keyspace.databases[db]?.entries.get(key);
}

/**
 * True when the entry exists but its expiry has passed at `now`.
 *
 * @example
 * ```ts
 * isExpired(peekKey(keyspace, 0, 'k'), keyspace.clock());
 * ```
 */
export function isExpired(entry: Readonly<Entry> | undefined, now: number): boolean {
  return entry !== undefined && entry.expiresAt !== null && entry.expiresAt < now;
}
