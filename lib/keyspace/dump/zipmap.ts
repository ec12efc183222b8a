import type { ByteString } from '../byteString.js';
import { RdbFormatError } from './RdbFormatError.js';

const END = 0xff;
const BIG_LENGTH = 254;

/**
 * The field/value pairs of a zipmap blob (hashes of RDB files from Redis ≤ 2.4), flattened:
 * `[field, value, …]`.
 *
 * @example
 * ```ts
 * decodeZipmap(blob); // ['name', 'ada']
 * ```
 */
export function decodeZipmap(blob: Buffer): ByteString[] {
  const entries: ByteString[] = [];
  let position = 1; // zmlen: a count hint only
  for (;;) {
    if (position >= blob.length) throw new RdbFormatError('zipmap runs past its end');
    if (blob[position] === END) break;
    const [fieldLength, fieldStart] = readLength(blob, position);
    position = take(blob, fieldStart, fieldLength, entries);
    const [valueLength, freeAt] = readLength(blob, position);
    if (freeAt >= blob.length) throw new RdbFormatError('zipmap runs past its end');
    position = take(blob, freeAt + 1, valueLength, entries) + blob[freeAt]!;
  }
  if (position !== blob.length - 1) throw new RdbFormatError('zipmap has bytes after its end');
  return entries;
}

/** Reads a zipmap length at `position`: one byte below 254, else 254 and a uint32 LE. */
function readLength(blob: Buffer, position: number): [length: number, next: number] {
  if (position >= blob.length) throw new RdbFormatError('zipmap runs past its end');
  const first = blob[position]!;
  if (first < BIG_LENGTH) return [first, position + 1];
  if (first !== BIG_LENGTH || position + 5 > blob.length) throw new RdbFormatError('bad zipmap length');
  return [blob.readUInt32LE(position + 1), position + 5];
}

function take(blob: Buffer, start: number, length: number, entries: ByteString[]): number {
  if (start + length > blob.length) throw new RdbFormatError('zipmap runs past its end');
  entries.push(blob.toString('latin1', start, start + length));
  return start + length;
}
