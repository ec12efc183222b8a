import type { PackedEntryItem } from '../keyspace/IterationItem.js';
import { SMALL_COLLECTION_RECORD_MAX_BYTES } from './encodeSmallCollection.js';
import { writeBin, writeKeyRecordHead, writeUnsigned } from './encodeSmallString.js';

/** Bytes a record needs besides the key and the packed bytes: head, length, bin header. */
const HEAD_BYTES = 32;

/**
 * Whether a packed entry's record fits {@link SMALL_COLLECTION_RECORD_MAX_BYTES} (its bytes
 * always do; a long key may not, and then the entry is unpacked for the general encoder).
 *
 * @example
 * ```ts
 * if (fitsPackedRecord(item)) sink.appendRecordInPlace(SMALL_COLLECTION_RECORD_MAX_BYTES, (t, o) => encodePackedCollection(item, t, o));
 * ```
 */
export function fitsPackedRecord({ key, value }: PackedEntryItem): boolean {
  return key.length + HEAD_BYTES + value.data.length <= SMALL_COLLECTION_RECORD_MAX_BYTES;
}

/**
 * Writes the key record of a packed collection at `offset` and returns the offset after it:
 * `[1, db, key, type, expiresAt, entries, packed]`, the chunk being the collection's packed bytes
 * as one bin (format version 2), written by one native call.
 *
 * @example
 * ```ts
 * const end = encodePackedCollection(item, batch, start); // batch.subarray(start, end) is the record
 * ```
 */
export function encodePackedCollection(item: PackedEntryItem, target: Buffer, offset: number): number {
  const packed = item.value;
  offset = writeUnsigned(target, writeKeyRecordHead(item, target, offset), packed.size);
  return writeBin(target, offset, packed.data);
}
