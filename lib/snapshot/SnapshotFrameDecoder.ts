import { crc32 } from 'node:zlib';
import { FOOTER_BYTES, FRAME_PREFIX_BYTES, MAX_RECORD_BYTES } from './snapshotFormat.js';
import { checkMagic, decodeSnapshotHeader, HEADER_PREFIX_BYTES, readHeaderLength, type SnapshotHeader } from './SnapshotHeader.js';
import { snapshotError } from './snapshotError.js';

/** One structural piece of a snapshot file, with the byte offset where it starts. */
export type SnapshotFrame =
  | { readonly kind: 'header'; readonly offset: number; readonly header: SnapshotHeader }
  /** The record is bytes `[start, end)` of `bytes`: the chunk it arrived in, read in place (no view per record). */
  | { readonly kind: 'record'; readonly offset: number; readonly bytes: Buffer; readonly start: number; readonly end: number }
  /** `checksum` is the CRC32 of every byte before the footer's checksum field; `bytes` the footer. */
  | { readonly kind: 'footer'; readonly offset: number; readonly bytes: Buffer; readonly checksum: number; readonly records: number };

type Stage = 'prefix' | 'header' | 'frameLength' | 'payload' | 'footer' | 'done';

/**
 * Incremental decoder of the file's framing: header, length-prefixed records, footer. Bytes can
 * arrive in any split (one byte at a time included); it buffers only the piece it is reading (at
 * most one record, {@link MAX_RECORD_BYTES}), and computes the running CRC32 on the way.
 *
 * @example
 * ```ts
 * const decoder = new SnapshotFrameDecoder();
 * for await (const chunk of stream) for (const frame of decoder.push(chunk)) handle(frame);
 * decoder.end(); // throws FORKLESS_ERR_SNAPSHOT_TRUNCATED if the footer was not reached
 * ```
 */
export class SnapshotFrameDecoder {
  private pending: Buffer[] = [];
  /** Bytes of `pending[0]` already consumed (chunks are read in place, not re-sliced). */
  private headOffset = 0;
  private pendingBytes = 0;
  /** File offset of the first pending byte. */
  private position = 0;
  private stage: Stage = 'prefix';
  private needed = HEADER_PREFIX_BYTES;
  private pieceStart = 0;
  /** CRC32 of every byte pushed except the last four (which are the footer's CRC at the end). */
  private checksum = 0;
  private checksumTail: Buffer = Buffer.alloc(0);
  private records = 0;

  /** Feeds bytes; returns the frames they complete, in file order. Throws a typed error on bad input. */
  push(chunk: Uint8Array): SnapshotFrame[] {
    if (chunk.length === 0) return [];
    if (this.stage === 'done') throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', 'unexpected bytes after the footer', this.position);
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending.push(bytes);
    this.pendingBytes += chunk.length;
    this.foldIntoChecksum(bytes);
    // Reject a file that is not a snapshot from its first bytes, not only once 12 arrived.
    if (this.stage === 'prefix') checkMagic(this.peek(Math.min(this.pendingBytes, HEADER_PREFIX_BYTES)));
    const frames: SnapshotFrame[] = [];
    while (!this.finished && this.pendingBytes >= this.needed) {
      const frame = this.step();
      if (frame !== null) frames.push(frame);
    }
    if (this.finished && this.pendingBytes > 0) throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', 'unexpected bytes after the footer', this.position);
    return frames;
  }

  /** Declares the end of input: throws unless the whole file, footer included, was read. */
  end(): void {
    if (this.stage === 'done') return;
    if (this.stage === 'prefix') readHeaderLength(this.peek(this.pendingBytes));
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_TRUNCATED', `file ends inside the ${this.describeStage()} starting`, this.pieceStart, { end: this.position + this.pendingBytes });
  }

  /** True once the footer was read. */
  get finished(): boolean {
    return this.stage === 'done';
  }

  private step(): SnapshotFrame | null {
    switch (this.stage) {
      case 'prefix':
        this.needed = readHeaderLength(this.peek(HEADER_PREFIX_BYTES));
        this.stage = 'header';
        return null;
      case 'header': {
        const header = decodeSnapshotHeader(this.take(this.needed));
        return this.expect('frameLength', FRAME_PREFIX_BYTES, { kind: 'header', offset: 0, header });
      }
      case 'frameLength':
        return this.readFrameLength();
      case 'payload': {
        const offset = this.pieceStart;
        this.records++;
        return this.expect('frameLength', FRAME_PREFIX_BYTES, this.record(offset, this.needed));
      }
      case 'footer':
        return this.readFooter();
      case 'done':
        return null;
    }
  }

