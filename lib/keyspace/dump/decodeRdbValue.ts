import type { ByteString } from '../byteString.js';
import type { CollectionType, Value, ValueType } from '../Value.js';
import { PACKED_MAX_ENTRIES, type PackedCollection } from '../PackedCollection.js';
import { PackedCollectionBuilder } from '../PackedCollectionBuilder.js';
import { parseLenientDouble, parsePlainDecimal } from '../parse.js';
import { SortedSet } from '../SortedSet.js';
import type { StoredValue } from '../StoredValue.js';
import { decodeIntset } from './intset.js';
import { decodeListpack } from './listpack.js';
import { packListpack, packRdbStrings } from './packRdbCollection.js';
import { RdbFormatError, RdbUnsupportedTypeError } from './RdbFormatError.js';
import type { RdbReader } from './RdbReader.js';
import { RdbType, UNSUPPORTED_TYPES } from './rdbTypes.js';
import { decodeZiplist } from './ziplist.js';
import { decodeZipmap } from './zipmap.js';

/** A decoded value in the keyspace's representation. */
export interface DecodedValue {
  readonly type: ValueType;
  readonly value: Value;
}

/** A decoded value as the keyspace stores it: a small list, set or hash already packed. */
export interface StoredDecodedValue {
  readonly type: ValueType;
  readonly value: StoredValue;
}

/** Quicklist 2 node containers. */
const PLAIN_NODE = 1;
const PACKED_NODE = 2;

/**
 * Decodes the value that follows a type byte, in every encoding Redis 2.4 to 7.2 writes: plain
 * types, ZSET and ZSET_2, zipmap, ziplists, intset, listpacks, quicklists 1 and 2. `start` (default:
 * the byte before the cursor, the type byte) is the offset errors give. Returns null for
 * an empty collection (Redis skips such keys when loading). Streams, modules and hashes with field
 * expiry throw {@link RdbUnsupportedTypeError}; malformed data {@link RdbFormatError} (duplicates
 * and NaN scores included); running out of bytes `RdbShortInput`.
 *
 * @example
 * ```ts
 * const reader = new RdbReader(payload);
 * const decoded = decodeRdbValue(reader, reader.byte()); // { type: 'hash', value: Map { … } }
 * ```
 */
export function decodeRdbValue(reader: RdbReader, typeByte: number, start = reader.position - 1): DecodedValue | null {
  return decodeGuarded(reader, typeByte, start, false) as DecodedValue | null;
}

/**
 * Like {@link decodeRdbValue}, for a loader: a list, set or hash small enough to be stored packed
 * comes out as its {@link PackedCollection}, built from the elements without a container.
 *
 * @example
 * ```ts
 * const decoded = decodeRdbStoredValue(reader, reader.byte()); // { type: 'hash', value: PackedCollection }
 * ```
 */
export function decodeRdbStoredValue(reader: RdbReader, typeByte: number, start = reader.position - 1): StoredDecodedValue | null {
  return decodeGuarded(reader, typeByte, start, true);
}

function decodeGuarded(reader: RdbReader, typeByte: number, start: number, pack: boolean): StoredDecodedValue | null {
  try {
    return decodeByType(reader, typeByte, start, pack);
  } catch (error) {
    // Blob decoders know only offsets inside their blob: report the value's start.
    if (error instanceof RdbFormatError && error.offset === null) throw new RdbFormatError(error.message, start);
    throw error;
  }
}

