import type { ByteString } from '../byteString.js';
import type { Value, ValueType } from '../Value.js';
import type { SortedSet } from '../SortedSet.js';
import type { RdbOutput } from './RdbOutput.js';
import { RdbType } from './rdbTypes.js';

/** Elements written between two steps of {@link rdbValueSteps}. */
const STEP_ELEMENTS = 1024;

/** The plain RDB type each value type is written as (zsets as ZSET_2, binary scores). */
export const RDB_TYPE_OF: Readonly<Record<ValueType, number>> = {
  string: RdbType.string,
  list: RdbType.list,
  set: RdbType.set,
  hash: RdbType.hash,
  zset: RdbType.zset2,
};

/**
 * Writes a value's type byte, then `key` if given (an RDB file's key record is type, key, value),
 * then the plain encoding (string 0, list 1, set 2, hash 4, zset 5): the form every Redis from 5.0
 * on and Valkey load, and the DUMP payload body (without key).
 *
 * @example
 * ```ts
 * writeRdbValue(out, 'list', ['a', 'b']); // 0x01, length 2, 'a', 'b'
 * ```
 */
export function writeRdbValue(out: RdbOutput, type: ValueType, value: Value, key: ByteString | null = null): void {
  const steps = rdbValueSteps(out, type, value, key);
  while (steps.next().done !== true);
}

/**
 * Like {@link writeRdbValue}, one step per ~{@link STEP_ELEMENTS} elements, so a writer can
 * yield to the event loop or wait for a stream to drain inside a huge collection.
 *
 * @example
 * ```ts
 * for (const _ of rdbValueSteps(out, entry.type, entry.value)) if (sink.needsDrain) await sink.drained();
 * ```
 */
export function* rdbValueSteps(out: RdbOutput, type: ValueType, value: Value, key: ByteString | null = null): Generator<void, void, undefined> {
  out.byte(RDB_TYPE_OF[type]);
  if (key !== null) out.string(key);
  switch (type) {
    case 'string':
      out.string(value as ByteString);
      return;
    case 'list':
    case 'set': {
      const elements = value as ByteString[] | Set<ByteString>;
      out.length(Array.isArray(elements) ? elements.length : elements.size);
      yield* steps(elements, (element) => out.string(element));
      return;
    }
    case 'hash':
      out.length((value as Map<ByteString, ByteString>).size);
      yield* steps(value as Map<ByteString, ByteString>, ([field, item]) => (out.string(field), out.string(item)));
      return;
    case 'zset':
      out.length((value as SortedSet).size);
      yield* steps((value as SortedSet).entries(), ([member, score]) => (out.string(member), out.binaryDouble(score)));
      return;
  }
}

function* steps<T>(elements: Iterable<T>, write: (element: T) => void): Generator<void, void, undefined> {
  let count = 0;
  for (const element of elements) {
    write(element);
    if (++count % STEP_ELEMENTS === 0) yield;
  }
}
