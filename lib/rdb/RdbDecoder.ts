import type { ByteString } from '../keyspace/byteString.js';
import { crc64 } from '../keyspace/dump/crc64.js';
import { decodeRdbValue } from '../keyspace/dump/decodeRdbValue.js';
import { RdbFormatError, RdbShortInput, RdbUnsupportedTypeError } from '../keyspace/dump/RdbFormatError.js';
import { RdbReader } from '../keyspace/dump/RdbReader.js';
import type { Value, ValueType } from '../keyspace/Value.js';
import { RDB_CHECKSUM_BYTES, RDB_CHECKSUM_VERSION, RDB_HEADER_BYTES, RDB_MAGIC, RDB_MAX_READ_VERSION, RdbOpcode } from './rdbFormat.js';
import { rdbError } from './rdbError.js';

/** One key read from an RDB file, in the keyspace's representation. */
export interface RdbKey {
  readonly db: number;
  readonly key: ByteString;
  readonly type: ValueType;
  readonly value: Value;
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

/** Options of an {@link RdbDecoder}. */
export interface RdbDecoderOptions {
  /** SELECTDB at or beyond this is `FORKLESS_ERR_SNAPSHOT_DATABASES` (default: no limit). */
  readonly databases?: number;
  /** Keep bytes after the checksum for {@link RdbDecoder.takeTrailing} instead of failing (a socket). */
  readonly trailing?: 'error' | 'keep';
}

type Stage = 'header' | 'body' | 'checksum' | 'done';

/** Incomplete items at least this large are retried only once their bytes doubled. */
const RETRY_DOUBLING_BYTES = 64 * 1024;

/**
 * Streaming RDB decoder: bytes in, in any split (a file's chunks, a socket's packets, one byte at a
 * time), parts out. It reads every encoding Redis 2.4 to 7.2 writes (see `decodeRdbValue`), skips
 * IDLE/FREQ/slot-info hints, drops empty collections as Redis does, and verifies the CRC-64. Only
 * the item being read is buffered: an incomplete item is retried once at least twice as many
 * bytes (or as many as it was seen to need) are there, so a large value costs linear time.
 * Defects throw a `ForklessError` with `details.offset`: `_SNAPSHOT_MAGIC`, `_VERSION`, `_RECORD`,
 * `_CHECKSUM`, `_DATABASES`, `_UNSUPPORTED_TYPE` (streams, modules, functions: `details.type`),
 * and `_TRUNCATED` from `end()`.
 *
 * @example
 * ```ts
 * const decoder = new RdbDecoder();
 * for await (const chunk of createReadStream('dump.rdb')) for (const part of decoder.push(chunk)) use(part);
 * decoder.end().forEach(use);
 * ```
 */
export class RdbDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** File offset of the first buffered byte. */
  private base = 0;
  /** Retry parsing once this many bytes are buffered. */
  private wanted = 1;
  private stage: Stage = 'header';
  private version = 0;
  private db = 0;
  private expiresAt: number | null = null;
  private checksum = 0n;
  private trailing: Buffer[] = [];

  constructor(private readonly options: RdbDecoderOptions = {}) {}

  /** True once the checksum (or the EOF opcode of a version without one) was read. */
  get finished(): boolean {
    return this.stage === 'done';
  }

  /** Feeds bytes; returns the parts they complete. */
  push(chunk: Uint8Array): RdbPart[] {
    if (chunk.length === 0) return [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.stage === 'done') return this.afterEnd(bytes, this.base + this.buffered);
    if (this.stage === 'header') this.checkMagic(Buffer.concat([...this.chunks, bytes]));
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    return this.buffered >= this.wanted ? this.parse() : [];
  }

  /**
   * Declares the end of input: returns the parts of what was still buffered (a large last item
   * waits for this) and throws `FORKLESS_ERR_SNAPSHOT_TRUNCATED` unless the input was complete.
   */
  end(): RdbPart[] {
    const parts = this.stage !== 'done' && this.buffered > 0 ? this.parse() : [];
    if (this.stage === 'done') return parts;
    throw rdbError('FORKLESS_ERR_SNAPSHOT_TRUNCATED', `input ends inside the ${this.stage === 'body' ? 'item' : this.stage} starting`, this.base, {
      end: this.base + this.buffered,
    });
  }

  /** Bytes received after the end (with `trailing: 'keep'`), handed over once. */
  takeTrailing(): Buffer {
    const rest = Buffer.concat(this.trailing);
    this.trailing = [];
    return rest;
  }

