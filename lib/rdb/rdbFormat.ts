/**
 * Constants of Redis's RDB file format (rdb.h) that the file writer and decoder use; value types
 * live with the value codec in `keyspace/dump/rdbTypes.ts`.
 *
 * @example
 * ```ts
 * if (byte === RdbOpcode.eof) readChecksum();
 * ```
 */
export const RdbOpcode = {
  slotInfo: 244,
  function2: 245,
  functionPreGa: 246,
  moduleAux: 247,
  idle: 248,
  freq: 249,
  aux: 250,
  resizeDb: 251,
  expireTimeMs: 252,
  expireTime: 253,
  selectDb: 254,
  eof: 255,
} as const;

/** "REDIS" and four version digits. */
export const RDB_MAGIC = Buffer.from('REDIS', 'latin1');

/** Bytes of the magic with its version digits. */
export const RDB_HEADER_BYTES = 9;

/** Newest RDB version the decoder reads (Redis 7.4 writes 12; 7.0 writes 10). */
export const RDB_MAX_READ_VERSION = 12;

/** First RDB version with a CRC-64 after the EOF opcode. */
export const RDB_CHECKSUM_VERSION = 5;

/** Bytes of the CRC-64 footer. */
export const RDB_CHECKSUM_BYTES = 8;
