import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

interface Timer {
  due: number;
  readonly order: number;
  readonly action: VirtualAction<unknown>;
}

class VirtualAction<T> extends Subscription implements SchedulerAction<T> {
  state: T | undefined;
  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => scheduler.cancel(this as VirtualAction<unknown>));
  }
  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueue(this as VirtualAction<unknown>, delay);
    return this;
  }
  run(): void {
    this.work.call(this, this.state);
  }
}

/** A scheduler on virtual time: timers fire only when the test calls `advance`. */
export class VirtualScheduler implements SchedulerLike {
  private timers: Timer[] = [];
  private counter = 0;
  time: number;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    return new VirtualAction(this, work).schedule(state, delay);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.due <= target).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.due;
      next.action.run();
    }
    this.time = target;
  }

  /** @internal */
  enqueue(action: VirtualAction<unknown>, delay: number): void {
    this.cancel(action);
    this.timers.push({ due: this.time + delay, order: this.counter++, action });
  }

  /** @internal */
  cancel(action: VirtualAction<unknown>): void {
    this.timers = this.timers.filter((timer) => timer.action !== action);
  }
}
