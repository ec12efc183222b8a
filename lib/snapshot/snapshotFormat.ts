import type { ValueType } from '../keyspace/Value.js';

/**
 * Constants of the snapshot file format, version 2 (docs/snapshot-format.md is
 * the specification; this file is its single source in code).
 *
 * @example
 * ```ts
 * import { SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION } from './snapshotFormat.js';
 * file.subarray(0, 8).equals(SNAPSHOT_MAGIC); // a forkless snapshot
 * ```
 */
export const SNAPSHOT_MAGIC: Buffer = Buffer.from('FORKLESS', 'latin1');

/** The format version this code writes; it reads this one and {@link SNAPSHOT_FIRST_FORMAT_VERSION}. */
export const SNAPSHOT_FORMAT_VERSION = 2;

/** The oldest format version this code reads: version 1 has no packed chunks. */
export const SNAPSHOT_FIRST_FORMAT_VERSION = 1;

/** The first format version whose key records may carry a small collection's packed bytes as their chunk. */
export const PACKED_CHUNK_FORMAT_VERSION = 2;

/** Bytes of the fixed part of the header before the history id (magic … history id length). */
export const HEADER_FIXED_BYTES = 33;

/** Bytes every header has at least: fixed part, empty history id, CRC32. */
export const HEADER_MIN_BYTES = HEADER_FIXED_BYTES + 4;

/** Longest history id, in UTF-8 bytes (its length is one byte). */
export const HISTORY_ID_MAX_BYTES = 255;

/** Bytes of the record frame prefix (payload length, uint32 LE). */
export const FRAME_PREFIX_BYTES = 4;

/** Bytes of the footer, its zero frame length included. */
export const FOOTER_BYTES = 24;

/** Largest record payload a reader accepts; bounds the memory one corrupt length can claim. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** A record's elements stop at this count … */
export const CHUNK_MAX_ELEMENTS = 1000;

/** … or once they reach this many bytes; string values are cut into pieces of this size. */
export const CHUNK_MAX_BYTES = 64 * 1024;

/** Most databases a header may declare (sanity bound for a reader). */
export const MAX_DATABASES = 65_536;

/** First element of each record payload. */
export const RecordKind = {
  /** Starts a key: `[1, db, key, type, expiresAt, length, chunk]` (chunk: an array, a string's bin, or (version 2) a small collection's packed bin). */
  key: 1,
  /** Continues the last started key: `[2, chunk]`. */
  chunk: 2,
} as const;

/** Type codes as stored in a key record. */
export const TYPE_CODES: Readonly<Record<ValueType, number>> = { string: 0, hash: 1, list: 2, set: 3, zset: 4 };

/** Value types by stored code. */
export const TYPES_BY_CODE: readonly ValueType[] = ['string', 'hash', 'list', 'set', 'zset'];
