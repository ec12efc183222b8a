import type { ByteString } from './byteString.js';
import { SortedSet } from './SortedSet.js';

/** The five value types of the keyspace, named as `TYPE` replies them. */
export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset';

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
 * One key's slot in a database.
 *
 * An entry object lives as long as its key: writes mutate it in place, a delete ends it, and a
 * re-created key gets a new entry. Its identity is therefore never recycled while anyone holds it
 * (the trap behind Valkey's RENAME bug, reference §3.8).
 */
export interface Entry {
  type: ValueType;
  value: Value;
  /** Absolute expiry in ms since the epoch, or null for no expiry. */
  expiresAt: number | null;
  /** Insertion sequence: strictly increasing in the order the database map holds its keys. */
  readonly sequence: number;
  /** Keyspace epoch of the last change (see `Keyspace.epoch`). */
  epoch: number;
  /**
   * The value container was handed to an iteration; the next in-place change must clone it first
   * (copy-on-write), so an emitted value never changes.
   */
  shared: boolean;
}

/**
 * A deep copy of a collection value (strings are immutable and returned as is).
 *
 * @example
 * ```ts
 * const copy = cloneValue('hash', entry.value) as Map<string, string>; // independent of the entry
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
