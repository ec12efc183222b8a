import { BehaviorSubject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bgIteration } from '../../lib/iteration/bgIteration.js';
import type { IterationItem, StoredIterationItem } from '../../lib/keyspace/IterationItem.js';
import { IterationTracker } from '../../lib/iteration/IterationTracker.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { isForklessError } from '../../lib/errors.js';
import { ManualScheduler } from '../support/ManualScheduler.js';

function filled(keys: number): Keyspace {
  const keyspace = new Keyspace({ databases: 2 });
  for (let index = 0; index < keys; index++) keyspace.execute(['SET', `key:${index}`, `value:${index}`], { db: index % 2 });
  return keyspace;
}

describe('bgIteration at run time', () => {
  it('yields to the event loop between cycles with the default scheduler: a callback queued in a cycle runs before the next', async () => {
    const keyspace = filled(50_000);
    let seenByCallback = -1;
    let count = 0;
    const done = new Promise<void>((resolve) =>
      // A budget no cycle reaches: only batchSize ends a cycle, however loaded the machine is.
      bgIteration(keyspace, { consistent: true, replication: false, batchSize: 500, budgetMs: 60_000 }).subscribe({
        next: () => {
          // Queued during the first cycle: it runs after that cycle and before the second, exactly
          // as I/O callbacks do (a microtask scheduler would run every cycle first).
          if (count++ === 0) setImmediate(() => (seenByCallback = count));
        },
        complete: resolve,
      }),
    );
    await done;
    expect(seenByCallback).toBe(500);
  });

  it('caps each cycle by its budget: advance stops when the clock says time is up', () => {
    const keyspace = filled(1_000);
    const items: StoredIterationItem[] = [];
    const tracker = new IterationTracker(keyspace, { consistent: true, replication: false }, { next: (item) => items.push(item), error: () => {}, complete: () => {} });
    const presented = tracker.advance(1_000, () => true);
    // The clock is checked every 64 steps (entering a slot is a step too).
    expect(presented).toBeGreaterThan(0);
    expect(presented).toBeLessThanOrEqual(64);
    expect(items).toHaveLength(presented); // delivered at the end of the cycle
    expect(tracker.advance(10, () => false)).toBe(10);
    tracker.close();
  });

  it('a congested consumer pauses the cursor, never the writers', () => {
    const keyspace = filled(100);
    const scheduler = new ManualScheduler();
    const congested = new BehaviorSubject(false);
    const items: IterationItem[] = [];
    bgIteration(keyspace, { consistent: true, replication: false, scheduler, batchSize: 10, backpressure$: congested }).subscribe((item) => items.push(item));
    scheduler.step();
    congested.next(true);
    expect(scheduler.step()).toBe(true); // this cycle sees the congestion and parks
    expect(scheduler.pending).toBe(0);
    expect(items).toHaveLength(10);
    // Writers go on; the keys they touch are expedited at once.
    for (let index = 50; index < 60; index++) keyspace.execute(['SET', `key:${index}`, 'changed'], { db: index % 2 });
    expect(items).toHaveLength(20);
    congested.next(false);
    scheduler.drain();
    expect(items.at(-1)).toEqual({ kind: 'complete', offset: 100 }); // the T0 offset
    expect(items.filter((item) => item.kind === 'entry')).toHaveLength(100);
  });

  it('releases copy-before-write memory once the consumer drops the item', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc').toBeTypeOf('function');
    const keyspace = new Keyspace();
    keyspace.execute(['SET', 'unrelated', 'x']);
    keyspace.execute(['SET', 'big', 'x'.repeat(1_000)]);
    const scheduler = new ManualScheduler();
    let held: WeakRef<object> | null = null;
    bgIteration(keyspace, { consistent: true, replication: false, scheduler, batchSize: 1 }).subscribe((item) => {
      // The consumer keeps nothing but a weak reference to the frozen item.
      if (item.kind === 'entry' && item.key === 'big') held = new WeakRef(item);
    });
    scheduler.step();
    keyspace.execute(['APPEND', 'big', 'y']);
    expect(held).not.toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
    expect(held!.deref()).toBeUndefined();
    scheduler.drain();
  });

  it('unsubscribing detaches every hook: later writes do not reach it', () => {
    const keyspace = filled(20);
    const seen: StoredIterationItem[] = [];
    const tracker = new IterationTracker(keyspace, { consistent: true, replication: false }, { next: (item) => seen.push(item), error: () => {}, complete: () => {} });
    tracker.close();
    keyspace.execute(['SET', 'key:7', 'changed'], { db: 1 });
    expect(seen).toEqual([]);
  });

  it('rejects invalid options with a typed error', () => {
    const keyspace = new Keyspace();
    for (const options of [{ budgetMs: 0 }, { batchSize: 1.5 }, { batchSize: 0 }]) {
      try {
        bgIteration(keyspace, { consistent: true, replication: false, ...options });
        expect.unreachable();
      } catch (error) {
        expect(isForklessError(error, 'FORKLESS_ERR_INVALID_OPTION')).toBe(true);
      }
    }
  });
});
