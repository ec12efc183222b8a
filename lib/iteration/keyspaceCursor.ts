import { Observable, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import type { EntryItem } from './IterationItem.js';

/** What the cursor needs from an iteration's bookkeeping (an `IterationTracker`). */
export interface CursorSource {
  readonly done: boolean;
  takeBatch(limit: number, outOfTime: () => boolean): EntryItem[];
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
 * The keyspace cursor stream: budgeted cycles, each one `scheduler.schedule` action presenting at
 * most `batchSize` entries within `budgetMs`; completes when every database has been walked.
 * Nothing is emitted synchronously inside `subscribe`. A congested consumer (backpressure$ true)
 * stops the cycles until it reports false, so at most one batch is in flight past the mark.
 *
 * @example
 * ```ts
 * keyspaceCursor(tracker, { scheduler: immediateScheduler, budgetMs: 4, batchSize: 1000 })
 *   .subscribe((entry) => sink.write(entry));
 * ```
 */
export function keyspaceCursor(source: CursorSource, options: CursorOptions): Observable<EntryItem> {
  const { scheduler, budgetMs, batchSize, backpressure$ } = options;
  return new Observable<EntryItem>((subscriber) => {
    let congested = false;
    let waiting = false;
    let action: Subscription | null = null;
    function cycle(this: SchedulerAction<void>): void {
      if (congested) {
        waiting = true;
        return;
      }
      const deadline = scheduler.now() + budgetMs;
      let batch: EntryItem[];
      try {
        batch = source.takeBatch(batchSize, () => scheduler.now() >= deadline);
      } catch (error) {
        // A scheduled action has no caller to throw to: the error belongs to the stream.
        subscriber.error(error);
        return;
      }
      for (const entry of batch) {
        if (subscriber.closed) return;
        subscriber.next(entry);
      }
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