function decodeByType(reader: RdbReader, typeByte: number, start: number, pack: boolean): StoredDecodedValue | null {
  switch (typeByte) {
    case RdbType.string:
      return { type: 'string', value: reader.string() };
    case RdbType.list:
      return plainStrings(reader, 'list', reader.length(), pack, (elements) => list(elements, pack));
    case RdbType.set:
      return plainStrings(reader, 'set', reader.length(), pack, (members) => set(members, pack));
    case RdbType.setIntset:
      reader.blob();
      return set(decodeIntset(reader.blobBytes, reader.blobStart, reader.blobEnd), pack);
    case RdbType.setListpack:
      return listpackValue(reader, 'set', pack, (members) => set(members, pack));
    case RdbType.zset:
    case RdbType.zset2:
      return zsetOf(reader, typeByte === RdbType.zset2);
    case RdbType.zsetZiplist:
      return zsetOfText(decodeZiplist(reader.stringBytes()));
    case RdbType.zsetListpack:
      return listpackValue(reader, 'zset', pack, zsetOfText);
    case RdbType.hash:
      return plainStrings(reader, 'hash', reader.length() * 2, pack, (flat) => hash(flat, pack));
    case RdbType.hashZipmap:
      return hash(decodeZipmap(reader.stringBytes()), pack);
    case RdbType.hashZiplist:
      return hash(decodeZiplist(reader.stringBytes()), pack);
    case RdbType.hashListpack:
      return listpackValue(reader, 'hash', pack, (flat) => hash(flat, pack));
    case RdbType.listZiplist:
      return list(decodeZiplist(reader.stringBytes()), pack);
    case RdbType.listQuicklist:
      return list(repeat(reader, reader.length(), () => decodeZiplist(reader.stringBytes())).flat(), pack);
    case RdbType.listQuicklist2:
      return quicklist2(reader, pack);
  }
  const unsupported = UNSUPPORTED_TYPES.get(typeByte);
  if (unsupported !== undefined) throw new RdbUnsupportedTypeError(unsupported, typeByte, start);
  throw new RdbFormatError(`unknown value type ${typeByte}`, start);
}

/** Calls `read` `count` times; each call consumes at least one byte, so a huge count fails by running out. */
function times(reader: RdbReader, count: number, read: () => void): void {
  for (let index = 0; index < count; index++) {
    reader.needItems(count - index);
    read();
  }
}

/** The results of `count` calls of `read` (see {@link times}). */
function repeat<T>(reader: RdbReader, count: number, read: () => T): T[] {
  const items: T[] = [];
  times(reader, count, () => items.push(read()));
  return items;
}

/** The entries of the listpack blob at the cursor, read in place. */
function listpack(reader: RdbReader): ByteString[] {
  reader.blob();
  return decodeListpack(reader.blobBytes, reader.blobStart, reader.blobEnd);
}

/**
 * `count` RDB strings at the cursor, as a collection of `type`: packed straight from their bytes
 * when the loader asks for packing and it is stored packed (see `packRdbStrings`), else `decode`
 * of the strings.
 */
function plainStrings(
  reader: RdbReader,
  type: 'list' | 'set' | 'hash',
  count: number,
  pack: boolean,
  decode: (elements: ByteString[]) => StoredDecodedValue | null,
): StoredDecodedValue | null {
  const packed = pack ? packRdbStrings(reader, type, count) : null;
  return packed === null ? decode(repeat(reader, count, () => reader.string())) : { type, value: packed };
}

/**
 * The listpack blob at the cursor, as a collection of `type`: packed straight from its bytes when
 * the loader asks for packing and it is stored packed, else `decode` of its entries.
 */
function listpackValue(reader: RdbReader, type: CollectionType, pack: boolean, decode: (entries: ByteString[]) => StoredDecodedValue | null): StoredDecodedValue | null {
  reader.blob();
  const { blobBytes, blobStart, blobEnd } = reader;
  const packed = pack ? packListpack(type, blobBytes, blobStart, blobEnd) : null;
  return packed === null ? decode(decodeListpack(blobBytes, blobStart, blobEnd)) : { type, value: packed };
}

/** A quicklist 2: a small list (one listpack node) packed straight from its bytes when loading. */
function quicklist2(reader: RdbReader, pack: boolean): StoredDecodedValue | null {
  const nodes = reader.length();
  const firstNode = reader.position;
  if (pack && nodes === 1 && reader.length() === PACKED_NODE) return listpackValue(reader, 'list', pack, (elements) => list(elements, pack));
  reader.position = firstNode;
  return list(joined(repeat(reader, nodes, () => quicklistNode(reader))), pack);
}

