/**
 * RDB value type bytes (Redis's rdb.h), shared by DUMP payloads and RDB files.
 *
 * @example
 * ```ts
 * if (typeByte === RdbType.setIntset) members = decodeIntset(blob);
 * ```
 */
export const RdbType = {
  string: 0,
  list: 1,
  set: 2,
  zset: 3,
  hash: 4,
  zset2: 5,
  hashZipmap: 9,
  listZiplist: 10,
  setIntset: 11,
  zsetZiplist: 12,
  hashZiplist: 13,
  listQuicklist: 14,
  hashListpack: 16,
  zsetListpack: 17,
  listQuicklist2: 18,
  setListpack: 20,
} as const;

/** Types forkless cannot hold, by byte, with the name an error gives them. */
export const UNSUPPORTED_TYPES: ReadonlyMap<number, string> = new Map([
  [6, 'module (pre-GA)'],
  [7, 'module'],
  [15, 'stream'],
  [19, 'stream'],
  [21, 'stream'],
  [22, 'hash with field expiry (metadata)'],
  [23, 'hash with field expiry (listpack)'],
  [24, 'hash with field expiry (metadata, pre-GA)'],
  [25, 'hash with field expiry (listpack, pre-GA)'],
]);

/** RDB version this code writes in files and DUMP payloads: loadable by Redis 5.0 to 7.4 and Valkey. */
export const RDB_WRITE_VERSION = 9;

/** Highest DUMP payload version RESTORE accepts: Redis 7.0's RDB_VERSION, as 7.0 checks it. */
export const DUMP_MAX_VERSION = 10;
