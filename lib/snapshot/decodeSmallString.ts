import { MsgpackReader } from './MsgpackReader.js';
import { RecordKind, TYPE_CODES } from './snapshotFormat.js';

/** A small string key record, read in place. */
export interface SmallStringRecord {
  readonly db: number;
  readonly key: string;
  readonly value: string;
  readonly expiresAt: number | null;
}

/**
 * Reads the key record of a small string as {@link encodeSmallString} writes it (`[1, db, key,
 * type, expiresAt, length, value]`, key and value as bin), straight from the bytes: strings come
 * out with one latin1 read each, no msgpack decoder and no Buffer view per field. Returns
 * undefined for anything else (another shape, or a record the general decoder must judge), so the
 * caller falls back to it.
 *
 * @example
 * ```ts
 * const record = decodeSmallString(payload) ?? decodeWithMsgpack(payload);
 * ```
 */
export function decodeSmallString(payload: Buffer): SmallStringRecord | undefined {
  if (payload.length < 9 || payload[0] !== 0x97 || payload[1] !== RecordKind.key) return undefined;
  const reader = new MsgpackReader(payload, 2);
  const db = reader.unsigned();
  const key = reader.bin();
  if (db === undefined || key === undefined || payload[reader.position++] !== TYPE_CODES.string) return undefined;
  const expiresAt = reader.expiry();
  const length = reader.unsigned();
  const value = reader.bin();
  if (expiresAt === undefined || value === undefined || length !== value.length || !reader.atEnd) return undefined;
  return { db, key, value, expiresAt };
}
