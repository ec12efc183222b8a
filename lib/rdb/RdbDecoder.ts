import type { ByteString } from '../keyspace/byteString.js';
import { crc64 } from '../keyspace/dump/crc64.js';
import { decodeRdbValue } from '../keyspace/dump/decodeRdbValue.js';
import { RdbFormatError, RdbShortInput, RdbUnsupportedTypeError } from '../keyspace/dump/RdbFormatError.js';
import { RdbReader } from '../keyspace/dump/RdbReader.js';
import type { Value, ValueType } from '../keyspace/Value.js';
import { RDB_CHECKSUM_BYTES, RDB_CHECKSUM_VERSION, RDB_HEADER_BYTES, RDB_MAGIC, RDB_MAX_READ_VERSION, RdbOpcode } from './rdbFormat.js';
import { rdbError } from './rdbError.js';
import { RdbItemMeasure } from './RdbItemMeasure.js';

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
 * IDLE/FREQ/slot-info hints, drops empty collections as Redis does, and verifies the CRC-64. Items
 * are decoded in place from the chunk that holds them; each is first measured by its length
 * prefixes ({@link RdbItemMeasure}), so one cut by a chunk boundary is not tried: its start is kept
 * and, once the next chunk arrives, joined with just the bytes of that chunk it still needs. Only
 * that item is buffered, and it is retried once at least as many bytes as it was measured to need
 * (and, past 64 KiB, twice as many as before) are there, so a large value costs linear time.
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
  /** The start of an incomplete item (and what arrived after it), not yet parsed. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** File offset of the first pending byte (of the next byte to parse). */
  private base = 0;
  /** File offset of byte 0 of the buffer being parsed. */
  private origin = 0;
  /** Where the bytes not yet folded into the checksum start in the buffer being parsed. */
  private checksumFrom = 0;
  /** Retry parsing once this many bytes are pending. */
  private wanted = 1;
  private stage: Stage = 'header';
  private version = 0;
  private db = 0;
  private expiresAt: number | null = null;
  private checksum = 0n;
  private trailing: Buffer[] = [];
  private readonly measure = new RdbItemMeasure();

  constructor(private readonly options: RdbDecoderOptions = {}) {}

  /** True once the checksum (or the EOF opcode of a version without one) was read. */
  get finished(): boolean {
    return this.stage === 'done';
  }

  /** Feeds bytes; returns the parts they complete. */
  push(chunk: Uint8Array): RdbPart[] {
    if (chunk.length === 0) return [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.stage === 'done') return this.afterEnd(bytes, this.base + this.pendingBytes);
    if (this.stage === 'header') this.checkMagic(Buffer.concat([...this.pending, bytes]));
    const parts: RdbPart[] = [];
    if (this.pendingBytes === 0) this.parseRest(bytes, 0, parts);
    else if (this.pendingBytes + bytes.length < this.wanted) this.hold(bytes);
    else this.resume(bytes, parts);
    return parts;
  }

  /**
   * Declares the end of input: returns the parts of what was still buffered (a large last item
   * waits for this) and throws `FORKLESS_ERR_SNAPSHOT_TRUNCATED` unless the input was complete.
   */
  end(): RdbPart[] {
    const parts: RdbPart[] = [];
    if (this.stage !== 'done' && this.pendingBytes > 0) this.parseRest(this.takePending(), 0, parts);
    if (this.stage === 'done') return parts;
    throw rdbError('FORKLESS_ERR_SNAPSHOT_TRUNCATED', `input ends inside the ${this.stage === 'body' ? 'item' : this.stage} starting`, this.base, {
      end: this.base + this.pendingBytes,
    });
  }

  /** Bytes received after the end (with `trailing: 'keep'`), handed over once. */
  takeTrailing(): Buffer {
    const rest = Buffer.concat(this.trailing);
    this.trailing = [];
    return rest;
  }

  private hold(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private takePending(): Buffer {
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  /**
   * Finishes the pending item with the head of `chunk`: the pending bytes are joined with only as
   * many of the chunk's as the item was measured to need, and parsing goes on in the chunk itself.
   */
  private resume(chunk: Buffer, parts: RdbPart[]): void {
    const before = this.pendingBytes;
    const head = Math.min(chunk.length, this.wanted - before);
    this.hold(chunk.subarray(0, head));
    const joined = this.takePending();
    const stop = this.parse(joined, 0, parts);
    if (this.stage === 'done') return this.keep(Buffer.concat([joined.subarray(stop), chunk.subarray(head)]), 0, parts);
    // The measure gave a lower bound (a collection): the item needs more of the chunk than its head.
    if (stop < before) return this.parseRest(Buffer.concat([joined.subarray(stop), chunk.subarray(head)]), 0, parts);
    this.parseRest(chunk, stop - before, parts);
  }

  /** Parses `buffer` from `from` (at file offset `base`) and keeps what is left for later. */
  private parseRest(buffer: Buffer, from: number, parts: RdbPart[]): void {
    this.keep(buffer, this.parse(buffer, from, parts), parts);
  }

  private keep(buffer: Buffer, stop: number, parts: RdbPart[]): void {
    const rest = buffer.subarray(stop);
    if (this.stage === 'done') {
      if (rest.length > 0) parts.push(...this.afterEnd(rest, this.base));
    } else if (rest.length > 0) this.hold(rest);
    else this.wanted = 1;
  }

  /**
   * Parses whole items of `buffer` from `from` (at file offset `base`), folds their bytes into the
   * checksum, and returns where the first incomplete one starts (setting `wanted`).
   */
  private parse(buffer: Buffer, from: number, parts: RdbPart[]): number {
    this.origin = this.base - from;
    this.checksumFrom = from;
    const reader = new RdbReader(buffer, from);
    let start = from;
    try {
      while (this.stage !== 'done' && reader.position < buffer.length) {
        start = reader.position;
        const end = this.itemEnd(buffer, start);
        if (end > buffer.length) {
          this.waitFor(end, start, buffer.length);
          break;
        }
        const part = this.item(reader, buffer);
        if (part !== null) parts.push(part);
        start = reader.position;
      }
    } catch (error) {
      if (!(error instanceof RdbShortInput)) throw this.typed(error, start);
      this.waitFor(error.needed, start, buffer.length); // the measure fell short of the decode
    }
    if (this.stage === 'body' || this.stage === 'header') this.checksum = crc64(buffer.subarray(this.checksumFrom, start), this.checksum);
    this.base = this.origin + start;
    return start;
  }

  /** Sets `wanted` for an item at `start` that needs a buffer of at least `needed` bytes. */
  private waitFor(needed: number, start: number, length: number): void {
    // A large item waits for twice its bytes before the next attempt, so it is parsed a
    // logarithmic number of times; `end()` makes the last attempt whatever arrived.
    const partial = length - start;
    this.wanted = Math.max(needed - start, partial >= RETRY_DOUBLING_BYTES ? 2 * partial : 0);
  }

  /** Where the item at `start` ends (beyond the buffer: cut short), judged without decoding it. */
  private itemEnd(buffer: Buffer, start: number): number {
    if (this.stage === 'header') return start + RDB_HEADER_BYTES;
    if (this.stage === 'checksum') return start + RDB_CHECKSUM_BYTES;
    return this.measure.itemEnd(buffer, start);
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
        this.checksum = crc64(buffer.subarray(this.checksumFrom, reader.position), this.checksum);
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
    return { kind: 'key', entry: { db: this.db, key, type: decoded.type, value: decoded.value, expiresAt }, offset: this.origin + start, encoding: typeByte };
  }

  /** The CRC-64 after EOF: the parse loop folded every byte before it, EOF included. */
  private footer(reader: RdbReader): RdbPart {
    const start = reader.position;
    const stored = reader.take(RDB_CHECKSUM_BYTES).readBigUInt64LE(0);
    const computed = this.checksum; // every byte up to the EOF opcode was folded in when it was read
    this.stage = 'done';
    if (stored === 0n) return { kind: 'end', checksum: null };
    if (stored !== computed) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_CHECKSUM', `checksum mismatch (file says ${hex(stored)}, content has ${hex(computed)})`, this.origin + start);
    }
    return { kind: 'end', checksum: stored };
  }

  private checkedDb(db: number, start: number): number {
    const limit = this.options.databases;
    if (limit !== undefined && db >= limit) {
      throw rdbError('FORKLESS_ERR_SNAPSHOT_DATABASES', `SELECTDB ${db}, but the target keyspace has ${limit} databases`, this.origin + start, { db });
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
