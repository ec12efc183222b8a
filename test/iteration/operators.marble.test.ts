import { BehaviorSubject, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { completeIteration } from '../../lib/iteration/completeIteration.js';
import { filterReplication } from '../../lib/iteration/filterReplication.js';
import type { EntryItem } from '../../lib/iteration/IterationItem.js';
import { keyspaceCursor, type CursorSource } from '../../lib/iteration/keyspaceCursor.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceObserver.js';

function entry(key: string): EntryItem {
  return { kind: 'entry', db: 0, key, type: 'string', value: key, expiresAt: null };
}

/** A cursor source over fixed keys that counts its cycles. */
function sourceOf(keys: string[]): CursorSource & { cycles: number } {
  let next = 0;
  return {
    cycles: 0,
    get done() {
      return next >= keys.length;
    },
    takeBatch(limit: number) {
      this.cycles++;
      const batch = keys.slice(next, next + limit).map(entry);
      next += batch.length;
      return batch;
    },
  };
}

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('keyspaceCursor', () => {
  it('emits nothing inside subscribe and one batch per scheduler action, then completes', () => {
    scheduler.run(({ expectObservable }) => {
      const source = sourceOf(['a', 'b', 'c', 'd', 'e']);
      const values = { a: entry('a'), b: entry('b'), c: entry('c'), d: entry('d'), e: entry('e') };
      const emitted: string[] = [];
      const cursor$ = keyspaceCursor(source, { scheduler, budgetMs: 1, batchSize: 2 }).pipe(tap((item) => emitted.push(item.key)));
      const subscription = cursor$.subscribe();
      expect(emitted).toEqual([]); // nothing synchronous
      subscription.unsubscribe();
      expectObservable(cursor$).toBe('(abcde|)', values);
    });
  });

  it('pauses while the consumer is congested and resumes when it drains', () => {
    scheduler.run(({ expectObservable }) => {
      const source = sourceOf(['a', 'b', 'c', 'd', 'e', 'f']);
      const congested = new BehaviorSubject(false);
      const values = Object.fromEntries('abcdef'.split('').map((key) => [key, entry(key)]));
      // The sink reports congestion after each batch of two; it drains at frames 5 and 10.
      let received = 0;
      const cursor$ = keyspaceCursor(source, { scheduler, budgetMs: 1, batchSize: 2, backpressure$: congested }).pipe(
        tap(() => {
          if (++received % 2 === 0) congested.next(true);
        }),
      );
      scheduler.schedule(() => congested.next(false), 5);
      scheduler.schedule(() => congested.next(false), 10);
      expectObservable(cursor$).toBe('(ab)-(cd)-(ef|)', values);
    });
  });

  it('delivers an error of the cursor source to the subscriber instead of throwing in the scheduler', () => {
    scheduler.run(({ expectObservable }) => {
      const failing: CursorSource = {
        done: false,
        takeBatch: () => {
          throw new Error('keyspace broke');
        },
      };
      expectObservable(keyspaceCursor(failing, { scheduler, budgetMs: 1, batchSize: 2 })).toBe('#', undefined, new Error('keyspace broke'));
    });
  });

  it('stops scheduling when unsubscribed', () => {
    const source = sourceOf(['a', 'b', 'c', 'd']);
    scheduler.run(({ expectObservable }) => {
      const congested = new BehaviorSubject(false);
      const cursor$ = keyspaceCursor(source, { scheduler, budgetMs: 1, batchSize: 1, backpressure$: congested }).pipe(tap(() => congested.next(true)));
      scheduler.schedule(() => congested.next(false), 2);
      scheduler.schedule(() => congested.next(false), 6);
      expectObservable(cursor$, '^---!').toBe('a-b-', { a: entry('a'), b: entry('b') });
    });
    // The drain at frame 6 came after unsubscription: no third cycle ran.
    expect(source.cycles).toBe(2);
  });
});

describe('filterReplication', () => {
  const record = (offset: number): ReplicationRecord => ({ offset, db: offset % 2, argv: ['SET', `k${offset}`, 'v'] });
  it('keeps the forwarded records, as command items, in order', () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const records = hot('-a-b-c-d-|', { a: record(1), b: record(2), c: record(3), d: record(4) });
      const forwarded = new Set([2, 3]);
      const commands$ = records.pipe(filterReplication({ forwards: (r) => forwarded.has(r.offset) }));
      expectObservable(commands$).toBe('---b-c---|', {
        b: { kind: 'command', db: 0, argv: ['SET', 'k2', 'v'], offset: 2 },
        c: { kind: 'command', db: 1, argv: ['SET', 'k3', 'v'], offset: 3 },
      });
      expectSubscriptions(records.subscriptions).toBe('^--------!');
    });
  });

  it('passes errors through', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const records = hot('-a-#', { a: record(1) }, new Error('stream broke'));
      expectObservable(records.pipe(filterReplication({ forwards: () => true }))).toBe('-a-#', { a: { kind: 'command', db: 1, argv: ['SET', 'k1', 'v'], offset: 1 } }, new Error('stream broke'));
    });
  });
});

describe('completeIteration', () => {
  it('appends the complete item built at completion time', () => {
    scheduler.run(({ cold, expectObservable }) => {
      let offset = 0;
      const source = cold('a-b|').pipe(tap(() => (offset += 10)));
      expectObservable(source.pipe(completeIteration(() => ({ kind: 'complete', offset })))).toBe('a-b(c|)', { a: 'a', b: 'b', c: { kind: 'complete', offset: 20 } });
    });
  });

  it('does not complete on error, and unsubscribes from the source', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('a-#', { a: 1 });
      expectObservable(failing.pipe(completeIteration(() => ({ kind: 'complete', offset: 0 })))).toBe('a-#', { a: 1 });
      expectSubscriptions(failing.subscriptions).toBe('^-!');
      const endless = cold('a---b---', { a: 1, b: 2 });
      expectObservable(endless.pipe(completeIteration(() => ({ kind: 'complete', offset: 0 }))), '^--!').toBe('a---', { a: 1 });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
