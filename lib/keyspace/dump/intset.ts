import type { ByteString } from '../byteString.js';
import { RdbFormatError } from './RdbFormatError.js';

/**
 * The members of an intset blob (small all-integer sets) as decimal byte strings. Checks the
 * element width (2, 4 or 8 bytes) and that the size matches the count. The intset may lie inside
 * a larger buffer, from `start` to `end`.
 *
 * @example
 * ```ts
 * decodeIntset(blob); // ['1', '2', '300']
 * ```
 */
export function decodeIntset(blob: Buffer, start = 0, end = blob.length): ByteString[] {
  if (end - start < 8) throw new RdbFormatError('intset shorter than its header');
  const width = blob.readUInt32LE(start);
  const count = blob.readUInt32LE(start + 4);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbFormatError(`intset element width ${width}`);
  if (end - start !== 8 + count * width) throw new RdbFormatError('intset size disagrees with its count');
  const members: ByteString[] = new Array(count);
  for (let index = 0, at = start + 8; index < count; index++, at += width) {
    members[index] = width === 8 ? blob.readBigInt64LE(at).toString() : String(blob.readIntLE(at, width));
  }
  return members;
}
