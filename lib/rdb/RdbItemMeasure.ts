import { MAX_STRING_BYTES } from '../keyspace/dump/RdbReader.js';
import { RdbType } from '../keyspace/dump/rdbTypes.js';
import { RdbOpcode } from './rdbFormat.js';

/** String encodings after a 0b11 length prefix: int8, int16, int32 (their data bytes), then LZF. */
const INTEGER_STRING_BYTES = [1, 2, 4];
const LZF_ENCODING = 3;

/** Types whose value is one string (a plain string or a blob: ziplist, listpack, intset, zipmap). */
const ONE_STRING_TYPES: ReadonlySet<number> = new Set([
  RdbType.string,
  RdbType.hashZipmap,
  RdbType.listZiplist,
  RdbType.setIntset,
  RdbType.zsetZiplist,
  RdbType.hashZiplist,
  RdbType.hashListpack,
  RdbType.zsetListpack,
  RdbType.setListpack,
]);

/**
 * Finds where an RDB body item (an opcode with its operands, or a key with its value) ends by
 * reading only its length prefixes: no strings, no allocation. The streaming decoder measures an
 * item before decoding it, so an item cut by a chunk boundary is left whole for the next chunk
 * instead of failing halfway. Malformed bytes (an unknown length encoding, type or opcode, a
 * length beyond 512 MB) end the measure where they are, so the decoder reaches them and reports
 * them with their offset.
 *
 * @example
 * ```ts
 * const measure = new RdbItemMeasure();
 * const end = measure.itemEnd(buffer, position);
 * if (end > buffer.length) waitForBytes(end - position); // the item needs at least that many
 * ```
 */
export class RdbItemMeasure {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** The last length read. */
  private value = 0;
  /** The last length read was a string encoding. */
  private encoded = false;
  /** The bytes ran out (then `at` is the least length that holds the item) or malformed bytes were met. */
  private stopped = false;

  /**
   * The end of the body item at `position`; a value beyond `bytes.length` means the item is cut
   * short and needs a buffer at least that long.
   */
  itemEnd(bytes: Uint8Array, position: number): number {
    this.bytes = bytes;
    this.at = position;
    this.stopped = false;
    const opcode = this.byte();
    if (!this.stopped) this.operands(opcode);
    return this.at;
  }

  private operands(opcode: number): void {
    switch (opcode) {
      case RdbOpcode.aux:
        return this.strings(2);
      case RdbOpcode.resizeDb:
        return this.lengths(2);
      case RdbOpcode.slotInfo:
        return this.lengths(3);
      case RdbOpcode.selectDb:
      case RdbOpcode.idle:
        return this.lengths(1);
      case RdbOpcode.expireTimeMs:
        return this.skip(8);
      case RdbOpcode.expireTime:
        return this.skip(4);
      case RdbOpcode.freq:
        return this.skip(1);
      case RdbOpcode.eof:
      case RdbOpcode.moduleAux:
      case RdbOpcode.function2:
      case RdbOpcode.functionPreGa:
        return; // the end, or refused by the decoder
    }
    this.string(); // the key
    this.typedValue(opcode);
  }

  private typedValue(type: number): void {
    if (ONE_STRING_TYPES.has(type)) return this.string();
    switch (type) {
      case RdbType.list:
      case RdbType.set:
      case RdbType.listQuicklist:
        return this.strings(this.length());
      case RdbType.hash:
        return this.strings(this.length() * 2);
      case RdbType.zset:
      case RdbType.zset2:
        return this.scoredMembers(this.length(), type === RdbType.zset2);
      case RdbType.listQuicklist2:
        return this.quicklistNodes(this.length());
    }
    this.stopped = true; // unknown or unsupported: the decoder reports it
  }

  private scoredMembers(count: number, binary: boolean): void {
    for (let index = 0; index < count && !this.stopped; index++) {
      this.string();
      if (binary) this.skip(8);
      else {
        const length = this.byte();
        if (length < 253) this.skip(length); // 253–255: NaN and infinities, no text
      }
    }
  }

  private quicklistNodes(count: number): void {
    for (let index = 0; index < count && !this.stopped; index++) {
      const container = this.length();
      if (container !== 1 && container !== 2) this.stopped = true;
      else this.string();
    }
  }

  private strings(count: number): void {
    for (let index = 0; index < count && !this.stopped; index++) this.string();
  }

  private lengths(count: number): void {
    for (let index = 0; index < count && !this.stopped; index++) this.length();
  }

  private string(): void {
    this.lengthOrEncoding();
    if (this.stopped) return;
    if (!this.encoded) return this.value > MAX_STRING_BYTES ? this.stop() : this.skip(this.value);
    if (this.value < LZF_ENCODING) return this.skip(INTEGER_STRING_BYTES[this.value]!);
    if (this.value > LZF_ENCODING) return this.stop();
    const compressed = this.length();
    this.length(); // the expanded length
    this.skip(compressed);
  }

  private length(): number {
    this.lengthOrEncoding();
    if (this.encoded) this.stop();
    return this.stopped ? 0 : this.value;
  }

  private lengthOrEncoding(): void {
    const first = this.byte();
    if (this.stopped) return;
    this.encoded = first >> 6 === 3;
    if (first >> 6 !== 2) {
      this.value = first >> 6 === 1 ? ((first & 0x3f) << 8) | this.byte() : first & 0x3f;
      return;
    }
    if (first === 0x80) this.value = this.bigEndian(4);
    else if (first === 0x81) this.value = this.bigEndian(8);
    else this.stop();
  }

  /** An unsigned big-endian number (a 64-bit one inexact beyond 2^53, which only a malformed file holds). */
  private bigEndian(count: number): number {
    const start = this.at;
    this.skip(count);
    let value = 0;
    if (!this.stopped) for (let index = start; index < start + count; index++) value = value * 256 + this.bytes[index]!;
    return value;
  }

  private byte(): number {
    if (this.stopped) return 0;
    if (this.at >= this.bytes.length) {
      this.at++;
      this.stopped = true;
      return 0;
    }
    return this.bytes[this.at++]!;
  }

  private skip(count: number): void {
    if (this.stopped) return;
    this.at += count;
    if (this.at > this.bytes.length) this.stopped = true;
  }

  private stop(): void {
    this.stopped = true;
  }
}
