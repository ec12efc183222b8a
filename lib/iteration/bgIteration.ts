import { EMPTY, merge, Observable, takeWhile } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { normalizeBgIterationOptions, type BgIterationOptions } from './BgIterationOptions.js';
import { completeIteration } from './completeIteration.js';
import { filterReplication } from './filterReplication.js';
import type { IterationItem } from './IterationItem.js';
import { IterationTracker } from './IterationTracker.js';
import { keyspaceCursor } from './keyspaceCursor.js';

export type { BgIterationOptions } from './BgIterationOptions.js';

/**
 * A forkless background iteration of a keyspace, in one of four consistency modes
 * (design.md, "The four modes"). Subscribing takes T0; each subscription is an independent
 * iteration. The stream merges the time-sliced cursor, the entries expedited by writes
 * (copy-before-write), barriers, and, with `replication`, the filtered replication stream; it
 * ends with `{ kind: 'complete', offset }` and completes. Unsubscribing releases everything.
 *
 * @example
 * ```ts
 * const replica = new Keyspace();
 * bgIteration(leader, { consistent: false, replication: true }).subscribe({
 *   next: (item) => replica.apply(item),
 *   complete: () => console.log(replica.digest() === leader.digest()), // true
 * });
 * ```
 */
export function bgIteration(keyspace: Keyspace, options: BgIterationOptions): Observable<IterationItem> {
  const settings = normalizeBgIterationOptions(options);
  return new Observable<IterationItem>((subscriber) => {
    const tracker = new IterationTracker(keyspace, settings);
    const commands$ = settings.replication ? keyspace.replication$.pipe(filterReplication(tracker)) : EMPTY;
    const cursor$ = keyspaceCursor(tracker, settings).pipe(completeIteration(() => tracker.completeItem()));
    const subscription = merge(tracker.expedited$, commands$, cursor$)
      .pipe(takeWhile((item) => item.kind !== 'complete', true))
      .subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      tracker.close();
    };
  });
}
