import { Observable, type OperatorFunction } from 'rxjs';
import type { CompleteItem } from './IterationItem.js';

/**
 * Completion: when the source (the cursor) completes, emit the `complete` item, built at that
 * moment (so its offset is the one the items add up to), then complete. Errors pass through.
 *
 * @example
 * ```ts
 * cursor$.pipe(completeIteration(() => ({ kind: 'complete', offset: keyspace.offset })));
 * ```
 */
export function completeIteration<T>(completeItem: () => CompleteItem): OperatorFunction<T, T | CompleteItem> {
  return (source) =>
    new Observable<T | CompleteItem>((subscriber) =>
      source.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          subscriber.next(completeItem());
          subscriber.complete();
        },
      }),
    );
}
