/** Bytes per slab: large enough that a queue of millions of small writes is a few hundred objects. */
const SLAB_BYTES = 64 * 1024;

/**
 * Bytes held for a socket, copied into 64 KiB slabs: holding a million small commands costs a
 * few hundred objects instead of a million Buffers (which would all survive into the old
 * generation and make major collections slow while a replica syncs).
 *
 * @example
 * ```ts
 * const queue = new ByteQueue();
 * queue.append(encodeCommand(['SET', 'k', 'v']));
 * for (const slab of queue.take()) socket.write(slab);
 * ```
 */
export class ByteQueue {
  private slabs: Buffer[] = [];
  private used = SLAB_BYTES;
  /** Bytes held. */
  length = 0;

  append(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (this.used === SLAB_BYTES) {
        this.slabs.push(Buffer.allocUnsafe(SLAB_BYTES));
        this.used = 0;
      }
      const copied = bytes.copy(this.slabs[this.slabs.length - 1]!, this.used, offset);
      this.used += copied;
      offset += copied;
    }
    this.length += bytes.length;
  }

  /** Everything held, oldest first; the queue is empty afterwards. */
  take(): Buffer[] {
    const slabs = this.slabs;
    if (slabs.length > 0) slabs[slabs.length - 1] = slabs[slabs.length - 1]!.subarray(0, this.used);
    this.slabs = [];
    this.used = SLAB_BYTES;
    this.length = 0;
    return slabs;
  }
}
