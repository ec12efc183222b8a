import type { Observer } from 'rxjs';
import type { StoredIterationItem } from '../keyspace/IterationItem.js';

/**
 * The one ordered channel from an iteration to its subscriber. Items are captured in causal order
 * (cursor entries, copy-before-write entries, barriers, forwarded commands) while the keyspace is
 * in the middle of a write, and delivered only at safe points (`drain`), in that order. Delivery
 * is re-entrant: a subscriber that runs commands from inside `next` adds items behind the ones
 * still queued, and the drain already running delivers them in turn, so no item ever overtakes
 * an older one.
 *
 * @example
 * ```ts
 * const outbox = new IterationOutbox(subscriber);
 * outbox.push(entryItem);
 * outbox.drain(); // subscriber.next(entryItem)
 * ```
 */
export class IterationOutbox {
  private queue: StoredIterationItem[] = [];
  private head = 0;
  private draining = false;
  private failure: { error: unknown } | null = null;
  private closed = false;

  constructor(private readonly subscriber: Observer<StoredIterationItem>) {}

  /** Queues an item; `complete` ends the stream once delivered. */
  push(item: StoredIterationItem): void {
    if (!this.closed && this.failure === null) this.queue.push(item);
  }

  /** Ends the stream with `error` after the items already queued. */
  fail(error: unknown): void {
    if (!this.closed && this.failure === null) this.failure = { error };
  }

  /** Delivers everything queued (unless a drain is already running further up the stack). */
  drain(): void {
    if (this.draining || this.closed) return;
    this.draining = true;
    try {
      while (!this.closed && this.head < this.queue.length) {
        const item = this.queue[this.head++]!;
        this.subscriber.next(item);
        if (item.kind === 'complete') this.finish(() => this.subscriber.complete());
      }
      if (!this.closed && this.failure !== null) {
        const { error } = this.failure;
        this.finish(() => this.subscriber.error(error));
      }
      // Everything was delivered (or a close emptied the queue): the array is reused.
      this.queue.length = 0;
      this.head = 0;
    } finally {
      this.draining = false;
    }
  }

  /** Drops everything queued; nothing is delivered any more. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
  }

  private finish(signal: () => void): void {
    this.close();
    signal();
  }
}
