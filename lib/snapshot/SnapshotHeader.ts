import { crc32 } from 'node:zlib';
import type { ForklessErrorCode } from '../errors.js';
import {
  HEADER_FIXED_BYTES,
  HEADER_MIN_BYTES,
  HISTORY_ID_MAX_BYTES,
  MAX_DATABASES,
  SNAPSHOT_FIRST_FORMAT_VERSION,
  SNAPSHOT_FORMAT_VERSION,
  SNAPSHOT_MAGIC,
} from './snapshotFormat.js';
import { snapshotError } from './snapshotError.js';

/** What a snapshot header records about the keyspace at T0. */
export interface SnapshotHeader {
  readonly formatVersion: number;
  /** Identifies the keyspace history the offset belongs to (like Valkey's replid). */
  readonly historyId: string;
  /** Replication offset at T0: the state the snapshot holds. */
  readonly offset: number;
  /** Creation time, ms since the epoch, from the keyspace clock. */
  readonly createdAt: number;
  /** Number of databases of the saved keyspace. */
  readonly databases: number;
}

/** Bytes needed to read the header length: magic, version and the length field. */
export const HEADER_PREFIX_BYTES = 12;

/**
 * Encodes a header: magic, version, header length, db count, offset, creation time, history id
 * (length-prefixed UTF-8) and a CRC32 of all of it.
 *
 * @example
 * ```ts
 * const bytes = encodeSnapshotHeader({ historyId: 'abc', offset: 42, createdAt: Date.now(), databases: 16 });
 * ```
 */
export function encodeSnapshotHeader(header: Omit<SnapshotHeader, 'formatVersion'>): Buffer {
  const historyId = Buffer.from(header.historyId, 'utf8');
  if (historyId.length > HISTORY_ID_MAX_BYTES) throw snapshotError('FORKLESS_ERR_SNAPSHOT_HEADER', `history id longer than ${HISTORY_ID_MAX_BYTES} bytes`, 33);
  const length = HEADER_MIN_BYTES + historyId.length;
  const bytes = Buffer.alloc(length);
  SNAPSHOT_MAGIC.copy(bytes, 0);
  bytes.writeUInt16LE(SNAPSHOT_FORMAT_VERSION, 8);
  bytes.writeUInt16LE(length, 10);
  bytes.writeUInt32LE(header.databases, 12);
  bytes.writeBigUInt64LE(BigInt(header.offset), 16);
  bytes.writeBigUInt64LE(BigInt(header.createdAt), 24);
  bytes.writeUInt8(historyId.length, 32);
  historyId.copy(bytes, HEADER_FIXED_BYTES);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, length - 4)), length - 4);
  return bytes;
}

/**
 * Checks the first {@link HEADER_PREFIX_BYTES} bytes (magic and version) and returns the total
 * header length. A shorter `prefix` is checked as far as it goes (for a truncated file's error).
 */
export function readHeaderLength(prefix: Buffer): number {
  checkMagic(prefix);
  if (prefix.length < HEADER_PREFIX_BYTES) throw snapshotError('FORKLESS_ERR_SNAPSHOT_TRUNCATED', 'file ends inside the header', prefix.length);
  const version = prefix.readUInt16LE(8);
  if (version < SNAPSHOT_FIRST_FORMAT_VERSION || version > SNAPSHOT_FORMAT_VERSION) {
    const readable = `${SNAPSHOT_FIRST_FORMAT_VERSION} to ${SNAPSHOT_FORMAT_VERSION}`;
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_VERSION', `unsupported format version ${version} (this build reads ${readable})`, 8, { version });
  }
  const length = prefix.readUInt16LE(10);
  if (length < HEADER_MIN_BYTES || length > HEADER_MIN_BYTES + HISTORY_ID_MAX_BYTES) {
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_HEADER', `impossible header length ${length}`, 10);
  }
  return length;
}

/** Throws `FORKLESS_ERR_SNAPSHOT_MAGIC` unless `prefix` (of any length) starts like the magic. */
export function checkMagic(prefix: Buffer): void {
  const magicBytes = Math.min(prefix.length, SNAPSHOT_MAGIC.length);
  if (!prefix.subarray(0, magicBytes).equals(SNAPSHOT_MAGIC.subarray(0, magicBytes))) {
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_MAGIC', 'not a forkless snapshot (bad magic)', 0);
  }
}

/** Decodes and checks a whole header (as many bytes as {@link readHeaderLength} said). */
export function decodeSnapshotHeader(bytes: Buffer): SnapshotHeader {
  const length = readHeaderLength(bytes);
  const expected = bytes.readUInt32LE(length - 4);
  if (crc32(bytes.subarray(0, length - 4)) !== expected) throw snapshotError('FORKLESS_ERR_SNAPSHOT_CHECKSUM', 'header checksum mismatch', length - 4);
  const historyIdLength = bytes.readUInt8(32);
  if (HEADER_MIN_BYTES + historyIdLength !== length) throw snapshotError('FORKLESS_ERR_SNAPSHOT_HEADER', 'history id length disagrees with header length', 32);
  const databases = bytes.readUInt32LE(12);
  if (databases < 1 || databases > MAX_DATABASES) throw snapshotError('FORKLESS_ERR_SNAPSHOT_HEADER', `impossible database count ${databases}`, 12);
  return {
    formatVersion: bytes.readUInt16LE(8),
    databases,
    offset: readSafeInteger(bytes, 16, 'replication offset', 'FORKLESS_ERR_SNAPSHOT_HEADER'),
    createdAt: readSafeInteger(bytes, 24, 'creation time', 'FORKLESS_ERR_SNAPSHOT_HEADER'),
    historyId: bytes.toString('utf8', HEADER_FIXED_BYTES, HEADER_FIXED_BYTES + historyIdLength),
  };
}

/**
 * Reads a uint64 LE that must fit a JS number exactly; `fileOffset` is where `bytes` starts in the
 * file (for the error's offset).
 */
export function readSafeInteger(bytes: Buffer, at: number, what: string, code: ForklessErrorCode, fileOffset = 0): number {
  const value = bytes.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw snapshotError(code, `${what} out of range`, fileOffset + at);
  return Number(value);
}
