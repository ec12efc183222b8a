import { Observable, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/** What the cursor drives: an iteration's bookkeeping (an `IterationTracker`). */
export interface CursorSource {
  readonly done: boolean;
  /** Presents (and delivers) up to `limit` entries; returns how many it presented. */
  advance(limit: number, outOfTime: () => boolean): number;
}

/** Time slicing and pacing of a cursor. */
export interface CursorOptions {
  /** Runs each cycle as one action; the cycle's clock is `scheduler.now()`. */
  readonly scheduler: SchedulerLike;
  /** Work per cycle, in ms of `scheduler.now()`. */
  readonly budgetMs: number;
  /** Entries per cycle at most. */
  readonly batchSize: number;
  /** While the latest value is true the consumer is congested and no new cycle starts. */
  readonly backpressure$?: Observable<boolean>;
}

/**
 * The keyspace cursor's pacing: budgeted cycles, each one `scheduler.schedule` action that lets
 * the source present at most `batchSize` entries within `budgetMs`; emits the number presented
 * per cycle and completes when the source is done. Nothing happens synchronously inside
 * `subscribe`. A congested consumer (backpressure$ true) stops the cycles until it reports false.
 *
 * @example
 * ```ts
 * keyspaceCursor(tracker, { scheduler: immediateScheduler, budgetMs: 2, batchSize: 512 })
 *   .subscribe({ complete: () => tracker.finish() });
 * ```
 */
export function keyspaceCursor(source: CursorSource, options: CursorOptions): Observable<number> {
  const { scheduler, budgetMs, batchSize, backpressure$ } = options;
  return new Observable<number>((subscriber) => {
    let congested = false;
    let waiting = false;
    let action: Subscription | null = null;
    function cycle(this: SchedulerAction<void>): void {
      if (congested) {
        waiting = true;
        return;
      }
      const deadline = scheduler.now() + budgetMs;
      let presented: number;
      try {
        presented = source.advance(batchSize, () => scheduler.now() >= deadline);
      } catch (error) {
        // A scheduled action has no caller to throw to: the error belongs to the stream.
        subscriber.error(error);
        return;
      }
      if (subscriber.closed) return;
      subscriber.next(presented);
      if (source.done) subscriber.complete();
      else this.schedule();
    }
    const pacing = backpressure$?.subscribe((busy) => {
      congested = busy;
      if (!busy && waiting) {
        waiting = false;
        action = scheduler.schedule(cycle);
      }
    });
    action = scheduler.schedule(cycle);
    return () => {
      action?.unsubscribe();
      pacing?.unsubscribe();
    };
  });
}
