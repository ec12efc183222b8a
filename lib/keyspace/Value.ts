import type { ByteString } from './byteString.js';
import { SortedSet } from './SortedSet.js';

/** The five value types of the keyspace, named as `TYPE` replies them. */
export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset';

/** The four collection types. */
export type CollectionType = Exclude<ValueType, 'string'>;

/** The in-memory value of each type. */
export interface ValueOfType {
  string: ByteString;
  hash: Map<ByteString, ByteString>;
  list: ByteString[];
  set: Set<ByteString>;
  zset: SortedSet;
}

/** A value of any type. */
export type Value = ValueOfType[ValueType];

/**
 * The type of a stored value, read from the value itself: a database holds bare values (no
 * per-key record), so the type costs no memory.
 *
 * @example
 * ```ts
 * typeOfValue(new Set(['a'])); // 'set'
 * ```
 */
export function typeOfValue(value: Value): ValueType {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map) return 'hash';
  if (value instanceof Set) return 'set';
  return 'zset';
}

/**
 * Collection containers handed out by an iteration (or shared between keyspaces by `restore`):
 * they must never change again, so the next in-place write clones them first (copy-on-write).
 * Strings are immutable and never need it.
 */
const sharedContainers = new WeakSet<object>();

/**
 * Freezes a value by copy-on-write: from now on the keyspace clones it before changing it.
 * Returns the value.
 *
 * @example
 * ```ts
 * markShared(list); // an emitted item holds `list`; LPUSH will now work on a copy
 * ```
 */
export function markShared(value: Value): Value {
  if (typeof value !== 'string') sharedContainers.add(value);
  return value;
}

/**
 * Whether a value was shared by {@link markShared}.
 *
 * @example
 * ```ts
 * isShared('text'); // false: strings never need copy-on-write
 * ```
 */
export function isShared(value: Value): boolean {
  return typeof value !== 'string' && sharedContainers.has(value);
}

/**
 * A deep copy of a collection value (strings are immutable and returned as is).
 *
 * @example
 * ```ts
 * const copy = cloneValue('hash', value) as Map<string, string>; // independent of the original
 * ```
 */
export function cloneValue(type: ValueType, value: Value): Value {
  switch (type) {
    case 'string':
      return value;
    case 'hash':
      return new Map(value as Map<ByteString, ByteString>);
    case 'list':
      return (value as ByteString[]).slice();
    case 'set':
      return new Set(value as Set<ByteString>);
    case 'zset':
      return (value as SortedSet).clone();
  }
}

/**
 * Number of elements of a value (1 for a string).
 *
 * @example
 * ```ts
 * valueLength('list', ['a', 'b']); // 2
 * ```
 */
export function valueLength(type: ValueType, value: Value): number {
  switch (type) {
    case 'string':
      return 1;
    case 'list':
      return (value as ByteString[]).length;
    default:
      return (value as Map<unknown, unknown> | Set<unknown> | SortedSet).size;
  }
}
