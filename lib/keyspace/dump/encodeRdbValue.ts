import type { ByteString } from '../byteString.js';
import { valueLength, type Value, type ValueType } from '../Value.js';
import type { SortedSet } from '../SortedSet.js';
import type { RdbOutput } from './RdbOutput.js';
import { FIRST_ELEMENT, type PackedCollection } from '../PackedCollection.js';
import { RdbType } from './rdbTypes.js';

/** Elements written between two steps of {@link rdbValueSteps}. */
const STEP_ELEMENTS = 1024;
/** RDB lengths below this take one byte (the 6-bit form): the byte is the length. */
const RDB_ONE_BYTE_LENGTHS = 64;
/** The longest string Redis tries to store int-encoded. */
const INTEGER_ENCODABLE_LENGTH = 11;

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
  if (writeHead(out, type, value, key)) return;
  const write = elementWriter(out, type);
  for (const element of elementsOf(type, value)) write(element);
}

/**
 * Like {@link writeRdbValue}, one step per ~{@link STEP_ELEMENTS} elements, so a writer can
 * yield to the event loop or wait for a stream to drain inside a huge collection (a value of at
 * most STEP_ELEMENTS elements is written whole with writeRdbValue, without steps).
 *
 * @example
 * ```ts
 * for (const _ of rdbValueSteps(out, entry.type, entry.value)) if (sink.needsDrain) await sink.drained();
 * ```
 */
export function* rdbValueSteps(out: RdbOutput, type: ValueType, value: Value, key: ByteString | null = null): Generator<void, void, undefined> {
  if (writeHead(out, type, value, key)) return;
  const write = elementWriter(out, type);
  let count = 0;
  for (const element of elementsOf(type, value)) {
    write(element);
    if (++count % STEP_ELEMENTS === 0) yield;
  }
}

/**
 * {@link writeRdbValue} of a packed collection, straight from its bytes (the same bytes as for the
 * unpacked value; a sorted set's scores are copied as the 8 little-endian bytes they are stored as).
 *
 * @example
 * ```ts
 * writePackedRdbValue(out, packed, key);
 * ```
 */
export function writePackedRdbValue(out: RdbOutput, packed: PackedCollection, key: ByteString | null = null): void {
  const type = packed.type;
  const data = packed.data;
  out.byte(RDB_TYPE_OF[type]);
  if (key !== null) out.string(key);
  out.length(packed.size);
  if (isRdbVerbatim(packed)) return out.verbatim(data.substring(FIRST_ELEMENT));
  for (let at = FIRST_ELEMENT; at < data.length; at = packed.nextElement(at)) {
    const end = at + 1 + data.charCodeAt(at);
    out.stringPart(data, at + 1, end);
    if (type === 'zset') out.stringPart(data, end, end + 8, false);
  }
}

/**
 * Whether a packed collection's elements (with a sorted set's scores) are, byte for byte, their RDB
 * encoding: each is a length byte and its bytes, as an RDB string below 64 bytes is, unless Redis
 * would int-encode it (a short decimal integer; anything that may be one takes the exact path).
 */
function isRdbVerbatim(packed: PackedCollection): boolean {
  const data = packed.data;
  for (let at = FIRST_ELEMENT; at < data.length; at = packed.nextElement(at)) {
    const length = data.charCodeAt(at);
    if (length >= RDB_ONE_BYTE_LENGTHS || (length <= INTEGER_ENCODABLE_LENGTH && mayBeInteger(data, at + 1, at + 1 + length))) return false;
  }
  return true;
}

/** Whether `data[start, end)` holds only digits after an optional minus sign. */
function mayBeInteger(data: ByteString, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = data.charCodeAt(at);
    if ((code < 0x30 || code > 0x39) && !(code === 0x2d && at === start)) return false;
  }
  return true;
}

/** True if `value` holds at most {@link STEP_ELEMENTS} elements: writeRdbValue writes it in one go. */
export function isSmallRdbValue(type: ValueType, value: Value): boolean {
  return type === 'string' || valueLength(type, value) <= STEP_ELEMENTS;
}

/** Type byte, key, and a string's value or a collection's length; true if the value is complete. */
function writeHead(out: RdbOutput, type: ValueType, value: Value, key: ByteString | null): boolean {
  out.byte(RDB_TYPE_OF[type]);
  if (key !== null) out.string(key);
  if (type === 'string') {
    out.string(value as ByteString);
    return true;
  }
  out.length(valueLength(type, value));
  return false;
}

type Element = ByteString | [ByteString, ByteString] | [ByteString, number];

function elementsOf(type: ValueType, value: Value): Iterable<Element> {
  return type === 'zset' ? (value as SortedSet).entries() : (value as Iterable<Element>);
}

function elementWriter(out: RdbOutput, type: ValueType): (element: Element) => void {
  if (type === 'hash') {
    return (element) => {
      const [field, item] = element as [ByteString, ByteString];
      out.string(field);
      out.string(item);
    };
  }
  if (type === 'zset') {
    return (element) => {
      const [member, score] = element as [ByteString, number];
      out.string(member);
      out.binaryDouble(score);
    };
  }
  return (element) => out.string(element as ByteString);
}
