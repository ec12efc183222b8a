import { FOOTER_BYTES } from './snapshotFormat.js';
import { readSafeInteger } from './SnapshotHeader.js';
import { snapshotError } from './snapshotError.js';

/** What a snapshot footer records. */
export interface SnapshotFooter {
  /** Number of record frames between header and footer. */
  readonly records: number;
  /** Number of keys those records hold. */
  readonly keys: number;
  /** CRC32 (zlib) of every byte of the file before the checksum field. */
  readonly checksum: number;
}

/**
 * Encodes the footer: a zero frame length (end of records), record count, key count (uint64 LE
 * each) and the CRC32 of everything before the checksum field. `crcBefore` is the running CRC32 of
 * the file so far; the footer's own first 20 bytes are folded in here.
 *
 * @example
 * ```ts
 * const footer = encodeSnapshotFooter(records, keys, (bytes) => crc32(bytes, runningCrc));
 * ```
 */
export function encodeSnapshotFooter(records: number, keys: number, checksumOf: (footerPrefix: Buffer) => number): Buffer {
  const bytes = Buffer.alloc(FOOTER_BYTES);
  bytes.writeUInt32LE(0, 0);
  bytes.writeBigUInt64LE(BigInt(records), 4);
  bytes.writeBigUInt64LE(BigInt(keys), 12);
  bytes.writeUInt32LE(checksumOf(bytes.subarray(0, FOOTER_BYTES - 4)), FOOTER_BYTES - 4);
  return bytes;
}

/**
 * Decodes a footer found at `fileOffset` and checks it against what the reader saw: the running
 * CRC32 of the bytes before the checksum field, the records and keys counted.
 */
export function decodeSnapshotFooter(bytes: Buffer, fileOffset: number, seen: { checksum: number; records: number; keys: number }): SnapshotFooter {
  const footer: SnapshotFooter = {
    records: readSafeInteger(bytes, 4, 'footer record count', 'FORKLESS_ERR_SNAPSHOT_RECORD', fileOffset),
    keys: readSafeInteger(bytes, 12, 'footer key count', 'FORKLESS_ERR_SNAPSHOT_RECORD', fileOffset),
    checksum: bytes.readUInt32LE(FOOTER_BYTES - 4),
  };
  if (footer.checksum !== seen.checksum) {
    throw snapshotError(
      'FORKLESS_ERR_SNAPSHOT_CHECKSUM',
      `checksum mismatch (file says ${hex(footer.checksum)}, content has ${hex(seen.checksum)})`,
      fileOffset + FOOTER_BYTES - 4,
    );
  }
  if (footer.records !== seen.records) throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `footer counts ${footer.records} records, file has ${seen.records}`, fileOffset + 4);
  if (footer.keys !== seen.keys) throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `footer counts ${footer.keys} keys, file has ${seen.keys}`, fileOffset + 12);
  return footer;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
