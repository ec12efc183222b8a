import type { ByteString } from '../keyspace/byteString.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { ValueType } from '../keyspace/Value.js';
import { typeOfStored, type StoredValue } from '../keyspace/StoredValue.js';

/** A key as the server peeks at it: type, value as stored (a small collection packed) and expiry. */
export interface PeekedKey {
  readonly type: ValueType;
  readonly stored: StoredValue;
  readonly expiresAt: number | null;
}

/**
 * Reads a key without side effects (no lazy expiry, no propagation), as Redis's WATCH and
 * MEMORY USAGE look at the dictionary. An expired key is returned as it is; the caller decides.
 *
 * @example
 * ```ts
 * const key = peekKey(keyspace, 0, 'k');
 * const expired = isExpired(key, keyspace.clock());
 * ```
 */
export function peekKey(keyspace: Keyspace, db: number, key: ByteString): PeekedKey | undefined {
  const database = keyspace.databases[db];
  const stored = database?.get(key);
  return stored === undefined ? undefined : { type: typeOfStored(stored), stored, expiresAt: database!.expiryOf(key) };
}

/** True when the key exists but its expiry has passed at `now`. */
export function isExpired(key: PeekedKey | undefined, now: number): boolean {
  return key !== undefined && key.expiresAt !== null && key.expiresAt < now;
}
