import type { ByteString } from '../keyspace/byteString.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { typeOfValue, type Value, type ValueType } from '../keyspace/Value.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';
import { unpacked } from '../keyspace/StoredValue.js';

/** A key as the server peeks at it: type, value and expiry. */
export interface PeekedKey {
  readonly type: ValueType;
  readonly value: Value;
  readonly expiresAt: number | null;
  /** Bytes of the packed form a small collection is stored in, or null (stored as a container). */
  readonly packedBytes: number | null;
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
  if (stored === undefined) return undefined;
  const packedBytes = typeof stored !== 'string' && stored instanceof PackedCollection ? stored.data.length : null;
  const value = unpacked(stored);
  return { type: typeOfValue(value), value, expiresAt: database!.expiryOf(key), packedBytes };
}

/** True when the key exists but its expiry has passed at `now`. */
export function isExpired(key: PeekedKey | undefined, now: number): boolean {
  return key !== undefined && key.expiresAt !== null && key.expiresAt < now;
}
