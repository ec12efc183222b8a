/**
 * Redis RDB files: an incremental writer (version 9), a streaming reader of every encoding Redis
 * writes, and an operator turning a consistent iteration into RDB bytes. The value codec they
 * share with DUMP/RESTORE lives in `keyspace/dump`.
 *
 * @example
 * ```ts
 * import { RdbDecoder, RdbWriter, rdbChunks } from './rdb/index.js';
 * ```
 * @packageDocumentation
 */
export { RdbWriter } from './RdbWriter.js';
export type { RdbHeader, RdbDatabaseSize } from './RdbWriter.js';
export { RdbDecoder } from './RdbDecoder.js';
export type { RdbPart, RdbKey, RdbDecoderOptions } from './RdbDecoder.js';
export { rdbChunks } from './rdbChunks.js';
export { RDB_MAGIC, RDB_MAX_READ_VERSION, RdbOpcode } from './rdbFormat.js';
export { crc64 } from '../keyspace/dump/crc64.js';
export { createDumpPayload, verifyDumpPayload, decodeDumpPayload } from '../keyspace/dump/dumpPayload.js';
export { RDB_WRITE_VERSION } from '../keyspace/dump/rdbTypes.js';
