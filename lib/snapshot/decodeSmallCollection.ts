import { PACKED_MAX_ENTRIES, type PackedCollection } from '../keyspace/PackedCollection.js';
import { PackedCollectionBuilder } from '../keyspace/PackedCollectionBuilder.js';
import type { CollectionType } from '../keyspace/Value.js';
import type { MsgpackReader } from './MsgpackReader.js';
import { readKeyRecordHead } from './readKeyRecordHead.js';
import { TYPES_BY_CODE } from './snapshotFormat.js';

/** A small collection's key record, read in place into its packed form. */
export interface SmallCollectionRecord {
  readonly db: number;
  readonly key: string;
  readonly type: CollectionType;
  readonly value: PackedCollection;
  readonly expiresAt: number | null;
}

const builder = new PackedCollectionBuilder();
/** Start and end of each member of a sorted-set record, read before its scores. */
const memberBounds = new Int32Array(2 * PACKED_MAX_ENTRIES);

/**
 * Reads the one record of a collection small enough to be stored packed, bytes `[start, end)`,
 * straight into a {@link PackedCollection}: `[1, db, key, type, expiresAt, entries, packed]` as
 * encodePackedCollection writes it (format version 2: the packed bytes checked and read with one
 * copy), or `[1, db, key, type, expiresAt, length, elements]` as encodeSmallCollection writes it
 * (elements copied byte for byte). No string, container or Buffer view per element either way.
 * Returns undefined for anything else (a bigger collection, another shape, a duplicate member, a
 * NaN score, a packed chunk where `packedChunks` is false), which the general decoder then reads
 * or refuses. A caller that already read the record's head (`readKeyRecordHead`) passes it as `head`.
 *
 * @example
 * ```ts
 * const record = decodeSmallCollection(chunk, start, end) ?? assembleWithMsgpack(chunk.subarray(start, end));
 * ```
 */
export function decodeSmallCollection(
  bytes: Buffer,
  start = 0,
  end = bytes.length,
  head = readKeyRecordHead(bytes, start, end),
  packedChunks = true,
): SmallCollectionRecord | undefined {
  const type = head === undefined ? undefined : TYPES_BY_CODE[head.typeCode];
  if (head === undefined || type === undefined || type === 'string' || head.length === 0 || head.length > PACKED_MAX_ENTRIES) return undefined;
  const marker = bytes[head.reader.position];
  const value =
    packedChunks && (marker === 0xc4 || marker === 0xc5) ? readPackedChunk(bytes, head.reader, type, head.length) : readElementChunk(bytes, head.reader, end, type, head.length);
  if (value === undefined || !head.reader.atEnd) return undefined;
  return { db: head.db, key: head.key, type, value, expiresAt: head.expiresAt };
}

/** A bin of packed bytes of `type` holding `entries` entries. */
function readPackedChunk(bytes: Buffer, reader: MsgpackReader, type: CollectionType, entries: number): PackedCollection | undefined {
  const start = reader.binBytes();
  const packed = start < 0 ? null : builder.checkBytes(bytes, start, reader.position);
  return packed !== null && builder.holds(type, entries) ? packed : undefined;
}

/** The array chunk of a record as encodeSmallCollection writes it, `length` entries of `type`. */
function readElementChunk(bytes: Buffer, reader: MsgpackReader, end: number, type: CollectionType, length: number): PackedCollection | undefined {
  builder.start(type);
  const read = type === 'zset' ? readScoredMembers(bytes, reader, length) : readElements(bytes, reader, end, type === 'hash' ? 2 * length : length);
  return read && !builder.hasDuplicates() ? builder.finish() : undefined;
}

/**
 * `[bin8…]` of exactly `count` elements, ending by `end`: one loop over the run (`0xc4`, a length
 * byte, the bytes), with no reader call per element. A bin16 or bin32 element, which a writer
 * uses only above 255 bytes, is left to the general decoder.
 */
function readElements(payload: Buffer, reader: MsgpackReader, end: number, count: number): boolean {
  if (reader.arrayLength() !== count) return false;
  let position = reader.position;
  for (let index = 0; index < count; index++) {
    if (position + 2 > end || payload[position] !== 0xc4) return false;
    const next = position + 2 + payload[position + 1]!;
    if (next > end || !builder.addBytes(payload, position + 2, next)) return false;
    position = next;
  }
  reader.position = position;
  return true;
}

/** `[[member…], scores]` of exactly `count` members, scores as float64 LE bytes. */
function readScoredMembers(payload: Buffer, reader: MsgpackReader, count: number): boolean {
  if (reader.arrayLength() !== 2 || reader.arrayLength() !== count) return false;
  for (let index = 0; index < count; index++) {
    const start = reader.binBytes();
    if (start < 0) return false;
    memberBounds[2 * index] = start;
    memberBounds[2 * index + 1] = reader.position;
  }
  const scores = reader.binBytes();
  if (scores < 0 || reader.position - scores !== 8 * count) return false;
  for (let index = 0; index < count; index++) {
    const score = payload.readDoubleLE(scores + 8 * index);
    if (Number.isNaN(score) || !builder.addBytes(payload, memberBounds[2 * index]!, memberBounds[2 * index + 1]!)) return false;
    builder.addScore(score);
  }
  return true;
}
