import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

interface Pending {
  action: ManualAction<unknown>;
}

class ManualAction<T> extends Subscription implements SchedulerAction<T> {
  state: T | undefined;
  constructor(
    private readonly scheduler: ManualScheduler,
    readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => scheduler.cancel(this as ManualAction<unknown>));
  }
  schedule(state?: T, _delay?: number): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueue(this as ManualAction<unknown>);
    return this;
  }
  run(): void {
    this.work.call(this, this.state);
  }
}

/**
 * A scheduler the test steps by hand: `step()` runs the oldest pending action (one iteration
 * cycle). Virtual time only moves with `advance`, so budgets never cut a cycle short.
 */
export class ManualScheduler implements SchedulerLike {
  private readonly queue: Pending[] = [];
  time = 0;

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    return new ManualAction(this, work).schedule(state, delay);
  }

  /** Runs one pending action; false if there was none. */
  step(): boolean {
    const next = this.queue.shift();
    if (next === undefined) return false;
    next.action.run();
    return true;
  }

  /** Runs actions until none is pending (bounded, to catch a livelock). */
  drain(limit = 1_000_000): number {
    let steps = 0;
    while (this.step()) if (++steps > limit) throw new Error('scheduler did not settle');
    return steps;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** @internal */
  enqueue(action: ManualAction<unknown>): void {
    this.cancel(action);
    this.queue.push({ action });
  }

  /** @internal */
  cancel(action: ManualAction<unknown>): void {
    const index = this.queue.findIndex((pending) => pending.action === action);
    if (index !== -1) this.queue.splice(index, 1);
  }
}
