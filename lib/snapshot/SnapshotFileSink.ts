import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { ForklessError } from '../errors.js';
import { FRAME_PREFIX_BYTES, MAX_RECORD_BYTES } from './snapshotFormat.js';
import { encodeSnapshotFooter } from './SnapshotFooter.js';
import { claimTemporaryPath, releaseTemporaryPath } from './temporaryFiles.js';

/** Small records are copied into batches of this size before they reach the stream. */
const BATCH_BYTES = 64 * 1024;

/**
 * The byte side of a save: frames records into 64 KiB batches, writes them asynchronously to a
 * temporary file next to the target (CRC32 and byte count on the way), and either commits (`finish`:
 * footer, fsync; `publish`: rename over the target, fsync of the directory) or discards (temporary
 * file removed).
 * `needsDrain` says the stream is over its high-water mark: stop feeding until `drained()`.
 *
 * @example
 * ```ts
 * const sink = await SnapshotFileSink.open('/data/dump.fkl');
 * sink.append(encodeSnapshotHeader(header));
 * for (const payload of encodeEntryRecords(entry)) { sink.appendRecord(payload); if (sink.needsDrain) await sink.drained(); }
 * await sink.finishWithFooter(keyCount);
 * await sink.publish();
 * ```
 */
export class SnapshotFileSink {
  /** Bytes handed to the file so far. */
  bytesWritten = 0;
  /** Record frames appended so far. */
  records = 0;
  private checksum = 0;
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private batchLength = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly stream: WriteStream,
    /** The temporary file being written. */
    readonly temporaryPath: string,
    private readonly target: string,
  ) {
    stream.on('error', (error) => (this.failure = error));
  }

  /** Creates the temporary file for `target` (exclusively: never reuses an existing file). */
  static async open(target: string, highWaterMark = 4 * BATCH_BYTES): Promise<SnapshotFileSink> {
    const temporaryPath = claimTemporaryPath(target);
    // `flush`: the stream fsyncs the file before closing it.
    const stream = createWriteStream(temporaryPath, { flags: 'wx', flush: true, highWaterMark });
    try {
      await new Promise<void>((resolve, reject) => stream.once('ready', () => resolve()).once('error', reject));
      return new SnapshotFileSink(stream, temporaryPath, target);
    } catch (error) {
      releaseTemporaryPath(temporaryPath);
      throw ioError('cannot create the temporary file', temporaryPath, error);
    }
  }

  /** True while the stream is over its high-water mark. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  /** Resolves once the stream drained (at once if it needs no drain); rejects on a write error. */
  drained(): Promise<void> {
    this.throwIfFailed();
    if (!this.needsDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.stream.off('drain', settle).off('error', settle);
        if (this.failure === null) resolve();
        else reject(ioError('write failed', this.temporaryPath, this.failure));
      };
      this.stream.on('drain', settle).on('error', settle);
    });
  }

  /** Appends raw bytes (the header). */
  append(bytes: Buffer): void {
    if (bytes.length > BATCH_BYTES - this.batchLength) this.flushBatch();
    if (bytes.length > BATCH_BYTES) this.write(Buffer.from(bytes));
    else this.batchLength += bytes.copy(this.batch, this.batchLength);
  }

  /** Appends one record payload with its length prefix. */
  appendRecord(payload: Buffer): void {
    if (payload.length > MAX_RECORD_BYTES) {
      throw new ForklessError('FORKLESS_ERR_SNAPSHOT_RECORD', `a record of ${payload.length} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit (one element too large)`);
    }
    const prefix = Buffer.allocUnsafe(FRAME_PREFIX_BYTES);
    prefix.writeUInt32LE(payload.length, 0);
    this.append(prefix);
    this.append(payload);
    this.records++;
  }

  /**
   * Appends one record that `encode` writes in place (at most `maxBytes`, well under a batch) and
   * returns the end offset of: no payload Buffer, no copy. `encode` may decline by returning -1:
   * nothing is appended, and this returns false.
   */
  appendRecordInPlace(maxBytes: number, encode: (target: Buffer, offset: number) => number): boolean {
    if (FRAME_PREFIX_BYTES + maxBytes > BATCH_BYTES - this.batchLength) this.flushBatch();
    const start = this.batchLength + FRAME_PREFIX_BYTES;
    const end = encode(this.batch, start);
    if (end < 0) return false;
    this.batch.writeUInt32LE(end - start, this.batchLength);
    this.batchLength = end;
    this.records++;
    return true;
  }

  /**
   * Writes the footer and makes the temporary file durable (closed with fsync). The target is still
   * untouched: the save may yet be abandoned with {@link discard}.
   */
  async finishWithFooter(keys: number): Promise<void> {
    this.append(encodeSnapshotFooter(this.records, keys, (footerPrefix) => crc32(footerPrefix, this.checksumWithBatch())));
    await this.finish();
  }

  /**
   * Appends a chunk its producer no longer touches (an RDB writer's output) straight to the stream,
   * without copying it into a batch.
   */
  appendChunk(chunk: Buffer): void {
    this.flushBatch();
    this.write(chunk);
  }

  /** Makes what was appended durable as is (closed with fsync); the target is still untouched. */
  async finish(): Promise<void> {
    this.flushBatch();
    await this.orDiscard(this.temporaryPath, async () => {
      await new Promise<void>((resolve, reject) =>
        this.stream
          .once('error', reject)
          .once('close', () => resolve())
          .end(),
      );
      this.throwIfFailed();
    });
  }

  /**
   * Renames the finished file over the target and fsyncs the directory: the point of no return,
   * from here on the new file replaces the old one whatever happens to the caller.
   */
  async publish(): Promise<void> {
    await this.orDiscard(this.target, async () => {
      await rename(this.temporaryPath, this.target);
      releaseTemporaryPath(this.temporaryPath);
      await syncDirectory(dirname(this.target));
    });
  }

  /** Abandons the file: stream stopped and closed, temporary file removed. Never throws. */
  async discard(): Promise<void> {
    if (!this.stream.closed) await new Promise<void>((resolve) => this.stream.once('close', () => resolve()).destroy());
    await unlink(this.temporaryPath).catch(() => undefined); // gone already (renamed or removed)
    releaseTemporaryPath(this.temporaryPath);
  }

  /** Runs a commit step; on failure, discards the file and throws a typed error about `path`. */
  private async orDiscard(path: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      await this.discard();
      throw error instanceof ForklessError ? error : ioError('cannot make the snapshot durable', path, error);
    }
  }

  /** CRC32 of everything appended so far, the unflushed batch included. */
  private checksumWithBatch(): number {
    return crc32(this.batch.subarray(0, this.batchLength), this.checksum);
  }

  private flushBatch(): void {
    if (this.batchLength === 0) return;
    const full = this.batch.subarray(0, this.batchLength);
    // The stream keeps a reference to `full` until written: start a fresh batch instead of reusing it.
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.batchLength = 0;
    this.write(full);
  }

  private write(bytes: Buffer): void {
    this.throwIfFailed();
    this.checksum = crc32(bytes, this.checksum);
    this.bytesWritten += bytes.length;
    this.stream.write(bytes);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw ioError('write failed', this.temporaryPath, this.failure);
  }
}

function ioError(what: string, path: string, cause: unknown): ForklessError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ForklessError('FORKLESS_ERR_SNAPSHOT_IO', `${what}: ${path}: ${reason}`, { path, cause });
}

/** fsync of the directory, so the rename itself survives a power loss. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
