import { normalizeOptions } from '../optionRules.js';
import { FRAME_OPTIONS, type FrameLimits } from './LeaderOptions.js';

/**
 * Collects items produced in one synchronous burst (a bgIteration cycle, a write) and hands them
 * over as one batch at the end of the burst (a microtask later) or as soon as a limit is reached.
 *
 * @example
 * ```ts
 * const batcher = new FrameBatcher((items) => send({ type: 'records', records: items }), estimateBytes);
 * batcher.add(record); // sent with everything else added in the same tick
 * ```
 */
export class FrameBatcher<T> {
  private pending: T[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private readonly maxItems: number;
  private readonly maxBytes: number;

  constructor(
    private readonly emit: (batch: T[]) => void,
    private readonly estimate: (item: T) => number,
    limits: FrameLimits = {},
  ) {
    ({ maxItems: this.maxItems, maxBytes: this.maxBytes } = normalizeOptions('FrameBatcher', FRAME_OPTIONS, limits));
  }

  /** Queues an item; emits a batch when a limit is reached. */
  add(item: T): void {
    this.pending.push(item);
    this.pendingBytes += this.estimate(item);
    if (this.pending.length >= this.maxItems || this.pendingBytes >= this.maxBytes) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Emits what is pending now (call before sending a message that must follow these items). */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.emit(batch);
  }

  /** Drops what is pending (the connection is gone). */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
