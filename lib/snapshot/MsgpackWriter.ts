/**
 * A minimal msgpack writer for snapshot records: arrays, unsigned integers, nil, float64 and bin
 * (byte strings written latin1 straight into the output, no Buffer per element). What it writes
 * any msgpack reader decodes (bin as bytes, arrays as arrays).
 *
 * @example
 * ```ts
 * const writer = new MsgpackWriter(1024);
 * writer.array(2).unsigned(1).bin('key');
 * const record = writer.take(); // Buffer with [1, <bin key>]
 * ```
 */
export class MsgpackWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** An array header of `count` elements. */
  array(count: number): this {
    this.reserve(5);
    if (count < 16) this.buffer[this.length++] = 0x90 | count;
    else if (count < 0x10000) this.uint16(0xdc, count);
    else this.uint32(0xdd, count);
    return this;
  }

  /** A non-negative integer below 2^32 (positive fixint, uint8/16/32). */
  unsigned(value: number): this {
    this.reserve(5);
    if (value < 0x80) this.buffer[this.length++] = value;
    else if (value < 0x100) {
      this.buffer[this.length++] = 0xcc;
      this.buffer[this.length++] = value;
    } else if (value < 0x10000) this.uint16(0xcd, value);
    else this.uint32(0xce, value);
    return this;
  }

  /** nil */
  nil(): this {
    this.reserve(1);
    this.buffer[this.length++] = 0xc0;
    return this;
  }

  /** A float64 (exact for every integer up to 2^53: expiry times). */
  float64(value: number): this {
    this.reserve(9);
    this.buffer[this.length++] = 0xcb;
    this.length = this.buffer.writeDoubleBE(value, this.length);
    return this;
  }

  /** A byte string (one char per byte) as bin. */
  bin(bytes: string): this {
    this.binHeader(bytes.length);
    this.length += this.buffer.write(bytes, this.length, bytes.length, 'latin1');
    return this;
  }

  /** `count` bytes as one bin, filled in place by `fill` (given the buffer and the start offset). */
  binWith(count: number, fill: (target: Buffer, offset: number) => void): this {
    this.binHeader(count);
    fill(this.buffer, this.length);
    this.length += count;
    return this;
  }

  /** Everything written so far as one Buffer; the writer starts over. */
  take(): Buffer {
    const record = Buffer.from(this.buffer.subarray(0, this.length));
    this.length = 0;
    return record;
  }

  private binHeader(count: number): void {
    this.reserve(5 + count);
    if (count < 0x100) {
      this.buffer[this.length++] = 0xc4;
      this.buffer[this.length++] = count;
    } else if (count < 0x10000) this.uint16(0xc5, count);
    else this.uint32(0xc6, count);
  }

  private uint16(marker: number, value: number): void {
    this.buffer[this.length++] = marker;
    this.length = this.buffer.writeUInt16BE(value, this.length);
  }

  private uint32(marker: number, value: number): void {
    this.buffer[this.length++] = marker;
    this.length = this.buffer.writeUInt32BE(value, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
