import type { ByteString } from '../byteString.js';
import { latin1Slice } from '../latin1.js';
import { RdbFormatError } from './RdbFormatError.js';

const HEADER_BYTES = 6;
const END = 0xff;

/** Receives a listpack's entries in order; returning false stops the walk. */
export interface ListpackVisitor {
  /** A string entry: its bytes, `blob[start, end)`. */
  bytes(blob: Buffer, start: number, end: number): boolean;
  /** An integer entry (a bigint only for the 64-bit encoding). */
  integer(value: number | bigint): boolean;
}

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
  const entries: ByteString[] = [];
  const collect = (entry: ByteString) => {
    entries.push(entry);
    return true;
  };
  visitListpack(blob, start, end, { bytes: (source, from, to) => collect(latin1Slice(source, from, to)), integer: (value) => collect(String(value)) });
  return entries;
}

/**
 * Walks the entries of the listpack blob `blob[start, end)` in place, with the checks of
 * {@link decodeListpack}: true once every entry was visited and the blob is whole, false as soon
 * as the visitor returns false (the rest is then neither visited nor checked).
 *
 * @example
 * ```ts
 * visitListpack(blob, 0, blob.length, { bytes: (b, s, e) => copy(b, s, e), integer: (n) => add(String(n)) });
 * ```
 */
export function visitListpack(blob: Buffer, start: number, end: number, visitor: ListpackVisitor): boolean {
  if (end - start < HEADER_BYTES + 1 || blob.readUInt32LE(start) !== end - start) throw new RdbFormatError('listpack size disagrees with its header');
  const declared = blob.readUInt16LE(start + 4);
  let entries = 0;
  let position = start + HEADER_BYTES;
  while (position < end && blob[position] !== END) {
    const entryStart = position;
    position = readEntry(blob, position, end, visitor);
    if (position < 0) return false;
    entries++;
    position += backlenBytes(position - entryStart);
    if (position >= end) throw new RdbFormatError('listpack entry runs past its end');
  }
  if (position !== end - 1) throw new RdbFormatError('listpack entries run past its end');
  if (declared !== 0xffff && declared !== entries) throw new RdbFormatError(`listpack declares ${declared} entries, holds ${entries}`);
  return true;
}

/** Visits the entry (encoding and data) at `position`; returns the position after it, or -1 if the visitor stopped. */
function readEntry(blob: Buffer, position: number, end: number, visitor: ListpackVisitor): number {
  const encoding = blob[position]!;
  if ((encoding & 0x80) === 0) return visitor.integer(encoding) ? position + 1 : -1;
  if ((encoding & 0xc0) === 0x80) return readString(blob, position + 1, encoding & 0x3f, end, visitor);
  if ((encoding & 0xe0) === 0xc0) {
    check(position + 2, end);
    const raw = ((encoding & 0x1f) << 8) | blob[position + 1]!;
    return visitor.integer(raw >= 1 << 12 ? raw - (1 << 13) : raw) ? position + 2 : -1;
  }
  if ((encoding & 0xf0) === 0xe0) {
    check(position + 2, end);
    return readString(blob, position + 2, ((encoding & 0x0f) << 8) | blob[position + 1]!, end, visitor);
  }
  if (encoding === 0xf0) {
    check(position + 5, end);
    return readString(blob, position + 5, blob.readUInt32LE(position + 1), end, visitor);
  }
  const size = INTEGER_BYTES[encoding - 0xf1];
  if (size === undefined) throw new RdbFormatError(`unknown listpack entry encoding 0x${encoding.toString(16)}`);
  check(position + 1 + size, end);
  const value = size === 8 ? blob.readBigInt64LE(position + 1) : blob.readIntLE(position + 1, size);
  return visitor.integer(value) ? position + 1 + size : -1;
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

function readString(blob: Buffer, start: number, length: number, end: number, visitor: ListpackVisitor): number {
  check(start + length, end);
  return visitor.bytes(blob, start, start + length) ? start + length : -1;
}

function check(position: number, end: number): void {
  if (position >= end) throw new RdbFormatError('listpack entry runs past its end');
}
