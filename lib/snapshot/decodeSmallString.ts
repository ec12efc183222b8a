import { readKeyRecordHead } from './readKeyRecordHead.js';
import { TYPE_CODES } from './snapshotFormat.js';

/** A small string key record, read in place. */
export interface SmallStringRecord {
  readonly db: number;
  readonly key: string;
  readonly type: 'string';
  readonly value: string;
  readonly expiresAt: number | null;
}

/**
 * Reads the key record of a small string as {@link encodeSmallString} writes it (`[1, db, key,
 * type, expiresAt, length, value]`, key and value as bin), straight from the bytes `[start, end)`:
 * strings come out with one latin1 read each, no msgpack decoder and no Buffer view per field.
 * Returns undefined for anything else (another shape, or a record the general decoder must judge),
 * so the caller falls back to it. A caller that already read the record's head (`readKeyRecordHead`)
 * passes it as `head`.
 *
 * @example
 * ```ts
 * const record = decodeSmallString(chunk, start, end) ?? decodeWithMsgpack(chunk.subarray(start, end));
 * ```
 */
export function decodeSmallString(bytes: Buffer, start = 0, end = bytes.length, head = readKeyRecordHead(bytes, start, end)): SmallStringRecord | undefined {
  if (head === undefined || head.typeCode !== TYPE_CODES.string) return undefined;
  const value = head.reader.bin();
  if (value === undefined || head.length !== value.length || !head.reader.atEnd) return undefined;
  return { db: head.db, key: head.key, type: 'string', value, expiresAt: head.expiresAt };
}
