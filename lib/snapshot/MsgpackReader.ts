import { latin1Slice } from '../keyspace/latin1.js';

/** A value {@link MsgpackReader.value} reads: bins come out as byte strings. */
export type ReadValue = number | null | string | ReadValue[];

/** Returned by a read that met bytes outside the subset (or a truncated value). */
export const UNREAD = Symbol('unread');

/**
 * Reads the msgpack subset {@link MsgpackWriter} writes (arrays, unsigned integers, nil, float64
 * and bin) straight from a buffer at a position: a bin comes out as a byte string with one latin1
 * read, never as a Buffer view. Any other marker, or a value cut short, reads as {@link UNREAD},
 * so the caller can hand the bytes to a full msgpack decoder, which judges them. For the
 * replication wire, which msgpackr writes, {@link MsgpackReader.strBytes} also finds a str's bytes.
 *
 * @example
 * ```ts
 * const reader = new MsgpackReader(Buffer.from([0x92, 0x01, 0xc4, 0x01, 0x61]), 0);
 * reader.value(); // [1, 'a']
 * reader.atEnd; // true
 * ```
 */
export class MsgpackReader {
  /**
   * @param position where reading starts
   * @param end where the bytes to read end (default: the buffer's end): a record inside a larger
   *   chunk is read in place, nothing past `end` is looked at.
   */
  constructor(
    private readonly bytes: Buffer,
    public position: number,
    private readonly end = bytes.length,
  ) {}

  /** True once every byte was read. */
  get atEnd(): boolean {
    return this.position === this.end;
  }

  /** The next value of the subset, or {@link UNREAD}. */
  value(): ReadValue | typeof UNREAD {
    const marker = this.marker();
    if (marker === undefined) return UNREAD;
    if (marker < 0x80 || marker === 0xcc || marker === 0xcd || marker === 0xce) return this.unsigned() ?? UNREAD;
    if (marker === 0xc0) return this.advance(1, null);
    if (marker === 0xcb) return this.float64();
    if (marker === 0xc4 || marker === 0xc5 || marker === 0xc6) return this.bin() ?? UNREAD;
    return this.array();
  }

  /** A positive fixint or uint8/16/32, or undefined. */
  unsigned(): number | undefined {
    const bytes = this.bytes;
    const marker = this.marker();
    if (marker === undefined) return undefined;
    if (marker < 0x80) return this.advance(1, marker);
    if (marker === 0xcc && this.position + 2 <= this.end) return this.advance(2, bytes[this.position + 1]!);
    if (marker === 0xcd && this.position + 3 <= this.end) return this.advance(3, bytes.readUInt16BE(this.position + 1));
    if (marker === 0xce && this.position + 5 <= this.end) return this.advance(5, bytes.readUInt32BE(this.position + 1));
    return undefined;
  }

  /** nil, or a float64 holding a non-negative safe integer (how the encoder writes times), or undefined. */
  expiry(): number | null | undefined {
    const marker = this.marker();
    if (marker === 0xc0) return this.advance(1, null);
    if (marker !== 0xcb || this.position + 9 > this.end) return undefined;
    const time = this.bytes.readDoubleBE(this.position + 1);
    return Number.isSafeInteger(time) && time >= 0 ? this.advance(9, time) : undefined;
  }

  /** A bin8/16/32 as a byte string, or undefined. */
  bin(): string | undefined {
    const start = this.binBytes();
    return start < 0 ? undefined : latin1Slice(this.bytes, start, this.position);
  }

  /** Skips a bin8/16/32's header and bytes; returns where its bytes start (they end at `position`), or -1. */
  binBytes(): number {
    const marker = this.marker();
    return this.sizedBytes(marker === 0xc4 ? 1 : marker === 0xc5 ? 2 : marker === 0xc6 ? 4 : 0);
  }

  /** Skips a fixstr or str8/16/32's header and bytes (UTF-8); returns where its bytes start (they end at `position`), or -1. */
  strBytes(): number {
    const marker = this.marker();
    if (marker !== undefined && marker >= 0xa0 && marker <= 0xbf) return this.skipBytes(this.position + 1, marker & 0x1f);
    return this.sizedBytes(marker === 0xd9 ? 1 : marker === 0xda ? 2 : marker === 0xdb ? 4 : 0);
  }

  /** Skips a marker, a big-endian length of `width` bytes (0: not a sized marker) and that many bytes; see {@link binBytes}. */
  private sizedBytes(width: number): number {
    const bytes = this.bytes;
    if (width === 0 || this.position + 1 + width > this.end) return -1;
    const length = width === 1 ? bytes[this.position + 1]! : width === 2 ? bytes.readUInt16BE(this.position + 1) : bytes.readUInt32BE(this.position + 1);
    return this.skipBytes(this.position + 1 + width, length);
  }

  /** Moves past `length` bytes from `start` if they are all there; returns `start`, or -1. */
  private skipBytes(start: number, length: number): number {
    if (start + length > this.end) return -1;
    this.position = start + length;
    return start;
  }

  /** An array header's element count, or undefined (a count above the bytes left is a lie). */
  arrayLength(): number | undefined {
    const bytes = this.bytes;
    const marker = this.marker();
    let count: number;
    if (marker === undefined) return undefined;
    if (marker >= 0x90 && marker <= 0x9f) count = this.advance(1, marker & 0x0f);
    else if (marker === 0xdc && this.position + 3 <= this.end) count = this.advance(3, bytes.readUInt16BE(this.position + 1));
    else if (marker === 0xdd && this.position + 5 <= this.end) count = this.advance(5, bytes.readUInt32BE(this.position + 1));
    else return undefined;
    // Every element takes at least one byte: a larger count is a lie (no huge allocation for it).
    return count > this.end - this.position ? undefined : count;
  }

  private float64(): number | typeof UNREAD {
    if (this.position + 9 > this.end) return UNREAD;
    return this.advance(9, this.bytes.readDoubleBE(this.position + 1));
  }

  private array(): ReadValue[] | typeof UNREAD {
    const count = this.arrayLength();
    if (count === undefined) return UNREAD;
    const items = new Array<ReadValue>(count);
    for (let index = 0; index < count; index++) {
      const item = this.value();
      if (item === UNREAD) return UNREAD;
      items[index] = item;
    }
    return items;
  }

  /** The byte at the position, or undefined at the end. */
  private marker(): number | undefined {
    return this.position < this.end ? this.bytes[this.position] : undefined;
  }

  private advance<T>(count: number, value: T): T {
    this.position += count;
    return value;
  }
}
