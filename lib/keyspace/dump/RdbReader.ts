import type { ByteString } from '../byteString.js';
import { lzfDecompress } from './lzf.js';
import { RdbFormatError, RdbShortInput } from './RdbFormatError.js';

/** Largest string a reader accepts (Redis's 512 MB string limit): bounds what one bad length can claim. */
export const MAX_STRING_BYTES = 512 * 1024 * 1024;

const LZF_MAX_EXPANSION = 88;

/**
 * A cursor over serialized RDB bytes: the length and string encodings (6/14/32/64-bit lengths,
 * int8/16/32 and LZF strings), doubles and times. Running past the end throws
 * {@link RdbShortInput}; impossible values throw {@link RdbFormatError} with the position.
 *
 * @example
 * ```ts
 * const reader = new RdbReader(payload);
 * const type = reader.byte();
 * const text = reader.string(); // a byte string, integers and LZF decoded
 * ```
 */
export class RdbReader {
  constructor(
    readonly bytes: Buffer,
    public position = 0,
  ) {}

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.position;
  }

  /** Throws {@link RdbShortInput} unless `count` more bytes are there. */
  need(count: number): void {
    if (this.position + count > this.bytes.length) throw new RdbShortInput(this.position + count);
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.position++]!;
  }

  /** `count` raw bytes (a view, not a copy). */
  take(count: number): Buffer {
    this.need(count);
    const start = this.position;
    this.position += count;
    return this.bytes.subarray(start, this.position);
  }

  /** A length (element count, string length); an encoded-string marker here is malformed. */
  length(): number {
    const start = this.position;
    const { value, encoded } = this.lengthOrEncoding();
    if (encoded) throw new RdbFormatError(`expected a length, found string encoding ${value}`, start);
    return value;
  }

  /** A length, or (`encoded`) the special-encoding number of a string (0–3: int8, int16, int32, LZF). */
  lengthOrEncoding(): { value: number; encoded: boolean } {
    const start = this.position;
    const first = this.byte();
    switch (first >> 6) {
      case 0:
        return { value: first & 0x3f, encoded: false };
      case 1:
        return { value: ((first & 0x3f) << 8) | this.byte(), encoded: false };
      case 3:
        return { value: first & 0x3f, encoded: true };
    }
    if (first === 0x80) return { value: this.take(4).readUInt32BE(0), encoded: false };
    if (first === 0x81) {
      const value = this.take(8).readBigUInt64BE(0);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('64-bit length out of range', start);
      return { value: Number(value), encoded: false };
    }
    throw new RdbFormatError(`unknown length encoding 0x${first.toString(16)}`, start);
  }

  /** A string as a byte string. */
  string(): ByteString {
    const start = this.position;
    const { value, encoded } = this.lengthOrEncoding();
    if (!encoded) return this.take(this.checkedLength(value, start)).toString('latin1');
    return value < 3 ? this.integerString(value) : this.encodedString(value, start).toString('latin1');
  }

  /** A string as bytes (ziplist, listpack and intset blobs). */
  stringBytes(): Buffer {
    const start = this.position;
    const { value, encoded } = this.lengthOrEncoding();
    return encoded ? this.encodedString(value, start) : this.take(this.checkedLength(value, start));
  }

  /** A double stored as 8 bytes little-endian (ZSET_2). */
  binaryDouble(): number {
    return this.take(8).readDoubleLE(0);
  }

  /** A double stored as text (old ZSET): length byte, 253 NaN, 254 +inf, 255 -inf. */
  textDouble(): number {
    const start = this.position;
    const length = this.byte();
    if (length === 253) return Number.NaN;
    if (length === 254) return Infinity;
    if (length === 255) return -Infinity;
    const value = Number(this.take(length).toString('latin1'));
    if (Number.isNaN(value)) throw new RdbFormatError('unreadable text double', start);
    return value;
  }

  /** A signed 64-bit little-endian ms time (EXPIRETIME_MS), clamped to the JS-safe range. */
  millisecondTime(): number {
    const value = this.take(8).readBigInt64LE(0);
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    return Number(value > limit ? limit : value < -limit ? -limit : value);
  }

  private checkedLength(length: number, start: number): number {
    if (length > MAX_STRING_BYTES) throw new RdbFormatError(`string length ${length} exceeds ${MAX_STRING_BYTES}`, start);
    return length;
  }

  /** The decimal text of an int8/16/32-encoded string (encodings 0, 1, 2). */
  private integerString(encoding: number): string {
    if (encoding === 0) return String(this.take(1).readInt8(0));
    return String(encoding === 1 ? this.take(2).readInt16LE(0) : this.take(4).readInt32LE(0));
  }

  private encodedString(encoding: number, start: number): Buffer {
    switch (encoding) {
      case 0:
      case 1:
      case 2:
        return Buffer.from(this.integerString(encoding), 'latin1');
      case 3: {
        const compressedLength = this.length();
        const length = this.checkedLength(this.length(), start);
        // LZF expands at most 88-fold (a 3-byte back reference yields 264 bytes): refuse a
        // declared length it cannot reach before allocating it.
        if (length > compressedLength * LZF_MAX_EXPANSION + 32) throw new RdbFormatError(`LZF length ${length} impossible from ${compressedLength} bytes`, start);
        const compressed = this.take(compressedLength);
        try {
          return lzfDecompress(compressed, length);
        } catch (error) {
          throw new RdbFormatError((error as Error).message, start);
        }
      }
      default:
        throw new RdbFormatError(`unknown string encoding ${encoding}`, start);
    }
  }
}
