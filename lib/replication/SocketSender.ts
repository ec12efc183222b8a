import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { WebSocket } from 'ws';
import { encodeMessage } from './messageCodec.js';
import type { SocketSenderLimits } from './LeaderOptions.js';
import type { ReplicationMessage } from './ReplicationMessage.js';

/**
 * Sends messages on one WebSocket and reports its congestion, so producers can slow down
 * (`congested$`) and a peer that stops reading is cut off (`onOutputLimit`) instead of buffered for
 * without bound.
 *
 * @example
 * ```ts
 * const sender = new SocketSender(socket, { highWaterMark: 1 << 20, lowWaterMark: 1 << 18, outputLimit: 8 << 20 }, (bytes) => socket.close(4429, 'output limit'));
 * bgIteration(ks, { consistent: false, replication: true, backpressure$: sender.congested$ });
 * ```
 * @internal
 */
export class SocketSender {
  private readonly congestion = new BehaviorSubject(false);
  private overflowed = false;
  /** Exempt bytes (full-sync cursor entries) of the frames not yet written to the kernel. */
  private exemptBuffered = 0;
  /** Bytes handed to the socket so far. */
  bytesSent = 0;

  /** True while more than the high-water mark is buffered; false once it drained. */
  readonly congested$: Observable<boolean> = this.congestion.pipe(distinctUntilChanged());

  /** @param limits normalized by `normalizeLeaderOptions`. */
  constructor(
    private readonly socket: WebSocket,
    private readonly limits: Required<SocketSenderLimits>,
    private readonly onOutputLimit: (bufferedBytes: number, limit: number) => void,
  ) {}

  /** Bytes queued for the peer and not yet written to the kernel. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Encodes and sends a message; a no-op once the socket is no longer open. `exemptBytes`: how
   * much of it is full-sync cursor entries (not counted against the output limit while buffered).
   */
  send(message: ReplicationMessage, exemptBytes = 0): void {
    if (this.socket.readyState !== WebSocket.OPEN || this.overflowed) return;
    const frame = encodeMessage(message);
    this.bytesSent += frame.length;
    this.exemptBuffered += exemptBytes;
    this.socket.send(
      frame,
      { binary: true },
      exemptBytes === 0
        ? this.afterWrite
        : (error) => {
            this.exemptBuffered -= exemptBytes;
            this.afterWrite(error);
          },
    );
    const buffered = this.socket.bufferedAmount;
    if (buffered - this.exemptBuffered > this.limits.outputLimit) {
      this.overflowed = true;
      this.onOutputLimit(buffered, this.limits.outputLimit);
    } else if (buffered > this.limits.highWaterMark) {
      this.congestion.next(true);
    }
  }

  /** Ends the congestion stream (the connection is gone). */
  close(): void {
    this.congestion.complete();
  }

  // Runs when a frame reached the kernel: the buffer shrank, maybe enough to resume producers.
  private readonly afterWrite = (error?: Error): void => {
    // ws reports success as null or undefined, depending on the path the frame took.
    if (error != null || this.socket.bufferedAmount > this.limits.lowWaterMark) return;
    if (this.congestion.value) this.congestion.next(false);
  };
}