  private parse(): RdbPart[] {
    const buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const reader = new RdbReader(buffer);
    const parts: RdbPart[] = [];
    let start = 0;
    try {
      while (this.stage !== 'done' && reader.remaining > 0) {
        start = reader.position;
        const part = this.item(reader, buffer);
        if (part !== null) parts.push(part);
      }
      start = reader.position;
    } catch (error) {
      if (!(error instanceof RdbShortInput)) throw this.typed(error, start);
      // A large item waits for twice its bytes before the next attempt, so it is parsed a
      // logarithmic number of times; `end()` makes the last attempt whatever arrived.
      const partial = buffer.length - start;
      this.wanted = Math.max(error.needed - start, partial >= RETRY_DOUBLING_BYTES ? 2 * partial : 0);
    }
    if (this.stage === 'body') this.checksum = crc64(buffer.subarray(0, start), this.checksum);
    const rest = buffer.subarray(start);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.base += start;
    if (this.stage === 'done') {
      this.chunks = [];
      this.buffered = 0;
      if (rest.length > 0) parts.push(...this.afterEnd(rest, this.base));
    } else if (rest.length === 0) this.wanted = 1;
    return parts;
  }

  /** Reads one item (an opcode with its operands, or a key); null when it yields no part. */
  private item(reader: RdbReader, buffer: Buffer): RdbPart | null {
    switch (this.stage) {
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
    this.stage = 'body';
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
        this.checksum = crc64(buffer.subarray(0, reader.position), this.checksum);
        this.stage = this.version >= RDB_CHECKSUM_VERSION ? 'checksum' : 'done';
        return this.stage === 'done' ? { kind: 'end', checksum: null } : null;
    }
    return this.key(reader, opcode, start);
  }

  private key(reader: RdbReader, typeByte: number, start: number): RdbPart | null {
    const key = reader.string();
    const decoded = decodeRdbValue(reader, typeByte, start);
    const expiresAt = this.expiresAt;
    this.expiresAt = null;
    if (decoded === null) return null; // an empty collection: Redis skips the key too
    return { kind: 'key', entry: { db: this.db, key, type: decoded.type, value: decoded.value, expiresAt }, offset: this.base + start, encoding: typeByte };
  }

  /** The CRC-64 after EOF: the parse loop folded every byte before it, EOF included. */
  private footer(reader: RdbReader): RdbPart {
    const start = reader.position;
    const stored = reader.take(RDB_CHECKSUM_BYTES).readBigUInt64LE(0);
    const computed = this.checksum; // every byte up to the EOF opcode was folded in when it was read
    this.stage = 'done';
    if (stored === 0n) return { kind: 'end', checksum: null };
    if (stored !== computed) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_CHECKSUM', `checksum mismatch (file says ${hex(stored)}, content has ${hex(computed)})`, this.base + start);
    }
    return { kind: 'end', checksum: stored };
  }

  private checkedDb(db: number, start: number): number {
    const limit = this.options.databases;
    if (limit !== undefined && db >= limit) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_DATABASES', `SELECTDB ${db}, but the target keyspace has ${limit} databases`, this.base + start, { db });
    }
    return db;
  }

  private afterEnd(bytes: Buffer, offset: number): RdbPart[] {
    if (this.options.trailing !== 'keep') throw rdbError('FORKLESS_ERR_SNAPSHOT_RECORD', 'unexpected bytes after the end of the RDB', offset);
    this.trailing.push(bytes);
    return [];
  }

  private checkMagic(prefix: Buffer): void {
    const length = Math.min(prefix.length, RDB_MAGIC.length);
    if (!prefix.subarray(0, length).equals(RDB_MAGIC.subarray(0, length))) throw rdbError('FORKLESS_ERR_SNAPSHOT_MAGIC', 'not an RDB file (bad magic)', 0);
  }

  /** Turns a decode failure into a typed error at its file offset. */
  private typed(error: unknown, itemStart: number): Error {
    if (error instanceof RdbUnsupportedTypeError) {
      return rdbError('FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE', `${error.message}: forkless cannot hold it`, this.base + error.offset, {
        type: error.typeName,
        typeCode: error.typeCode,
      });
    }
    if (error instanceof RdbFormatError) return rdbError('FORKLESS_ERR_SNAPSHOT_RECORD', `malformed RDB: ${error.message}`, this.base + (error.offset ?? itemStart));
    return error as Error;
  }
}

function hex(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}
