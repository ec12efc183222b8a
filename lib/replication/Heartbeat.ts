import { performance } from 'node:perf_hooks';

/** Timing of a {@link Heartbeat}. */
export interface HeartbeatTiming {
  /** How often `beat` runs, in ms. */
  intervalMs: number;
  /** Silence from the peer longer than this ends the link, in ms (checked at each beat). */
  timeoutMs: number;
}

/**
 * One side's liveness loop: calls `beat` every interval (send a heartbeat or an ack) and
 * `onTimeout` once when nothing was heard from the peer (`touch`) for longer than the timeout.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat({ intervalMs: 1000, timeoutMs: 10_000 }, () => send(ack), () => socket.terminate());
 * socket.on('message', () => heartbeat.touch());
 * ```
 */
export class Heartbeat {
  private lastHeard = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timing: HeartbeatTiming,
    beat: () => void,
    private readonly onTimeout: (silentMs: number) => void,
  ) {
    this.timer = setInterval(() => {
      const silentMs = performance.now() - this.lastHeard;
      if (silentMs > this.timing.timeoutMs) {
        this.stop();
        this.onTimeout(Math.round(silentMs));
      } else {
        beat();
      }
    }, timing.intervalMs);
    // Never keep a process alive just for heartbeats.
    this.timer.unref();
  }

  /** The peer was heard from. */
  touch(): void {
    this.lastHeard = performance.now();
  }

  /** Stops beating and watching. */
  stop(): void {
    clearInterval(this.timer);
  }
}
