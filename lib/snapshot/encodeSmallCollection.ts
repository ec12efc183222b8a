import type { EntryItem } from '../keyspace/IterationItem.js';
import type { SortedSet } from '../keyspace/SortedSet.js';
import { SMALL_STRING_MAX_BYTES, writeArrayHeader, writeBin, writeBinHeader, writeKeyRecordHead, writeUnsigned } from './encodeSmallString.js';
import { CHUNK_MAX_ELEMENTS } from './snapshotFormat.js';

/** The most bytes a small collection's record takes (key, elements and their framing). */
export const SMALL_COLLECTION_RECORD_MAX_BYTES = SMALL_STRING_MAX_BYTES + 64;
/** Bytes a record needs besides its elements: head (with the key), length, array headers. */
const HEAD_BYTES = 32;
/** A bin header for elements of these sizes: 2 or 3 bytes. */
const BIN_HEADER_BYTES = 3;
const SCORE_BYTES = 8;

/**
 * Whether `entry` may be a small collection: a non-empty list, set, hash or sorted set of at most
 * {@link CHUNK_MAX_ELEMENTS} elements (whether its bytes fit is found while writing it).
 *
 * @example
 * ```ts
 * mayBeSmallCollection({ kind: 'entry', db: 0, key: 's', type: 'set', value: new Set(['a']), expiresAt: null }); // true
 * ```
 */
export function mayBeSmallCollection({ type, value }: EntryItem): boolean {
  if (type === 'string') return false;
  const count = type === 'list' ? (value as string[]).length : (value as Set<string> | Map<string, string> | SortedSet).size;
  return count > 0 && count <= CHUNK_MAX_ELEMENTS;
}

/**
 * Writes the key record of a collection {@link mayBeSmallCollection} accepted at `offset` and
 * returns the offset after it, or -1 (the bytes written are then garbage) as soon as the record
 * would pass {@link SMALL_COLLECTION_RECORD_MAX_BYTES}. The record is the one encodeEntryRecords
 * writes for it (its only one), without intermediate arrays, generators and copies; elements are
 * read once.
 *
 * @example
 * ```ts
 * const end = encodeSmallCollection(entry, batch, start); // batch.subarray(start, end) is the payload
 * ```
 */
export function encodeSmallCollection(entry: EntryItem, target: Buffer, offset: number): number {
  const limit = offset + SMALL_COLLECTION_RECORD_MAX_BYTES;
  if (entry.key.length + HEAD_BYTES > SMALL_COLLECTION_RECORD_MAX_BYTES) return -1;
  offset = writeKeyRecordHead(entry, target, offset);
  switch (entry.type) {
    case 'list': {
      const list = entry.value as string[];
      offset = writeArrayHeader(target, writeUnsigned(target, offset, list.length), list.length);
      for (let index = 0; index < list.length; index++) if ((offset = writeElement(target, offset, list[index]!, limit)) < 0) return -1;
      return offset;
    }
    case 'set': {
      const set = entry.value as Set<string>;
      offset = writeArrayHeader(target, writeUnsigned(target, offset, set.size), set.size);
      for (const member of set) if ((offset = writeElement(target, offset, member, limit)) < 0) return -1;
      return offset;
    }
    case 'hash': {
      const hash = entry.value as Map<string, string>;
      offset = writeArrayHeader(target, writeUnsigned(target, offset, hash.size), 2 * hash.size);
      for (const [field, item] of hash) if ((offset = writeElement(target, writeElement(target, offset, field, limit), item, limit)) < 0) return -1;
      return offset;
    }
    default:
      return writeZset(entry.value as SortedSet, target, offset, limit);
  }
}

/** A bin, or -1 if it would pass `limit` (or `offset` is -1 already). */
function writeElement(target: Buffer, offset: number, bytes: string, limit: number): number {
  return offset < 0 || offset + BIN_HEADER_BYTES + bytes.length > limit ? -1 : writeBin(target, offset, bytes);
}

/** `[[member…], bin of little-endian float64 scores]`, as the general encoder's zset chunk. */
function writeZset(zset: SortedSet, target: Buffer, offset: number, limit: number): number {
  const count = zset.size;
  offset = writeUnsigned(target, offset, count);
  target[offset++] = 0x92; // fixarray of 2
  offset = writeArrayHeader(target, offset, count);
  for (const member of zset.members()) if ((offset = writeElement(target, offset, member, limit)) < 0) return -1;
  if (offset + BIN_HEADER_BYTES + count * SCORE_BYTES > limit) return -1;
  offset = writeBinHeader(target, offset, count * SCORE_BYTES);
  for (const [, score] of zset.entries()) offset = target.writeDoubleLE(score, offset);
  return offset;
}
