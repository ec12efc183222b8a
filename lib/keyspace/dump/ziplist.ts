import type { ByteString } from '../byteString.js';
import { RdbFormatError } from './RdbFormatError.js';

const HEADER_BYTES = 10;
const END = 0xff;

/**
 * The entries of a ziplist blob (Redis ≤ 6.2 small lists, hashes and sorted sets, quicklist nodes)
 * as byte strings, integers as their decimal text. The structure is checked: total size, entry
 * encodings, end marker, entry count.
 *
 * @example
 * ```ts
 * decodeZiplist(blob); // ['a', '1', 'b', '2']
 * ```
 */
export function decodeZiplist(blob: Buffer): ByteString[] {
  if (blob.length < HEADER_BYTES + 1 || blob.readUInt32LE(0) !== blob.length) throw new RdbFormatError('ziplist size disagrees with its header');
  const declared = blob.readUInt16LE(8);
  const entries: ByteString[] = [];
  let position = HEADER_BYTES;
  while (position < blob.length && blob[position] !== END) {
    position += blob[position] === 254 ? 5 : 1; // previous entry length
    position = readEntry(blob, position, entries);
  }
  if (position !== blob.length - 1) throw new RdbFormatError('ziplist entries run past its end');
  if (declared !== 0xffff && declared !== entries.length) throw new RdbFormatError(`ziplist declares ${declared} entries, holds ${entries.length}`);
  return entries;
}

/** Reads the entry whose encoding starts at `position`; returns the position after it. */
function readEntry(blob: Buffer, position: number, entries: ByteString[]): number {
  check(blob, position + 1);
  const encoding = blob[position]!;
  const kind = encoding >> 6;
  if (kind === 0) return readString(blob, position + 1, encoding & 0x3f, entries);
  if (kind === 1) {
    check(blob, position + 2);
    return readString(blob, position + 2, ((encoding & 0x3f) << 8) | blob[position + 1]!, entries);
  }
  if (encoding === 0x80) {
    check(blob, position + 5);
    return readString(blob, position + 5, blob.readUInt32BE(position + 1), entries);
  }
  const [size, read] = INTEGERS.get(encoding) ?? [0, null];
  if (read !== null) {
    check(blob, position + 1 + size);
    entries.push(read(blob, position + 1));
    return position + 1 + size;
  }
  if (encoding >= 0xf1 && encoding <= 0xfd) {
    entries.push(String((encoding & 0x0f) - 1));
    return position + 1;
  }
  throw new RdbFormatError(`unknown ziplist entry encoding 0x${encoding.toString(16)}`);
}

const INTEGERS = new Map<number, [number, (blob: Buffer, at: number) => string]>([
  [0xc0, [2, (blob, at) => String(blob.readInt16LE(at))]],
  [0xd0, [4, (blob, at) => String(blob.readInt32LE(at))]],
  [0xe0, [8, (blob, at) => blob.readBigInt64LE(at).toString()]],
  [0xf0, [3, (blob, at) => String(blob.readIntLE(at, 3))]],
  [0xfe, [1, (blob, at) => String(blob.readInt8(at))]],
]);

function readString(blob: Buffer, start: number, length: number, entries: ByteString[]): number {
  check(blob, start + length);
  entries.push(blob.toString('latin1', start, start + length));
  return start + length;
}

function check(blob: Buffer, end: number): void {
  // The end marker must still follow: an entry may not reach the last byte.
  if (end >= blob.length) throw new RdbFormatError('ziplist entry runs past its end');
}
