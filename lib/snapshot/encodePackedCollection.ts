import type { PackedEntryItem } from '../keyspace/IterationItem.js';
import { SMALL_COLLECTION_RECORD_MAX_BYTES } from './encodeSmallCollection.js';
import { writeArrayHeader, writeBinHeader, writeKeyRecordHead, writeUnsigned } from './encodeSmallString.js';

/** Bytes a record needs besides the key and the elements' bytes: head, length, array headers. */
const HEAD_BYTES = 32;
/** A bin8 header per element, for elements of at most 64 bytes. */
const BIN_HEADER_BYTES = 2;

/**
 * Whether a packed entry's record fits {@link SMALL_COLLECTION_RECORD_MAX_BYTES} (its elements
 * always do; a long key may not, and then the entry is unpacked for the general encoder).
 *
 * @example
 * ```ts
 * if (fitsPackedRecord(item)) sink.appendRecordInPlace(SMALL_COLLECTION_RECORD_MAX_BYTES, (t, o) => encodePackedCollection(item, t, o));
 * ```
 */
export function fitsPackedRecord({ key, value }: PackedEntryItem): boolean {
  return key.length + HEAD_BYTES + BIN_HEADER_BYTES * value.data.length <= SMALL_COLLECTION_RECORD_MAX_BYTES;
}

/**
 * Writes the key record of a packed collection at `offset` straight from its bytes and returns
 * the offset after it: the same bytes encodeSmallCollection writes for the unpacked value, with no
 * container, element string or tuple on the way.
 *
 * @example
 * ```ts
 * const end = encodePackedCollection(item, batch, start); // batch.subarray(start, end) is the record
 * ```
 */
export function encodePackedCollection(item: PackedEntryItem, target: Buffer, offset: number): number {
  const packed = item.value;
  const data = packed.data;
  const count = packed.size;
  offset = writeUnsigned(target, writeKeyRecordHead(item, target, offset), count);
  if (item.type === 'zset') target[offset++] = 0x92; // [members, scores]
  offset = writeArrayHeader(target, offset, item.type === 'hash' ? 2 * count : count);
  packed.forEachElement((start, end) => {
    offset = writeBinHeader(target, offset, end - start);
    for (let at = start; at < end; at++) target[offset++] = data.charCodeAt(at);
  });
  if (item.type !== 'zset') return offset;
  offset = writeBinHeader(target, offset, 8 * count);
  packed.forEachElement((_start, end) => {
    for (let at = end; at < end + 8; at++) target[offset++] = data.charCodeAt(at);
  });
  return offset;
}
