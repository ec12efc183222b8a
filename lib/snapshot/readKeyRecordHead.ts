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
 * bin, type as a fixint), straight from the bytes; undefined for any other shape, which the
 * general decoder then judges.
 *
 * @example
 * ```ts
 * const head = readKeyRecordHead(payload); // head.reader.position is at the value
 * ```
 */
export function readKeyRecordHead(payload: Buffer): KeyRecordHead | undefined {
  if (payload.length < 9 || payload[0] !== 0x97 || payload[1] !== RecordKind.key) return undefined;
  const reader = new MsgpackReader(payload, 2);
  const db = reader.unsigned();
  const key = reader.bin();
  const typeCode = payload[reader.position++];
  if (db === undefined || key === undefined || typeCode === undefined || typeCode > 0x7f) return undefined;
  const expiresAt = reader.expiry();
  const length = reader.unsigned();
  if (expiresAt === undefined || length === undefined) return undefined;
  return { reader, db, key, typeCode, expiresAt, length };
}
