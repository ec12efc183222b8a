import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A scheduler action on Node's check phase: `setImmediate` for zero delays, `setTimeout` otherwise.
 * Rescheduling from inside the work (`this.schedule()`) reuses the action.
 */
class ImmediateAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: { kind: 'immediate'; id: NodeJS.Immediate } | { kind: 'timeout'; id: NodeJS.Timeout } | null = null;
  private state: T | undefined;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => this.cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.cancel();
    const run = () => {
      this.handle = null;
      this.work.call(this, this.state);
    };
    this.handle = delay > 0 ? { kind: 'timeout', id: setTimeout(run, delay) } : { kind: 'immediate', id: setImmediate(run) };
    return this;
  }

  private cancel(): void {
    if (this.handle?.kind === 'immediate') clearImmediate(this.handle.id);
    else if (this.handle?.kind === 'timeout') clearTimeout(this.handle.id);
    this.handle = null;
  }
}

/**
 * A SchedulerLike that yields to I/O between actions: each action runs in its own `setImmediate`
 * callback, so timers and socket callbacks run between cycles. (RxJS's `asapScheduler` is a
 * microtask and starves I/O; `asyncScheduler` costs ~1 ms per action.)
 *
 * @example
 * ```ts
 * bgIteration(ks, { consistent: true, replication: false, scheduler: immediateScheduler });
 * ```
 */
export const immediateScheduler: SchedulerLike = {
  now: () => performance.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new ImmediateAction(work).schedule(state, delay);
  },
};
