import { BehaviorSubject, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyspaceCursor, type CursorSource } from '../../lib/iteration/keyspaceCursor.js';

/** A cursor source over `total` fixed entries that counts its cycles. */
function sourceOf(total: number): CursorSource & { cycles: number } {
  let presented = 0;
  return {
    cycles: 0,
    get done() {
      return presented >= total;
    },
    advance(limit: number) {
      this.cycles++;
      const count = Math.min(limit, total - presented);
      presented += count;
      return count;
    },
  };
}

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('keyspaceCursor', () => {
  it('does nothing inside subscribe, one cycle per scheduler action, then completes', () => {
    scheduler.run(({ expectObservable }) => {
      const source = sourceOf(5);
      const subscription = keyspaceCursor(source, { scheduler, budgetMs: 1, batchSize: 2 }).subscribe();
      expect(source.cycles).toBe(0); // nothing synchronous
      subscription.unsubscribe();
      expectObservable(keyspaceCursor(sourceOf(5), { scheduler, budgetMs: 1, batchSize: 2 })).toBe('(abc|)', { a: 2, b: 2, c: 1 });
    });
  });

  it('pauses while the consumer is congested and resumes when it drains', () => {
    scheduler.run(({ expectObservable }) => {
      const congested = new BehaviorSubject(false);
      // The sink reports congestion after each cycle; it drains at frames 5 and 10.
      const cursor$ = keyspaceCursor(sourceOf(6), { scheduler, budgetMs: 1, batchSize: 2, backpressure$: congested }).pipe(tap(() => congested.next(true)));
      scheduler.schedule(() => congested.next(false), 5);
      scheduler.schedule(() => congested.next(false), 10);
      expectObservable(cursor$).toBe('a----b----(c|)', { a: 2, b: 2, c: 2 });
    });
  });

  it('delivers an error of the cursor source to the subscriber instead of throwing in the scheduler', () => {
    scheduler.run(({ expectObservable }) => {
      const failing: CursorSource = {
        done: false,
        advance: () => {
          throw new Error('keyspace broke');
        },
      };
      expectObservable(keyspaceCursor(failing, { scheduler, budgetMs: 1, batchSize: 2 })).toBe('#', undefined, new Error('keyspace broke'));
    });
  });

  it('stops scheduling when unsubscribed', () => {
    const source = sourceOf(4);
    scheduler.run(({ expectObservable }) => {
      const congested = new BehaviorSubject(false);
      const cursor$ = keyspaceCursor(source, { scheduler, budgetMs: 1, batchSize: 1, backpressure$: congested }).pipe(tap(() => congested.next(true)));
      scheduler.schedule(() => congested.next(false), 2);
      scheduler.schedule(() => congested.next(false), 6);
      expectObservable(cursor$, '^---!').toBe('a-b-', { a: 1, b: 1 });
    });
    // The drain at frame 6 came after unsubscription: no third cycle ran.
    expect(source.cycles).toBe(2);
  });
});
