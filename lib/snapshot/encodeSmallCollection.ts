import type { EntryItem } from '../keyspace/IterationItem.js';
import type { SortedSet } from '../keyspace/SortedSet.js';
import { SMALL_STRING_MAX_BYTES, writeBin, writeKeyRecordHead, writeUnsigned } from './encodeSmallString.js';
import { CHUNK_MAX_ELEMENTS } from './snapshotFormat.js';

/** Fixed bytes of a key record around its elements: head, length, array headers, zset score bin header. */
const RECORD_OVERHEAD_BYTES = 48;
/** Bytes of one element besides its own: a bin header (up to 3 bytes for these sizes) and, for a zset, its score. */
const ELEMENT_OVERHEAD_BYTES = 3;
const SCORE_BYTES = 8;

/**
 * The most bytes {@link encodeSmallCollection} writes for `entry`, or null if it is not a small
 * collection: a non-empty list, set, hash or sorted set of at most {@link CHUNK_MAX_ELEMENTS}
 * elements whose key and elements hold at most {@link SMALL_STRING_MAX_BYTES} bytes, which
 * encodeEntryRecords would write as one key record.
 *
 * @example
 * ```ts
 * smallCollectionBytes({ kind: 'entry', db: 0, key: 's', type: 'set', value: new Set(['a']), expiresAt: null }); // 57
 * ```
 */
export function smallCollectionBytes(entry: EntryItem): number | null {
  const { type, value } = entry;
  if (type === 'string') return null;
  const count = type === 'list' ? (value as string[]).length : (value as Set<string> | Map<string, string> | SortedSet).size;
  if (count === 0 || count > CHUNK_MAX_ELEMENTS) return null;
  let bytes = entry.key.length;
  if (type === 'list' || type === 'set') for (const element of value as Iterable<string>) bytes += element.length;
  else if (type === 'hash') for (const [field, item] of value as Map<string, string>) bytes += field.length + item.length;
  else for (const [member] of (value as SortedSet).entries()) bytes += member.length;
  if (bytes > SMALL_STRING_MAX_BYTES) return null;
  const elements = type === 'hash' ? 2 * count : count;
  return RECORD_OVERHEAD_BYTES + bytes + elements * ELEMENT_OVERHEAD_BYTES + (type === 'zset' ? count * SCORE_BYTES : 0);
}

/**
 * Writes the key record of a small collection (see {@link smallCollectionBytes}) at `offset` and
 * returns the offset after it: the record encodeEntryRecords writes for it (its only one), without
 * its intermediate arrays, generators and copies.
 *
 * @example
 * ```ts
 * const end = encodeSmallCollection(entry, batch, start); // batch.subarray(start, end) is the payload
 * ```
 */
export function encodeSmallCollection(entry: EntryItem, target: Buffer, offset: number): number {
  offset = writeKeyRecordHead(entry, target, offset);
  switch (entry.type) {
    case 'list':
    case 'set': {
      const elements = entry.value as string[] | Set<string>;
      const count = Array.isArray(elements) ? elements.length : elements.size;
      offset = writeArrayHeader(target, writeUnsigned(target, offset, count), count);
      for (const element of elements) offset = writeBin(target, offset, element);
      return offset;
    }
    case 'hash': {
      const hash = entry.value as Map<string, string>;
      offset = writeArrayHeader(target, writeUnsigned(target, offset, hash.size), 2 * hash.size);
      for (const [field, item] of hash) offset = writeBin(target, writeBin(target, offset, field), item);
      return offset;
    }
    default:
      return writeZset(entry.value as SortedSet, target, offset);
  }
}

/** `[[member…], bin of little-endian float64 scores]`, as the general encoder's zset chunk. */
function writeZset(zset: SortedSet, target: Buffer, offset: number): number {
  const count = zset.size;
  offset = writeUnsigned(target, offset, count);
  target[offset++] = 0x92; // fixarray of 2
  offset = writeArrayHeader(target, offset, count);
  for (const [member] of zset.entries()) offset = writeBin(target, offset, member);
  offset = binHeader(target, offset, count * SCORE_BYTES);
  for (const [, score] of zset.entries()) offset = target.writeDoubleLE(score, offset);
  return offset;
}

function writeArrayHeader(target: Buffer, offset: number, count: number): number {
  if (count < 16) {
    target[offset] = 0x90 | count;
    return offset + 1;
  }
  target[offset] = 0xdc;
  return target.writeUInt16BE(count, offset + 1);
}

function binHeader(target: Buffer, offset: number, count: number): number {
  if (count < 0x100) {
    target[offset] = 0xc4;
    target[offset + 1] = count;
    return offset + 2;
  }
  target[offset] = 0xc5;
  return target.writeUInt16BE(count, offset + 1);
}
