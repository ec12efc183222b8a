import { Packr } from 'msgpackr';
import type { ByteString } from '../keyspace/byteString.js';
import { valueLength, type Value, type ValueType } from '../keyspace/Value.js';
import type { SortedSet } from '../keyspace/SortedSet.js';
import { CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, RecordKind, TYPE_CODES } from './snapshotFormat.js';

/** The parts of an entry a snapshot stores. */
export interface EncodableEntry {
  readonly db: number;
  readonly key: ByteString;
  readonly type: ValueType;
  readonly value: Value;
  readonly expiresAt: number | null;
}

// Plain msgpack (no record extension): every record decodes on its own, in any reader.
const packr = new Packr({ useRecords: false });

/**
 * Encodes one entry as record payloads (msgpack arrays; the sink adds the length prefix), lazily:
 * the first record carries the key, later ones continue it, and each holds a bounded chunk (at most
 * {@link CHUNK_MAX_ELEMENTS} elements or about {@link CHUNK_MAX_BYTES} bytes; strings are cut into
 * {@link CHUNK_MAX_BYTES} pieces). Pulling one record at a time keeps a huge value from ever being
 * encoded in one go.
 *
 * @example
 * ```ts
 * for (const payload of encodeEntryRecords({ db: 0, key: 'k', type: 'string', value: 'v', expiresAt: null })) sink.appendRecord(payload);
 * ```
 */
export function* encodeEntryRecords(entry: EncodableEntry): Generator<Buffer, void, undefined> {
  let first = true;
  for (const chunk of chunksOf(entry.type, entry.value)) {
    yield packr.pack(first ? keyRecord(entry, chunk) : [RecordKind.chunk, chunk]);
    first = false;
  }
}

function keyRecord(entry: EncodableEntry, chunk: unknown): unknown[] {
  const key = Buffer.from(entry.key, 'latin1');
  return [RecordKind.key, entry.db, key, TYPE_CODES[entry.type], entry.expiresAt, lengthOf(entry.type, entry.value), chunk];
}

/** Declared length: bytes of a string, elements (fields, members) of a collection. */
function lengthOf(type: ValueType, value: Value): number {
  return type === 'string' ? (value as string).length : valueLength(type, value);
}

function chunksOf(type: ValueType, value: Value): Iterable<unknown> {
  switch (type) {
    case 'string':
      return stringPieces(value as string);
    case 'list':
    case 'set':
      return elementChunks(value as Iterable<string>, (member, chunk) => chunk.push(Buffer.from(member, 'latin1')));
    case 'hash':
      return elementChunks(value as Map<string, string>, ([field, item], chunk) => chunk.push(Buffer.from(field, 'latin1'), Buffer.from(item, 'latin1')));
    case 'zset':
      return zsetChunks(value as SortedSet);
  }
}

function* stringPieces(value: string): Generator<Buffer> {
  if (value.length === 0) yield Buffer.alloc(0);
  for (let start = 0; start < value.length; start += CHUNK_MAX_BYTES) {
    yield Buffer.from(value.slice(start, start + CHUNK_MAX_BYTES), 'latin1');
  }
}

/** Groups elements into flat arrays of Buffers; `add` appends one element's Buffers. */
function* elementChunks<T>(elements: Iterable<T>, add: (element: T, chunk: Buffer[]) => void): Generator<Buffer[]> {
  let chunk: Buffer[] = [];
  let count = 0;
  let bytes = 0;
  for (const element of elements) {
    const before = chunk.length;
    add(element, chunk);
    for (let index = before; index < chunk.length; index++) bytes += chunk[index]!.length;
    if (++count >= CHUNK_MAX_ELEMENTS || bytes >= CHUNK_MAX_BYTES) {
      yield chunk;
      chunk = [];
      count = 0;
      bytes = 0;
    }
  }
  if (count > 0) yield chunk;
}

/**
 * Sorted-set chunks are `[members, scores]`: scores as float64 LE bytes, so every double (-0,
 * ±inf) comes back bit-exact, which msgpack's integer packing of whole numbers would not ensure.
 */
function* zsetChunks(value: SortedSet): Generator<[Buffer[], Buffer]> {
  const pairs = elementChunks(value.entries(), ([member], chunk) => chunk.push(Buffer.from(member, 'latin1')));
  // A second iterator walks the same frozen map in step with the first one.
  const scores = value.entries();
  for (const members of pairs) {
    const scoreBytes = Buffer.allocUnsafe(members.length * 8);
    for (let index = 0; index < members.length; index++) scoreBytes.writeDoubleLE(scores.next().value![1], index * 8);
    yield [members, scoreBytes];
  }
}
