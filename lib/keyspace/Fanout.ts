import { Observable, type Subscriber } from 'rxjs';

/**
 * A multicast for the write path: what an RxJS `Subject` does for `next`, delivered by an index
 * loop over an array that subscribing and unsubscribing replace (never change), so one value
 * costs no closure and no iterator. A subscriber added during a delivery gets the values after
 * it; one that unsubscribes during a delivery gets nothing more (its `Subscriber` is closed), and
 * an error thrown by one subscriber's `next` is reported by RxJS, not thrown here, as with a
 * Subject. After {@link complete}, values are dropped and a new subscriber completes at once.
 *
 * @example
 * ```ts
 * const records = new Fanout<number>();
 * records.observable.subscribe((value) => console.log(value));
 * records.next(1); // logs 1
 * ```
 */
export class Fanout<T> {
  private subscribers: readonly Subscriber<T>[] = [];
  private completed = false;

  /** The values from the moment of subscribing on (hot), until {@link complete}. */
  readonly observable = new Observable<T>((subscriber) => {
    if (this.completed) return subscriber.complete();
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      this.subscribers = this.subscribers.filter((other) => other !== subscriber);
    };
  });

  /** Delivers `value` to every current subscriber, in subscription order. */
  next(value: T): void {
    const subscribers = this.subscribers;
    for (let index = 0; index < subscribers.length; index++) subscribers[index]!.next(value);
  }

  /** Completes every current subscriber; later values are dropped. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (let index = 0; index < subscribers.length; index++) subscribers[index]!.complete();
  }
}
