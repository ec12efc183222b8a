import type { ByteString } from '../byteString.js';

/** Chunk size by default: 64 KiB, like the snapshot sink's batches. */
const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** Canonical decimal integers that Redis stores int-encoded (`rdbTryIntegerEncoding`). */
const SHORT_INTEGER = /^(?:0|-?[1-9][0-9]{0,9})$/;
const INT8 = 0xc0;
const INT16 = 0xc1;
const INT32 = 0xc2;

/**
 * Buffered output of RDB encodings: bytes gather in a chunk that is handed to `emit` once full (or
 * on `flush`), after which a fresh chunk is used, so the receiver may keep each chunk (a stream
 * write, a socket). Strings longer than a chunk are cut across chunks.
 *
 * @example
 * ```ts
 * const chunks: Buffer[] = [];
 * const out = new RdbOutput((chunk) => chunks.push(chunk));
 * out.byte(0); out.string('key'); out.string('value'); out.flush();
 * ```
 */
export class RdbOutput {
  private buffer: Buffer;
  private used = 0;

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.used++] = value;
  }

  /** An RDB length: 6-bit, 14-bit, 32-bit or 64-bit form. */
  length(value: number): void {
    this.ensure(9);
    const buffer = this.buffer;
    if (value < 0x40) buffer[this.used++] = value;
    else if (value < 0x4000) {
      buffer[this.used++] = 0x40 | (value >> 8);
      buffer[this.used++] = value & 0xff;
    } else if (value <= 0xffffffff) {
      buffer[this.used++] = 0x80;
      this.used = buffer.writeUInt32BE(value, this.used);
    } else {
      buffer[this.used++] = 0x81;
      this.used = buffer.writeBigUInt64BE(BigInt(value), this.used);
    }
  }

  /** A string: int-encoded when Redis would (short canonical integers in int32 range), else length and bytes. */
  string(value: ByteString): void {
    if (value.length <= 11 && SHORT_INTEGER.test(value) && this.integer(Number(value))) return;
    this.length(value.length);
    this.verbatim(value);
  }

  /** A byte string's bytes as they are, without a length (cut across chunks if longer than the room left). */
  verbatim(value: ByteString): void {
    if (value.length <= this.chunkBytes - this.used) {
      this.used += this.buffer.write(value, this.used, value.length, 'latin1');
      return;
    }
    for (let start = 0; start < value.length;) {
      if (this.used === this.chunkBytes) this.flush();
      const piece = Math.min(value.length - start, this.chunkBytes - this.used);
      this.used += this.buffer.write(value.slice(start, start + piece), this.used, piece, 'latin1');
      start += piece;
    }
  }

  /** Raw bytes, as given. */
  bytes(bytes: Uint8Array): void {
    for (let start = 0; start < bytes.length;) {
      if (this.used === this.chunkBytes) this.flush();
      const piece = Math.min(bytes.length - start, this.chunkBytes - this.used);
      this.buffer.set(bytes.subarray(start, start + piece), this.used);
      this.used += piece;
      start += piece;
    }
  }

  /**
   * Part `[start, end)` of a byte string (at most a chunk), as {@link string} writes it when
   * `withLength`, else its bytes alone.
   */
  stringPart(text: ByteString, start: number, end: number, withLength = true): void {
    // Short ones may be integers, which string() encodes as Redis does.
    if (withLength && end - start <= 11) return this.string(text.substring(start, end));
    if (withLength) this.length(end - start);
    this.ensure(end - start);
    for (let at = start; at < end; at++) this.buffer[this.used++] = text.charCodeAt(at);
  }

  /** A double as 8 bytes little-endian (ZSET_2 scores). */
  binaryDouble(value: number): void {
    this.ensure(8);
    this.used = this.buffer.writeDoubleLE(value, this.used);
  }

  /** A signed 64-bit little-endian ms time (EXPIRETIME_MS). */
  millisecondTime(value: number): void {
    this.ensure(8);
    this.used = this.buffer.writeBigInt64LE(BigInt(value), this.used);
  }

  /** Hands the bytes gathered so far to `emit` (nothing if none). */
  flush(): void {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    this.emit(chunk);
  }

  /** Writes `value` int-encoded if it fits 32 bits; false otherwise. */
  private integer(value: number): boolean {
    this.ensure(5);
    const buffer = this.buffer;
    if (value >= -128 && value <= 127) {
      buffer[this.used++] = INT8;
      this.used = buffer.writeInt8(value, this.used);
    } else if (value >= -32768 && value <= 32767) {
      buffer[this.used++] = INT16;
      this.used = buffer.writeInt16LE(value, this.used);
    } else if (value >= -2147483648 && value <= 2147483647) {
      buffer[this.used++] = INT32;
      this.used = buffer.writeInt32LE(value, this.used);
    } else return false;
    return true;
  }

  private ensure(count: number): void {
    if (this.used + count > this.chunkBytes) this.flush();
  }
}
