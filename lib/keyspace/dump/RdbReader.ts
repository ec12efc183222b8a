import type { ByteString } from '../byteString.js';
import { latin1Slice } from '../latin1.js';
import { lzfDecompress } from './lzf.js';
import { RdbFormatError, RdbShortInput } from './RdbFormatError.js';

/** Largest string a reader accepts (Redis's 512 MB string limit): bounds what one bad length can claim. */
export const MAX_STRING_BYTES = 512 * 1024 * 1024;

const LZF_MAX_EXPANSION = 88;

/**
 * A cursor over serialized RDB bytes: the length and string encodings (6/14/32/64-bit lengths,
 * int8/16/32 and LZF strings), doubles and times. Strings are read straight from the buffer as
 * byte strings (no Buffer view per string); a blob (listpack, intset, …) is left in place as
 * {@link blobBytes} from {@link blobStart} to {@link blobEnd}. Running past the end throws
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
  /** Set by {@link lengthOrEncoding}: the value read was a string encoding (0–3), not a length. */
  encoded = false;
  /** Where the last {@link blob} lies: the reader's own bytes, or the LZF-expanded copy. */
  blobBytes: Buffer;
  blobStart = 0;
  blobEnd = 0;

  constructor(
    readonly bytes: Buffer,
    public position = 0,
  ) {
    this.blobBytes = bytes;
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.position;
  }

  /** Throws {@link RdbShortInput} unless `count` more bytes are there. */
  need(count: number): void {
    if (this.position + count > this.bytes.length) throw new RdbShortInput(this.position + count);
  }

  /**
   * Before the next of `items` items of at least one byte each: at the end of the input, a short
   * input that asks for all of them at once (one byte each), so a huge declared count fails at once
   * instead of item by item.
   */
  needItems(items: number): void {
    if (this.position === this.bytes.length) this.need(items);
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.position++]!;
  }

  /** `count` raw bytes (a view, not a copy). */
  take(count: number): Buffer {
    return this.bytes.subarray(this.skip(count), this.position);
  }

  /** Moves past `count` bytes; returns where they start. */
  skip(count: number): number {
    this.need(count);
    const start = this.position;
    this.position += count;
    return start;
  }

  /** A length (element count, string length); an encoded-string marker here is malformed. */
  length(): number {
    const start = this.position;
    const value = this.lengthOrEncoding();
    if (this.encoded) throw new RdbFormatError(`expected a length, found string encoding ${value}`, start);
    return value;
  }

  /** A length, or (then {@link encoded} is set) the special-encoding number of a string (0–3: int8, int16, int32, LZF). */
  lengthOrEncoding(): number {
    const start = this.position;
    const first = this.byte();
    this.encoded = false;
    switch (first >> 6) {
      case 0:
        return first & 0x3f;
      case 1:
        return ((first & 0x3f) << 8) | this.byte();
      case 3:
        this.encoded = true;
        return first & 0x3f;
    }
    if (first === 0x80) return this.bytes.readUInt32BE(this.skip(4));
    if (first === 0x81) {
      const value = this.bytes.readBigUInt64BE(this.skip(8));
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('64-bit length out of range', start);
      return Number(value);
    }
    throw new RdbFormatError(`unknown length encoding 0x${first.toString(16)}`, start);
  }

  /** A string as a byte string. */
  string(): ByteString {
    const start = this.position;
    const value = this.lengthOrEncoding();
    if (!this.encoded) {
      const from = this.skip(this.checkedLength(value, start));
      return latin1Slice(this.bytes, from, this.position);
    }
    if (value < 3) return this.integerString(value);
    const expanded = this.lzfString(value, start);
    return latin1Slice(expanded, 0, expanded.length);
  }

  /** A string as bytes (ziplist and zipmap blobs): a view, or the LZF-expanded copy. */
  stringBytes(): Buffer {
    this.blob();
    return this.blobBytes.subarray(this.blobStart, this.blobEnd);
  }

  /** Reads a string blob (listpack, intset) without copying it: sets {@link blobBytes}, {@link blobStart}, {@link blobEnd}. */
  blob(): void {
    const start = this.position;
    const value = this.lengthOrEncoding();
    if (this.encoded) {
      this.blobBytes = value < 3 ? Buffer.from(this.integerString(value), 'latin1') : this.lzfString(value, start);
      this.blobStart = 0;
      this.blobEnd = this.blobBytes.length;
      return;
    }
    this.blobStart = this.skip(this.checkedLength(value, start));
    this.blobBytes = this.bytes;
    this.blobEnd = this.position;
  }

  /** A double stored as 8 bytes little-endian (ZSET_2). */
  binaryDouble(): number {
    return this.bytes.readDoubleLE(this.skip(8));
  }

  /** A double stored as text (old ZSET): length byte, 253 NaN, 254 +inf, 255 -inf. */
  textDouble(): number {
    const start = this.position;
    const length = this.byte();
    if (length === 253) return Number.NaN;
    if (length === 254) return Infinity;
    if (length === 255) return -Infinity;
    const from = this.skip(length);
    const value = Number(latin1Slice(this.bytes, from, this.position));
    if (Number.isNaN(value)) throw new RdbFormatError('unreadable text double', start);
    return value;
  }

  /** A signed 64-bit little-endian ms time (EXPIRETIME_MS), clamped to the JS-safe range. */
  millisecondTime(): number {
    const value = this.bytes.readBigInt64LE(this.skip(8));
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    return Number(value > limit ? limit : value < -limit ? -limit : value);
  }

  private checkedLength(length: number, start: number): number {
    if (length > MAX_STRING_BYTES) throw new RdbFormatError(`string length ${length} exceeds ${MAX_STRING_BYTES}`, start);
    return length;
  }

  /** The decimal text of an int8/16/32-encoded string (encodings 0, 1, 2). */
  private integerString(encoding: number): string {
    if (encoding === 0) return String(this.bytes.readInt8(this.skip(1)));
    return String(encoding === 1 ? this.bytes.readInt16LE(this.skip(2)) : this.bytes.readInt32LE(this.skip(4)));
  }

  /** An LZF string (encoding 3) expanded, or an unknown encoding's error. */
  private lzfString(encoding: number, start: number): Buffer {
    if (encoding !== 3) throw new RdbFormatError(`unknown string encoding ${encoding}`, start);
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
}
