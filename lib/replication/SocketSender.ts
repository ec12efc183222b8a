import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { WebSocket } from 'ws';
import { encodeMessage } from './messageCodec.js';
import type { ReplicationMessage } from './ReplicationMessage.js';

/** Flow-control limits of a {@link SocketSender}, in bytes buffered for the peer. */
export interface SocketSenderLimits {
  /** Above this the socket counts as congested (default 1 MiB). */
  highWaterMark?: number;
  /** Congestion ends once the buffer drained below this (default 256 KiB). */
  lowWaterMark?: number;
  /**
   * Above this the peer is not keeping up: `onOutputLimit` is called (default 64 MiB). Entry bytes
   * of the full-sync cursor's current burst do not count: the cursor pauses at the high-water mark
   * by itself, so it overshoots by at most one cycle, while live writes never pause.
   */
  outputLimit?: number;
}

/**
 * Sends messages on one WebSocket and reports its congestion, so producers can slow down
 * (`congested$`) and a peer that stops reading is cut off (`onOutputLimit`) instead of buffered for
 * without bound.
 *
 * @example
 * ```ts
 * const sender = new SocketSender(socket, { outputLimit: 8 << 20 }, (bytes) => socket.close(4429, 'output limit'));
 * bgIteration(ks, { consistent: false, replication: true, backpressure$: sender.congested$ });
 * ```
 * @internal
 */
export class SocketSender {
  private readonly congestion = new BehaviorSubject(false);
  private readonly highWaterMark: number;
  private readonly lowWaterMark: number;
  private readonly outputLimit: number;
  private overflowed = false;
  /** Full-sync entry bytes sent since the buffer last drained below the low-water mark. */
  private exemptBytes = 0;
  /** Bytes handed to the socket so far. */
  bytesSent = 0;

  /** True while more than the high-water mark is buffered; false once it drained. */
  readonly congested$: Observable<boolean> = this.congestion.pipe(distinctUntilChanged());

  constructor(
    private readonly socket: WebSocket,
    limits: SocketSenderLimits,
    private readonly onOutputLimit: (bufferedBytes: number, limit: number) => void,
  ) {
    this.highWaterMark = limits.highWaterMark ?? 1024 * 1024;
    this.lowWaterMark = Math.min(limits.lowWaterMark ?? 256 * 1024, this.highWaterMark);
    this.outputLimit = limits.outputLimit ?? 64 * 1024 * 1024;
  }

  /** Bytes queued for the peer and not yet written to the kernel. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Encodes and sends a message; a no-op once the socket is no longer open. `exemptBytes`: how
   * much of it is full-sync cursor entries (not counted against the output limit).
   */
  send(message: ReplicationMessage, exemptBytes = 0): void {
    if (this.socket.readyState !== WebSocket.OPEN || this.overflowed) return;
    const frame = encodeMessage(message);
    this.bytesSent += frame.length;
    this.exemptBytes += exemptBytes;
    this.socket.send(frame, { binary: true }, this.afterWrite);
    const buffered = this.socket.bufferedAmount;
    if (buffered - this.exemptBytes > this.outputLimit) {
      this.overflowed = true;
      this.onOutputLimit(buffered, this.outputLimit);
    } else if (buffered > this.highWaterMark) {
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
    if (error != null || this.socket.bufferedAmount > this.lowWaterMark) return;
    this.exemptBytes = 0;
    if (this.congestion.value) this.congestion.next(false);
  };
}
