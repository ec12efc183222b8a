import { MsgpackReader } from './MsgpackReader.js';
import { RecordKind } from './snapshotFormat.js';

/** The fields of a one-record key read in place, with the reader left at its value. */
export interface KeyRecordHead {
  readonly reader: MsgpackReader;
  readonly db: number;
  readonly key: string;
  readonly typeCode: number;
  readonly expiresAt: number | null;
  /** The key's declared length: bytes of a string, elements (hash: pairs) of a collection. */
  readonly length: number;
}

/**
 * Reads `[1, db, key, type, expiresAt, length, …` of a key record as the encoder writes it (key as
 * bin, type as a fixint), straight from the bytes `[start, end)` of `bytes`; undefined for any
 * other shape, which the general decoder then judges.
 *
 * @example
 * ```ts
 * const head = readKeyRecordHead(chunk, start, end); // head.reader.position is at the value
 * ```
 */
export function readKeyRecordHead(bytes: Buffer, start = 0, end = bytes.length): KeyRecordHead | undefined {
  if (end - start < 9 || bytes[start] !== 0x97 || bytes[start + 1] !== RecordKind.key) return undefined;
  const reader = new MsgpackReader(bytes, start + 2, end);
  const db = reader.unsigned();
  const key = reader.bin();
  const typeCode = reader.position < end ? bytes[reader.position++] : undefined;
  if (db === undefined || key === undefined || typeCode === undefined || typeCode > 0x7f) return undefined;
  const expiresAt = reader.expiry();
  const length = reader.unsigned();
  if (expiresAt === undefined || length === undefined) return undefined;
  return { reader, db, key, typeCode, expiresAt, length };
}
