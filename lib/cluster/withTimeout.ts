import type { SchedulerLike } from 'rxjs';
import { ForklessError } from '../errors.js';

/**
 * Settles like `promise`, or rejects with FORKLESS_ERR_TIMEOUT after `ms` on `scheduler`.
 *
 * @example
 * ```ts
 * await withTimeout(link.request(['CLUSTER', 'SYNCSLOTS', 'ACK']), 10_000, asyncScheduler, 'no ACK');
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, scheduler: SchedulerLike, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = scheduler.schedule(() => reject(new ForklessError('FORKLESS_ERR_TIMEOUT', message, { ms })), ms);
    promise.then(
      (value) => (timer.unsubscribe(), resolve(value)),
      (error: unknown) => (timer.unsubscribe(), reject(error)),
    );
  });
}
