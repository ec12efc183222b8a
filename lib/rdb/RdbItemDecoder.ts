import type { ByteString } from '../keyspace/byteString.js';
import { crc64 } from '../keyspace/dump/crc64.js';
import { decodeRdbStoredValue } from '../keyspace/dump/decodeRdbValue.js';
import { RdbFormatError, RdbUnsupportedTypeError } from '../keyspace/dump/RdbFormatError.js';
import type { RdbReader } from '../keyspace/dump/RdbReader.js';
import type { StoredValue } from '../keyspace/StoredValue.js';
import type { ValueType } from '../keyspace/Value.js';
import { RDB_CHECKSUM_BYTES, RDB_CHECKSUM_VERSION, RDB_HEADER_BYTES, RDB_MAGIC, RDB_MAX_READ_VERSION, RdbOpcode } from './rdbFormat.js';
import { rdbError } from './rdbError.js';
import { RdbItemMeasure } from './RdbItemMeasure.js';

/** One key read from an RDB file, as the keyspace stores it (a small list, set or hash packed). */
export interface RdbKey {
  readonly db: number;
  readonly key: ByteString;
  readonly type: ValueType;
  readonly value: StoredValue;
  readonly expiresAt: number | null;
}

/** What an RDB stream decodes to, in order: the version, AUX fields, RESIZEDB hints, keys, the end. */
export type RdbPart =
  | { readonly kind: 'header'; readonly version: number }
  | { readonly kind: 'aux'; readonly key: ByteString; readonly value: ByteString }
  | { readonly kind: 'resizedb'; readonly db: number; readonly keys: number; readonly expires: number }
  /** `offset`: where the key's record starts; `encoding`: its RDB type byte (11 intset, 16 hash listpack, …). */
  | { readonly kind: 'key'; readonly entry: RdbKey; readonly offset: number; readonly encoding: number }
  /** `checksum` null: the file was saved without one (version < 5, or 0 = disabled). */
  | { readonly kind: 'end'; readonly checksum: bigint | null };

/** Where an RDB stream is: before the magic, in the body, before the CRC-64, or past the end. */
export type RdbStage = 'header' | 'body' | 'checksum' | 'done';

/**
 * The item-by-item half of `RdbDecoder`: measures the next item of a buffer ({@link RdbItemMeasure})
 * and reads one the buffer holds whole (the header, an opcode with its operands, a key, the
 * CRC-64) into a part, keeping the stage, the selected database, a pending expiry and the running
 * checksum. Offsets in parts and errors are file offsets: the caller says where its buffer starts.
 *
 * @example
 * ```ts
 * const items = new RdbItemDecoder(16);
 * items.begin(fileOffset, 0);
 * if (items.itemEnd(buffer, 0) <= buffer.length) part = items.read(new RdbReader(buffer), buffer);
 * ```
 */
export class RdbItemDecoder {
  private current: RdbStage = 'header';
  private version = 0;
  private db = 0;
  private expiresAt: number | null = null;
  private checksum = 0n;
  /** File offset of byte 0 of the buffer being read. */
  private origin = 0;
  /** Where the bytes not yet folded into the checksum start in that buffer. */
  private checksumFrom = 0;
  private readonly measure = new RdbItemMeasure();

  /** @param databases SELECTDB at or beyond this is `FORKLESS_ERR_SNAPSHOT_DATABASES` (undefined: no limit). */
  constructor(private readonly databases: number | undefined) {}

  get stage(): RdbStage {
    return this.current;
  }

  /** Starts reading a buffer at `from`, its byte 0 being at file offset `origin`. */
  begin(origin: number, from: number): void {
    this.origin = origin;
    this.checksumFrom = from;
  }

  /** Folds the bytes read before `end` into the checksum (none once the EOF opcode was read). */
  fold(buffer: Buffer, end: number): void {
    if (this.current === 'header' || this.current === 'body') this.checksum = crc64(buffer.subarray(this.checksumFrom, end), this.checksum);
    this.checksumFrom = end;
  }

  /** The file offset of position `at` of the buffer being read. */
  offsetOf(at: number): number {
    return this.origin + at;
  }

  /** Where the item at `start` ends (beyond the buffer: cut short), judged without decoding it. */
  itemEnd(buffer: Buffer, start: number): number {
    if (this.current === 'header') return start + RDB_HEADER_BYTES;
    if (this.current === 'checksum') return start + RDB_CHECKSUM_BYTES;
    return this.measure.itemEnd(buffer, start);
  }

