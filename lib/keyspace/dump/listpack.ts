import type { ByteString } from '../byteString.js';
import { latin1Slice } from '../latin1.js';
import { RdbFormatError } from './RdbFormatError.js';

const HEADER_BYTES = 6;
const END = 0xff;

/**
 * The entries of a listpack blob (Redis 7 small hashes, sorted sets, sets and quicklist nodes) as
 * byte strings, integers as their decimal text. Checks total size, encodings, back-lengths' room,
 * end marker and entry count. The listpack may lie inside a larger buffer, from `start` to `end`.
 *
 * @example
 * ```ts
 * decodeListpack(blob); // ['field', 'value', 'n', '42']
 * ```
 */
export function decodeListpack(blob: Buffer, start = 0, end = blob.length): ByteString[] {
  if (end - start < HEADER_BYTES + 1 || blob.readUInt32LE(start) !== end - start) throw new RdbFormatError('listpack size disagrees with its header');
  const declared = blob.readUInt16LE(start + 4);
  const entries: ByteString[] = [];
  let position = start + HEADER_BYTES;
  while (position < end && blob[position] !== END) {
    const entryStart = position;
    position = readEntry(blob, position, end, entries);
    position += backlenBytes(position - entryStart);
    if (position >= end) throw new RdbFormatError('listpack entry runs past its end');
  }
  if (position !== end - 1) throw new RdbFormatError('listpack entries run past its end');
  if (declared !== 0xffff && declared !== entries.length) throw new RdbFormatError(`listpack declares ${declared} entries, holds ${entries.length}`);
  return entries;
}

/** Reads the entry (encoding and data) at `position`; returns the position after it. */
function readEntry(blob: Buffer, position: number, end: number, entries: ByteString[]): number {
  const encoding = blob[position]!;
  if ((encoding & 0x80) === 0) {
    entries.push(String(encoding));
    return position + 1;
  }
  if ((encoding & 0xc0) === 0x80) return readString(blob, position + 1, encoding & 0x3f, end, entries);
  if ((encoding & 0xe0) === 0xc0) {
    check(position + 2, end);
    const raw = ((encoding & 0x1f) << 8) | blob[position + 1]!;
    entries.push(String(raw >= 1 << 12 ? raw - (1 << 13) : raw));
    return position + 2;
  }
  if ((encoding & 0xf0) === 0xe0) {
    check(position + 2, end);
    return readString(blob, position + 2, ((encoding & 0x0f) << 8) | blob[position + 1]!, end, entries);
  }
  if (encoding === 0xf0) {
    check(position + 5, end);
    return readString(blob, position + 5, blob.readUInt32LE(position + 1), end, entries);
  }
  const size = INTEGER_BYTES[encoding - 0xf1];
  if (size === undefined) throw new RdbFormatError(`unknown listpack entry encoding 0x${encoding.toString(16)}`);
  check(position + 1 + size, end);
  entries.push(size === 8 ? blob.readBigInt64LE(position + 1).toString() : String(blob.readIntLE(position + 1, size)));
  return position + 1 + size;
}

/** Data bytes of the integer encodings 0xf1 (int16) … 0xf4 (int64). */
const INTEGER_BYTES = [2, 3, 4, 8];

/** Bytes of the back-length that follows an entry of `length` bytes (lpEncodeBacklen). */
function backlenBytes(length: number): number {
  if (length <= 127) return 1;
  if (length < 16383) return 2;
  if (length < 2097151) return 3;
  if (length < 268435455) return 4;
  return 5;
}

function readString(blob: Buffer, start: number, length: number, end: number, entries: ByteString[]): number {
  check(start + length, end);
  entries.push(latin1Slice(blob, start, start + length));
  return start + length;
}

function check(position: number, end: number): void {
  if (position >= end) throw new RdbFormatError('listpack entry runs past its end');
}
