import { PackedCollection } from './PackedCollection.js';
import { packCollection } from './packCollection.js';
import { typeOfValue, type CollectionType, type Value, type ValueType } from './Value.js';

/** What a database holds under a key: a value, or a small collection packed into one string. */
export type StoredValue = Value | PackedCollection;

/**
 * The type of a stored value, packed or not.
 *
 * @example
 * ```ts
 * typeOfStored(packCollection('set', new Set(['a']))!); // 'set'
 * ```
 */
export function typeOfStored(stored: StoredValue): ValueType {
  if (typeof stored === 'string') return 'string';
  return stored instanceof PackedCollection ? stored.type : typeOfValue(stored);
}

/**
 * The value itself: a packed collection unpacked into a new container, anything else as it is.
 *
 * @example
 * ```ts
 * unpacked(database.get('k')!); // a Map for a hash, whichever way it is stored
 * ```
 */
export function unpacked(stored: StoredValue): Value {
  return typeof stored !== 'string' && stored instanceof PackedCollection ? stored.unpack() : stored;
}

/**
 * The form a database keeps a value in: a small collection packed, anything else as it is.
 *
 * @example
 * ```ts
 * storedForm(['a', 'b']); // a PackedCollection
 * storedForm('text');     // 'text'
 * ```
 */
export function storedForm(value: StoredValue): StoredValue {
  if (typeof value === 'string' || value instanceof PackedCollection) return value;
  return packCollection(typeOfValue(value) as CollectionType, value) ?? value;
}

/**
 * Whether a stored value is an unpacked collection container (one a write may change in place).
 *
 * @example
 * ```ts
 * isContainer(new Map()); // true
 * ```
 */
export function isContainer(stored: StoredValue): stored is Exclude<Value, string> {
  return typeof stored !== 'string' && !(stored instanceof PackedCollection);
}