  private readFrameLength(): null {
    this.pieceStart = this.position;
    const first = this.pending[0]!;
    const length = first.length - this.headOffset >= FRAME_PREFIX_BYTES ? first.readUInt32LE(this.headOffset) : this.peek(FRAME_PREFIX_BYTES).readUInt32LE(0);
    if (length === 0) {
      this.stage = 'footer';
      this.needed = FOOTER_BYTES;
      return null;
    }
    if (length > MAX_RECORD_BYTES) throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `record length ${length} exceeds the ${MAX_RECORD_BYTES}-byte limit`, this.position);
    this.consume(FRAME_PREFIX_BYTES);
    this.stage = 'payload';
    this.needed = length;
    return null;
  }

  /** The next `length` bytes as a record frame: in place when they lie in one chunk, else joined. */
  private record(offset: number, length: number): SnapshotFrame {
    const first = this.pending[0]!;
    const start = this.headOffset;
    if (first.length - start < length) return { kind: 'record', offset, bytes: this.take(length), start: 0, end: length };
    this.consume(length);
    return { kind: 'record', offset, bytes: first, start, end: start + length };
  }

  private readFooter(): SnapshotFrame {
    const offset = this.position;
    const prefix = this.take(FOOTER_BYTES - 4);
    const checksum = this.checksum;
    const bytes = Buffer.concat([prefix, this.take(4)]);
    this.stage = 'done';
    return { kind: 'footer', offset, bytes, checksum, records: this.records };
  }

  private expect(stage: Stage, needed: number, frame: SnapshotFrame): SnapshotFrame {
    this.stage = stage;
    this.needed = needed;
    this.pieceStart = this.position;
    return frame;
  }

  private describeStage(): string {
    return this.stage === 'payload' ? 'record' : this.stage === 'frameLength' ? 'record length' : this.stage;
  }

  /** The next `count` pending bytes, without consuming them (one view; a join across chunks). */
  private peek(count: number): Buffer {
    const first = this.pending[0];
    if (first === undefined) return Buffer.alloc(0);
    if (first.length - this.headOffset >= count) return first.subarray(this.headOffset, this.headOffset + count);
    const joined = Buffer.concat([first.subarray(this.headOffset), ...this.pending.slice(1)], this.pendingBytes);
    this.pending = [joined];
    this.headOffset = 0;
    return joined.subarray(0, count);
  }

  /** Consumes the next `count` pending bytes and returns them. */
  private take(count: number): Buffer {
    const bytes = this.peek(count);
    this.consume(count);
    return bytes;
  }

  /** Consumes `count` pending bytes that `peek` showed to be there (no view made). */
  private consume(count: number): void {
    this.headOffset += count;
    if (this.headOffset === this.pending[0]!.length) {
      this.pending.shift();
      this.headOffset = 0;
    }
    this.pendingBytes -= count;
    this.position += count;
  }

  /**
   * One CRC32 call per chunk instead of per record: everything but the last four bytes seen so far
   * is folded in. When the footer is read with nothing after it (anything after it is an error),
   * the four held back are its CRC field, and the rest is exactly what the CRC covers.
   */
  private foldIntoChecksum(bytes: Buffer): void {
    if (bytes.length < 4) {
      // Small pushes (byte by byte): join them to the held-back tail, fold what exceeds four bytes.
      const data = Buffer.concat([this.checksumTail, bytes]);
      const excess = Math.max(0, data.length - 4);
      if (excess > 0) this.checksum = crc32(data.subarray(0, excess), this.checksum);
      this.checksumTail = data.subarray(excess);
      return;
    }
    // CRC32 is a running checksum: the held-back tail, then all but the last four new bytes.
    if (this.checksumTail.length > 0) this.checksum = crc32(this.checksumTail, this.checksum);
    this.checksum = crc32(bytes.subarray(0, bytes.length - 4), this.checksum);
    this.checksumTail = Buffer.from(bytes.subarray(bytes.length - 4));
  }
}
