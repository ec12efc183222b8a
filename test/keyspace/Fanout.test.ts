import fc from 'fast-check';
import { config, Subject, type Observable, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Fanout } from '../../lib/keyspace/Fanout.js';

type Step =
  | { readonly op: 'subscribe' }
  | { readonly op: 'unsubscribe'; readonly which: number }
  | { readonly op: 'next'; readonly value: number }
  | { readonly op: 'complete' }
  // Inside the delivery of `value`, the `at`-th subscriber subscribes a new one, or unsubscribes `which`.
  | { readonly op: 'nested'; readonly value: number; readonly at: number; readonly action: 'subscribe' | 'unsubscribe'; readonly which: number };

/** Runs `steps` against a multicast and returns what each subscriber saw, in subscription order. */
function observe(steps: readonly Step[], make: () => { observable: Observable<number>; next(value: number): void; complete(): void }): (number | 'done')[][] {
  const multicast = make();
  const seen: (number | 'done')[][] = [];
  const subscriptions: Subscription[] = [];
  let nested: Extract<Step, { op: 'nested' }> | null = null;
  const subscribe = () => {
    const index = seen.push([]) - 1;
    let calls = 0;
    subscriptions.push(
      multicast.observable.subscribe({
        complete: () => seen[index]!.push('done'),
        next: (value) => {
          seen[index]!.push(value);
          const action = nested;
          if (action === null || calls++ !== action.at % Math.max(1, subscriptions.length)) return;
          nested = null;
          if (action.action === 'subscribe') subscribe();
          else subscriptions[action.which % subscriptions.length]?.unsubscribe();
        },
      }),
    );
  };
  for (const step of steps) {
    if (step.op === 'subscribe') subscribe();
    else if (step.op === 'unsubscribe') subscriptions[step.which % Math.max(1, subscriptions.length)]?.unsubscribe();
    else if (step.op === 'complete') multicast.complete();
    else {
      nested = step.op === 'nested' ? step : null;
      multicast.next(step.value);
      nested = null;
    }
  }
  return seen;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ op: 'subscribe' as const }),
  fc.constant({ op: 'complete' as const }),
  fc.record({ op: fc.constant('unsubscribe' as const), which: fc.nat(7) }),
  fc.record({ op: fc.constant('next' as const), value: fc.integer() }),
  fc.record({ op: fc.constant('nested' as const), value: fc.integer(), at: fc.nat(7), action: fc.constantFrom('subscribe' as const, 'unsubscribe' as const), which: fc.nat(7) }),
);

describe('Fanout', () => {
  it('delivers exactly what an RxJS Subject delivers, with subscribers added and removed before and during deliveries, and completion (property, seeded)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const subject = () => {
          const inner = new Subject<number>();
          return { observable: inner.asObservable(), next: (value: number) => inner.next(value), complete: () => inner.complete() };
        };
        expect(observe(steps, () => new Fanout<number>())).toEqual(observe(steps, subject));
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("reports a subscriber's error through RxJS (config.onUnhandledError) and keeps delivering to the others", async () => {
    const fanout = new Fanout<number>();
    const seen: number[] = [];
    fanout.observable.subscribe(() => {
      throw new Error('bad subscriber');
    });
    fanout.observable.subscribe((value) => seen.push(value));
    const reported: unknown[] = [];
    config.onUnhandledError = (error) => reported.push(error);
    try {
      fanout.next(1);
      fanout.next(2);
      expect(seen).toEqual([1, 2]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(reported.map((error) => (error as Error).message)).toEqual(['bad subscriber', 'bad subscriber']);
    } finally {
      config.onUnhandledError = null;
    }
  });
});
