import type { EntryItem } from '../keyspace/IterationItem.js';
import { RecordKind, TYPE_CODES } from './snapshotFormat.js';

/** Strings whose key and value together stay under this are written in place, without allocating. */
export const SMALL_STRING_MAX_BYTES = 16 * 1024;

/** Worst-case encoded size of a small string record (headers of every field included). */
export const SMALL_STRING_RECORD_MAX_BYTES = SMALL_STRING_MAX_BYTES + 32;

/** True when `entry` takes the allocation-free path of {@link encodeSmallString}. */
export function isSmallString(entry: EntryItem): boolean {
  return entry.type === 'string' && entry.key.length + (entry.value as string).length <= SMALL_STRING_MAX_BYTES;
}

/**
 * Writes the key record of a small string entry straight into `target` at `offset` and returns the
 * end offset: the same msgpack array `encodeEntryRecords` produces (`[1, db, key, type, expiresAt,
 * length, value]`, key and value as bin), without intermediate Buffers. This is the snapshot's hot
 * path: most keys are small strings.
 *
 * @example
 * ```ts
 * const end = encodeSmallString(entry, batch, start); // batch.subarray(start, end) is the payload
 * ```
 */
export function encodeSmallString(entry: EntryItem, target: Buffer, offset: number): number {
  const value = entry.value as string;
  offset = writeKeyRecordHead(entry, target, offset);
  offset = writeUnsigned(target, offset, value.length);
  return writeBin(target, offset, value);
}

/**
 * The fields of a key record up to its length field (`[1, db, key, type, expiresAt, …`, a
 * fixarray of 7); returns the offset after them.
 */
export function writeKeyRecordHead(entry: Pick<EntryItem, 'db' | 'key' | 'type' | 'expiresAt'>, target: Buffer, offset: number): number {
  target[offset++] = 0x97; // fixarray of 7
  target[offset++] = RecordKind.key;
  offset = writeUnsigned(target, offset, entry.db);
  offset = writeBin(target, offset, entry.key);
  target[offset++] = TYPE_CODES[entry.type];
  if (entry.expiresAt === null) {
    target[offset] = 0xc0;
    return offset + 1;
  }
  target[offset++] = 0xcb; // float64: exact for every integer ms timestamp
  return target.writeDoubleBE(entry.expiresAt, offset);
}

/** A non-negative integer below 2^32 at `offset`; returns the offset after it. */
export function writeUnsigned(target: Buffer, offset: number, value: number): number {
  if (value < 0x80) {
    target[offset] = value;
    return offset + 1;
  }
  if (value < 0x10000) {
    target[offset] = 0xcd;
    return target.writeUInt16BE(value, offset + 1);
  }
  target[offset] = 0xce;
  return target.writeUInt32BE(value, offset + 1);
}

/** A byte string shorter than 64 KiB as bin at `offset`; returns the offset after it. */
export function writeBin(target: Buffer, offset: number, bytes: string): number {
  offset = writeBinHeader(target, offset, bytes.length);
  return offset + target.write(bytes, offset, bytes.length, 'latin1');
}

/** The header of a bin of `length` bytes (below 64 KiB) at `offset`; returns the offset after it. */
export function writeBinHeader(target: Buffer, offset: number, length: number): number {
  if (length < 0x100) {
    target[offset] = 0xc4;
    target[offset + 1] = length;
    return offset + 2;
  }
  target[offset] = 0xc5;
  return target.writeUInt16BE(length, offset + 1);
}

/** A msgpack array header for `count` elements (below 64 Ki) at `offset`; returns the offset after it. */
export function writeArrayHeader(target: Buffer, offset: number, count: number): number {
  if (count < 16) {
    target[offset] = 0x90 | count;
    return offset + 1;
  }
  target[offset] = 0xdc;
  return target.writeUInt16BE(count, offset + 1);
}