  /** Reads the item at the cursor (the buffer holds it whole); null when it yields no part. */
  read(reader: RdbReader, buffer: Buffer): RdbPart | null {
    switch (this.current) {
      case 'header':
        return this.header(reader);
      case 'checksum':
        return this.footer(reader);
      default:
        return this.bodyItem(reader, buffer);
    }
  }

  private header(reader: RdbReader): RdbPart {
    const digits = reader.take(RDB_HEADER_BYTES).toString('latin1', RDB_MAGIC.length);
    // The magic is "REDIS" and four digits: anything else there is not an RDB file.
    if (!/^\d{4}$/.test(digits)) throw rdbError('FORKLESS_ERR_SNAPSHOT_MAGIC', 'not an RDB file (no version digits after REDIS)', 0);
    const version = Number(digits);
    if (version < 1 || version > RDB_MAX_READ_VERSION) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_VERSION', `unsupported RDB version ${JSON.stringify(digits)} (this build reads 1 to ${RDB_MAX_READ_VERSION})`, 5, { version: digits });
    }
    this.version = version;
    this.current = 'body';
    return { kind: 'header', version };
  }

  private bodyItem(reader: RdbReader, buffer: Buffer): RdbPart | null {
    const start = reader.position;
    const opcode = reader.byte();
    switch (opcode) {
      case RdbOpcode.aux:
        return { kind: 'aux', key: reader.string(), value: reader.string() };
      case RdbOpcode.resizeDb:
        return { kind: 'resizedb', db: this.db, keys: reader.length(), expires: reader.length() };
      case RdbOpcode.selectDb:
        this.db = this.checkedDb(reader.length(), start);
        return null;
      case RdbOpcode.expireTimeMs:
        this.expiresAt = reader.millisecondTime();
        return null;
      case RdbOpcode.expireTime:
        this.expiresAt = reader.take(4).readInt32LE(0) * 1000;
        return null;
      case RdbOpcode.idle:
        reader.length();
        return null;
      case RdbOpcode.freq:
        reader.byte();
        return null;
      case RdbOpcode.slotInfo:
        for (let count = 0; count < 3; count++) reader.length();
        return null;
      case RdbOpcode.moduleAux:
        throw new RdbUnsupportedTypeError('module aux data', opcode, start);
      case RdbOpcode.function2:
      case RdbOpcode.functionPreGa:
        throw new RdbUnsupportedTypeError('function library', opcode, start);
      case RdbOpcode.eof:
        this.checksum = crc64(buffer.subarray(this.checksumFrom, reader.position), this.checksum);
        this.current = this.version >= RDB_CHECKSUM_VERSION ? 'checksum' : 'done';
        return this.current === 'done' ? { kind: 'end', checksum: null } : null;
    }
    return this.key(reader, opcode, start);
  }

  private key(reader: RdbReader, typeByte: number, start: number): RdbPart | null {
    const key = reader.string();
    const decoded = decodeRdbStoredValue(reader, typeByte, start);
    const expiresAt = this.expiresAt;
    this.expiresAt = null;
    if (decoded === null) return null; // an empty collection: Redis skips the key too
    return { kind: 'key', entry: { db: this.db, key, type: decoded.type, value: decoded.value, expiresAt }, offset: this.origin + start, encoding: typeByte };
  }

  /** The CRC-64 after EOF: the parse loop folded every byte before it, EOF included. */
  private footer(reader: RdbReader): RdbPart {
    const start = reader.position;
    const stored = reader.take(RDB_CHECKSUM_BYTES).readBigUInt64LE(0);
    const computed = this.checksum; // every byte up to the EOF opcode was folded in when it was read
    this.current = 'done';
    if (stored === 0n) return { kind: 'end', checksum: null };
    if (stored !== computed) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_CHECKSUM', `checksum mismatch (file says ${hex(stored)}, content has ${hex(computed)})`, this.origin + start);
    }
    return { kind: 'end', checksum: stored };
  }

  private checkedDb(db: number, start: number): number {
    const limit = this.databases;
    if (limit !== undefined && db >= limit) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_DATABASES', `SELECTDB ${db}, but the target keyspace has ${limit} databases`, this.origin + start, { db });
    }
    return db;
  }

  /** Turns a decode failure into a typed error at its file offset. */
  typed(error: unknown, itemStart: number): Error {
    if (error instanceof RdbUnsupportedTypeError) {
      return rdbError('FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE', `${error.message}: forkless cannot hold it`, this.origin + error.offset, {
        type: error.typeName,
        typeCode: error.typeCode,
      });
    }
    if (error instanceof RdbFormatError) return rdbError('FORKLESS_ERR_SNAPSHOT_RECORD', `malformed RDB: ${error.message}`, this.origin + (error.offset ?? itemStart));
    return error as Error;
  }
}

function hex(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}
