import { RdbShortInput } from '../keyspace/dump/RdbFormatError.js';
import { RdbReader } from '../keyspace/dump/RdbReader.js';
import { RDB_MAGIC } from './rdbFormat.js';
import { rdbError } from './rdbError.js';
import { RdbItemDecoder, type RdbPart } from './RdbItemDecoder.js';

export type { RdbKey, RdbPart } from './RdbItemDecoder.js';

/** Options of an {@link RdbDecoder}. */
export interface RdbDecoderOptions {
  /** SELECTDB at or beyond this is `FORKLESS_ERR_SNAPSHOT_DATABASES` (default: no limit). */
  readonly databases?: number;
  /** Keep bytes after the checksum for {@link RdbDecoder.takeTrailing} instead of failing (a socket). */
  readonly trailing?: 'error' | 'keep';
}

/** Incomplete items at least this large are retried only once their bytes doubled. */
const RETRY_DOUBLING_BYTES = 64 * 1024;

/**
 * Streaming RDB decoder: bytes in, in any split (a file's chunks, a socket's packets, one byte at a
 * time), parts out. It reads every encoding Redis 2.4 to 7.2 writes (see `decodeRdbValue`), skips
 * IDLE/FREQ/slot-info hints, drops empty collections as Redis does, and verifies the CRC-64. Items
 * are decoded in place from the chunk that holds them ({@link RdbItemDecoder}); each is first
 * measured by its length prefixes, so one cut by a chunk boundary is not tried: its start is kept
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
  /** Retry parsing once this many bytes are pending. */
  private wanted = 1;
  private trailing: Buffer[] = [];
  private readonly items: RdbItemDecoder;

  constructor(private readonly options: RdbDecoderOptions = {}) {
    this.items = new RdbItemDecoder(options.databases);
  }

  /** True once the checksum (or the EOF opcode of a version without one) was read. */
  get finished(): boolean {
    return this.items.stage === 'done';
  }

  /** Feeds bytes; returns the parts they complete. */
  push(chunk: Uint8Array): RdbPart[] {
    if (chunk.length === 0) return [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.items.stage === 'done') return this.afterEnd(bytes, this.base + this.pendingBytes);
    if (this.items.stage === 'header') this.checkMagic(Buffer.concat([...this.pending, bytes]));
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
    if (this.items.stage !== 'done' && this.pendingBytes > 0) this.parseRest(this.takePending(), 0, parts);
    if (this.items.stage === 'done') return parts;
    throw rdbError('FORKLESS_ERR_SNAPSHOT_TRUNCATED', `input ends inside the ${this.items.stage === 'body' ? 'item' : this.items.stage} starting`, this.base, {
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
    if (this.items.stage === 'done') return this.keep(Buffer.concat([joined.subarray(stop), chunk.subarray(head)]), 0, parts);
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
    if (this.items.stage === 'done') {
      if (rest.length > 0) parts.push(...this.afterEnd(rest, this.base));
    } else if (rest.length > 0) this.hold(rest);
    else this.wanted = 1;
  }

  /**
   * Parses whole items of `buffer` from `from` (at file offset `base`), folds their bytes into the
   * checksum, and returns where the first incomplete one starts (setting `wanted`).
   */
  private parse(buffer: Buffer, from: number, parts: RdbPart[]): number {
    const items = this.items;
    items.begin(this.base - from, from);
    const reader = new RdbReader(buffer, from);
    let start = from;
    try {
      while (items.stage !== 'done' && reader.position < buffer.length) {
        start = reader.position;
        const end = items.itemEnd(buffer, start);
        if (end > buffer.length) {
          this.waitFor(end, start, buffer.length);
          break;
        }
        const part = items.read(reader, buffer);
        if (part !== null) parts.push(part);
        start = reader.position;
      }
    } catch (error) {
      if (!(error instanceof RdbShortInput)) throw items.typed(error, start);
      this.waitFor(error.needed, start, buffer.length); // the measure fell short of the decode
    }
    items.fold(buffer, start);
    this.base = items.offsetOf(start);
    return start;
  }

  /** Sets `wanted` for an item at `start` that needs a buffer of at least `needed` bytes. */
  private waitFor(needed: number, start: number, length: number): void {
    // A large item waits for twice its bytes before the next attempt, so it is parsed a
    // logarithmic number of times; `end()` makes the last attempt whatever arrived.
    const partial = length - start;
    this.wanted = Math.max(needed - start, partial >= RETRY_DOUBLING_BYTES ? 2 * partial : 0);
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
}
