import type { Value, ValueType } from '../Value.js';
import { crc64 } from './crc64.js';
import { decodeRdbValue, type DecodedValue } from './decodeRdbValue.js';
import { writeRdbValue } from './encodeRdbValue.js';
import { RdbOutput } from './RdbOutput.js';
import { RdbReader } from './RdbReader.js';
import { DUMP_MAX_VERSION, RDB_WRITE_VERSION } from './rdbTypes.js';

/** Bytes after the value: RDB version (2) and CRC-64 (8). */
const FOOTER_BYTES = 10;

/**
 * A DUMP payload as Redis builds it: type byte and value encoding, the 2-byte RDB version
 * (little-endian) and the CRC-64 of everything before it (little-endian). Version 9, so Redis 5.0
 * and later can RESTORE it.
 *
 * @example
 * ```ts
 * createDumpPayload('string', 'hello'); // <Buffer 00 05 68 65 6c 6c 6f 09 00 …8 CRC bytes>
 * ```
 */
export function createDumpPayload(type: ValueType, value: Value): Buffer {
  const chunks: Buffer[] = [];
  const out = new RdbOutput((chunk) => chunks.push(chunk), 4096);
  writeRdbValue(out, type, value);
  out.byte(RDB_WRITE_VERSION & 0xff);
  out.byte(RDB_WRITE_VERSION >> 8);
  out.flush();
  const body = Buffer.concat(chunks);
  const payload = Buffer.allocUnsafe(body.length + 8);
  body.copy(payload);
  payload.writeBigUInt64LE(crc64(body), body.length);
  return payload;
}

/**
 * Redis 7.0's `verifyDumpPayload`: at least 10 bytes, a version no newer than 7.0's (10), and a
 * matching CRC-64.
 *
 * @example
 * ```ts
 * verifyDumpPayload(createDumpPayload('string', 'x')); // true
 * ```
 */
export function verifyDumpPayload(payload: Buffer): boolean {
  if (payload.length < FOOTER_BYTES) return false;
  const footer = payload.length - FOOTER_BYTES;
  if (payload.readUInt16LE(footer) > DUMP_MAX_VERSION) return false;
  return crc64(payload.subarray(0, footer + 2)) === payload.readBigUInt64LE(footer + 2);
}

/**
 * Decodes the value of a verified payload. Throws (RdbFormatError, RdbShortInput,
 * RdbUnsupportedTypeError) when it is not a value forkless can hold; null for an empty collection.
 *
 * @example
 * ```ts
 * decodeDumpPayload(createDumpPayload('set', new Set(['a'])))?.value; // Set { 'a' }
 * ```
 */
export function decodeDumpPayload(payload: Buffer): DecodedValue | null {
  const reader = new RdbReader(payload.subarray(0, payload.length - FOOTER_BYTES));
  return decodeRdbValue(reader, reader.byte());
}
