import { performance } from 'node:perf_hooks';
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * The loop is judged over windows of this much wall time (ms): one turn says little, since a
 * loaded server also has many turns with nothing to do between two clients' requests.
 */
const WINDOW_MS = 2;
/**
 * A window in which other work took less than this share of the wall time finds the loop idle:
 * background work runs freely until the loop is busy again. A single turn with more other work
 * than this share of a window makes it busy at once.
 */
const IDLE_SHARE = 0.1;
/**
 * A refused background waits this long (ms) before asking again: the loop serves its clients or,
 * when it has none, blocks in its poll phase, which is what shows it idle again. Spinning on
 * immediates instead would make its own turns look like a busy loop.
 */
const WAIT_MS = 1;
/** Credit saved up while waiting is capped, so a long busy stretch cannot buy a long background burst. */
const MAX_CREDIT_MS = 10;

/** Cumulative active time of the event loop, ms. */
export type ActiveTime = () => number;

/** Wall time, ms. */
export type WallTime = () => number;

const loopActiveTime: ActiveTime = () => performance.eventLoopUtilization().active;

/**
 * Caps the share of a busy event loop that background work (a save's cursor cycles and encoding
 * slices) takes: each slice is charged, and the next one waits for a check-phase turn once the
 * rest of the loop (clients, timers) has earned it `share / (1 - share)` of its own time. A loop
 * whose other work filled less than a tenth of the last 2 ms (or of the time since) is idle and
 * never makes the background wait, so an idle process saves at full speed; a busy one keeps
 * `1 - share` of its time for everything else, even when its clients' requests come in many
 * small turns.
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
  private idle = true;
  private windowStart: number;
  private windowOthers = 0;

  constructor(
    readonly share: number,
    private readonly activeTime: ActiveTime = loopActiveTime,
    private readonly wallTime: WallTime = () => performance.now(),
  ) {
    this.lastActive = activeTime();
    this.windowStart = wallTime();
  }

  /** Charges background work that just ran for `ms`. */
  spent(ms: number): void {
    this.credit -= ms;
    this.spentSinceTurn += ms;
  }

  /** Resolves on the first turn in which background work may run: the next check phase, or a later timer. */
  async turn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.mayRun()) await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }

  /**
   * Decides one turn: the loop's active time since the last decision, minus the background's own,
   * is the others' work; it tells whether the loop is idle, and earns credit at the share's rate.
   */
  mayRun(): boolean {
    const active = this.activeTime();
    const others = Math.max(0, active - this.lastActive - this.spentSinceTurn);
    this.lastActive = active;
    this.spentSinceTurn = 0;
    this.observe(others);
    if (this.idle) {
      this.credit = Math.max(this.credit, 0);
      return true;
    }
    this.credit = Math.min(MAX_CREDIT_MS, this.credit + (others * this.share) / (1 - this.share));
    return this.credit >= 0;
  }

  /** Updates the idle judgement with one turn's other work. */
  private observe(others: number): void {
    this.windowOthers += others;
    const now = this.wallTime();
    const elapsed = now - this.windowStart;
    if (others >= IDLE_SHARE * WINDOW_MS) this.idle = false;
    else if (elapsed >= WINDOW_MS) this.idle = this.windowOthers < IDLE_SHARE * elapsed;
    else return;
    this.windowStart = now;
    this.windowOthers = 0;
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
