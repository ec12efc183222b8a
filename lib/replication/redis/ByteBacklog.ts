/**
 * Redis's replication backlog: the last `size` bytes of the replication stream, addressed by
 * stream offset, so a replica that reconnects at offset X gets `+CONTINUE` and the bytes after X.
 *
 * @example
 * ```ts
 * const backlog = new ByteBacklog(1024 * 1024, 0);
 * backlog.append(encodeCommand(['SET', 'k', 'v']));
 * if (backlog.covers(replicaOffset)) socket.write(backlog.bytesAfter(replicaOffset));
 * ```
 */
export class ByteBacklog {
  private chunks: Buffer[] = [];
  /** Index of the oldest chunk held (dropped slots are compacted lazily: O(1) per append). */
  private head = 0;
  private held = 0;
  /** Stream offset of the first byte held, minus one (the lowest offset a replica may resume at). */
  private first: number;

  /** @param end the stream offset now: the next byte appended is `end + 1`. */
  constructor(
    private capacity: number,
    end: number,
  ) {
    this.first = end;
  }

  /** Bytes it keeps at most (`repl-backlog-size`). */
  get size(): number {
    return this.capacity;
  }

  /** Offset of the last byte appended. */
  get end(): number {
    return this.first + this.held;
  }

  /** Bytes held (`repl_backlog_histlen`). */
  get length(): number {
    return this.held;
  }

  /** Offset of the oldest byte held (`repl_backlog_first_byte_offset`). */
  get firstByteOffset(): number {
    return this.first + 1;
  }

  append(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.held += bytes.length;
    this.fit();
  }

  /** Keeps at most `size` bytes from now on; shrinking drops the oldest, keeping the newest (CONFIG SET repl-backlog-size). */
  resize(size: number): void {
    this.capacity = size;
    if (this.held > 0) this.fit();
  }

  /** True when every byte after `offset` is held (an offset at the end continues with nothing). */
  covers(offset: number): boolean {
    return offset >= this.first && offset <= this.end;
  }

  /** The bytes after `offset`; call only when {@link covers} is true. */
  bytesAfter(offset: number): Buffer {
    return Buffer.concat(this.chunks.slice(this.head), this.held).subarray(offset - this.first);
  }

  /** Forgets everything; the stream continues at `end` (a new replication history). */
  reset(end: number): void {
    this.chunks = [];
    this.head = 0;
    this.held = 0;
    this.first = end;
  }

  private fit(): void {
    while (this.held - this.chunks[this.head]!.length >= this.capacity) this.dropOldest();
    if (this.held > this.capacity) this.trim(this.held - this.capacity);
  }

  private dropOldest(): void {
    const dropped = this.chunks[this.head]!;
    this.held -= dropped.length;
    this.first += dropped.length;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private trim(bytes: number): void {
    this.chunks[this.head] = this.chunks[this.head]!.subarray(bytes);
    this.held -= bytes;
    this.first += bytes;
  }
}