/** The elements of quicklist nodes in one array (a single node's own array: the usual small list). */
function joined(nodes: ByteString[][]): ByteString[] {
  return nodes.length === 1 ? nodes[0]! : nodes.flat();
}

function quicklistNode(reader: RdbReader): ByteString[] {
  const at = reader.position;
  const container = reader.length();
  if (container === PLAIN_NODE) return [reader.string()];
  if (container !== PACKED_NODE) throw new RdbFormatError(`unknown quicklist node container ${container}`, at);
  return listpack(reader);
}

function zsetOf(reader: RdbReader, binary: boolean): DecodedValue | null {
  const value = new SortedSet();
  const count = reader.length();
  times(reader, count, () => addScored(value, reader.string(), binary ? reader.binaryDouble() : reader.textDouble()));
  return zset(value, count);
}

/** A ziplist/listpack sorted set: `member, score` entries, the score as text (strtod, as Redis reads it). */
function zsetOfText(entries: ByteString[]): DecodedValue | null {
  if (entries.length % 2 !== 0) throw new RdbFormatError('sorted set with an odd number of entries');
  const value = new SortedSet();
  for (let index = 0; index < entries.length; index += 2) {
    const text = entries[index + 1]!;
    const score = parsePlainDecimal(text) ?? parseLenientDouble(text);
    if (score === undefined) throw new RdbFormatError(`unreadable score ${JSON.stringify(text)}`);
    addScored(value, entries[index]!, score);
  }
  return zset(value, entries.length / 2);
}

function addScored(value: SortedSet, member: ByteString, score: number): void {
  if (Number.isNaN(score)) throw new RdbFormatError('sorted set score is NaN');
  value.set(member, score);
}

function list(elements: ByteString[], pack: boolean): StoredDecodedValue | null {
  if (elements.length === 0) return null;
  return { type: 'list', value: (pack && packed('list', elements, elements.length)) || elements };
}

function set(members: ByteString[], pack: boolean): StoredDecodedValue | null {
  const small = pack ? packed('set', members, members.length) : null;
  if (small !== null) return { type: 'set', value: small };
  const value = new Set<ByteString>();
  for (const member of members) value.add(member);
  if (value.size !== members.length) throw new RdbFormatError('duplicate set member');
  return members.length === 0 ? null : { type: 'set', value };
}

function hash(flat: ByteString[], pack: boolean): StoredDecodedValue | null {
  if (flat.length % 2 !== 0) throw new RdbFormatError('hash with an odd number of entries');
  const small = pack ? packed('hash', flat, flat.length / 2) : null;
  if (small !== null) return { type: 'hash', value: small };
  const value = new Map<ByteString, ByteString>();
  for (let index = 0; index < flat.length; index += 2) value.set(flat[index]!, flat[index + 1]!);
  if (value.size * 2 !== flat.length) throw new RdbFormatError('duplicate hash field');
  return value.size === 0 ? null : { type: 'hash', value };
}

/** `count` members were added to `value`: fewer there means a duplicate. */
function zset(value: SortedSet, count: number): DecodedValue | null {
  if (value.size !== count) throw new RdbFormatError('duplicate sorted set member');
  return count === 0 ? null : { type: 'zset', value };
}

const builder = new PackedCollectionBuilder();

/**
 * `elements` (a hash's fields and values in turn) packed, if the collection is stored packed (1 to
 * {@link PACKED_MAX_ENTRIES} entries, none too long), else null. A member or field twice is the
 * error the container path gives.
 */
function packed(type: 'list' | 'set' | 'hash', elements: ByteString[], entries: number): PackedCollection | null {
  if (entries === 0 || entries > PACKED_MAX_ENTRIES) return null;
  builder.start(type);
  for (const element of elements) if (!builder.addString(element)) return null;
  if (builder.hasDuplicates()) throw new RdbFormatError(type === 'set' ? 'duplicate set member' : 'duplicate hash field');
  return builder.finish();
}
