import { Observable } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { normalizeBgIterationOptions, type BgIterationOptions } from './BgIterationOptions.js';
import type { IterationItem, StoredIterationItem } from '../keyspace/IterationItem.js';
import { IterationTracker } from './IterationTracker.js';
import { keyspaceCursor } from './keyspaceCursor.js';
import { SlotRanges } from './SlotRanges.js';

export type { BgIterationOptions } from './BgIterationOptions.js';

/**
 * A forkless background iteration of a keyspace, in one of four consistency modes
 * (docs/architecture.md, "The four modes"). Subscribing takes T0; each subscription is an independent
 * iteration. The stream carries, in causal order, the time-sliced cursor's entries, the entries
 * writes present ahead of the cursor (copy-before-write), barriers, and, with `replication`, the
 * writes the replica needs; it ends with `{ kind: 'complete', offset }` and completes. Items reach
 * the subscriber only between writes, so `next` may run any command on the same keyspace.
 * Unsubscribing releases everything.
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
  return iterate(keyspace, options, false) as Observable<IterationItem>;
}

/**
 * {@link bgIteration} for a sink that sends or stores small collections in their packed
 * form (a follower's full sync): their entries carry the keyspace's `PackedCollection` as it is,
 * with no unpacking on the way out.
 *
 * @example
 * ```ts
 * bgIterationPacked(leader, { consistent: false, replication: true }).subscribe((item) => follower.apply(item));
 * ```
 */
export function bgIterationPacked(keyspace: Keyspace, options: BgIterationOptions): Observable<StoredIterationItem> {
  return iterate(keyspace, options, true);
}

function iterate(keyspace: Keyspace, options: BgIterationOptions, packed: boolean): Observable<StoredIterationItem> {
  const settings = normalizeBgIterationOptions(options);
  const slots = settings.slots === undefined ? undefined : SlotRanges.of(settings.slots);
  return new Observable<StoredIterationItem>((subscriber) => {
    const tracker = new IterationTracker(keyspace, { consistent: settings.consistent, replication: settings.replication, slots, packed }, subscriber);
    const cursor = keyspaceCursor(tracker, settings).subscribe({
      complete: () => tracker.finish(),
      error: (error: unknown) => tracker.fail(error),
    });
    return () => {
      cursor.unsubscribe();
      tracker.close();
    };
  });
}
