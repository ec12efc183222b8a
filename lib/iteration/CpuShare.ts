import { performance } from 'node:perf_hooks';
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** A turn whose other work took less than this (ms) leaves the loop nearly idle: background work may run. */
const IDLE_TURN_MS = 0.25;
/** Credit saved up while waiting is capped, so a long busy stretch cannot buy a long background burst. */
const MAX_CREDIT_MS = 10;

/** Cumulative active time of the event loop, ms. */
export type ActiveTime = () => number;

const loopActiveTime: ActiveTime = () => performance.eventLoopUtilization().active;

/**
 * Caps the share of a busy event loop that background work (a save's cursor cycles and encoding
 * slices) takes: each slice is charged, and the next one waits for a check-phase turn once the
 * rest of the loop (clients, timers) has earned it `share / (1 - share)` of its own time. A turn
 * with almost nothing else to do never waits, so an idle process saves at full speed; a saturated
 * one keeps `1 - share` of its time for everything else.
 *
 * @example
 * ```ts
 * const share = new CpuShare(0.15);
 * await share.turn(); const started = performance.now(); encodeSome(); share.spent(performance.now() - started);
 * bgIteration(ks, { consistent: true, replication: false, scheduler: share.scheduler() });
 * ```
 */
export class CpuShare {
  private credit = 0;
  private lastActive: number;
  private spentSinceTurn = 0;

  constructor(
    readonly share: number,
    private readonly activeTime: ActiveTime = loopActiveTime,
  ) {
    this.lastActive = activeTime();
  }

  /** Charges background work that just ran for `ms`. */
  spent(ms: number): void {
    this.credit -= ms;
    this.spentSinceTurn += ms;
  }

  /** Resolves on the first check-phase turn in which background work may run. */
  async turn(): Promise<void> {
    do await new Promise((resolve) => setImmediate(resolve));
    while (!this.mayRun());
  }

  /**
   * Decides one turn: the loop's active time since the last decision, minus the background's own,
   * is the others' work; it earns credit at the share's rate.
   */
  mayRun(): boolean {
    const active = this.activeTime();
    const others = Math.max(0, active - this.lastActive - this.spentSinceTurn);
    this.lastActive = active;
    this.spentSinceTurn = 0;
    if (others < IDLE_TURN_MS) {
      this.credit = Math.max(this.credit, 0);
      return true;
    }
    this.credit = Math.min(MAX_CREDIT_MS, this.credit + (others * this.share) / (1 - this.share));
    return this.credit >= 0;
  }

  /** A scheduler whose actions run on turns this share allows, each charged for its run time. */
  scheduler(): SchedulerLike {
    return {
      now: () => performance.now(),
      schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) => new SharedAction(this, work).schedule(state, delay),
    };
  }
}

/** One action of {@link CpuShare.scheduler}: waits for a turn (or its delay), runs, is charged. */
class SharedAction<T> extends Subscription implements SchedulerAction<T> {
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;

  constructor(
    private readonly cpu: CpuShare,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => this.cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.cancel();
    const generation = this.generation;
    const run = () => {
      if (this.closed || generation !== this.generation) return;
      const started = performance.now();
      try {
        this.work.call(this, state);
      } finally {
        this.cpu.spent(performance.now() - started);
      }
    };
    if (delay > 0) this.timer = setTimeout(() => void this.cpu.turn().then(run), delay);
    else void this.cpu.turn().then(run);
    return this;
  }

  private cancel(): void {
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
