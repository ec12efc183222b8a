import type { SlotRange } from '../iteration/SlotRanges.js';

interface Pause {
  readonly ranges: readonly SlotRange[];
  readonly promise: Promise<void>;
  readonly release: () => void;
}

/**
 * Writes held per slot during a migration's handoff: only the migrating slots pause, every other
 * slot keeps serving. A paused slot hands out a promise that settles at {@link resume}; the
 * server then routes the held command again (MOVED after a move, run here after a rollback).
 * One entry per handoff, whatever the number of slots, so pausing and resuming cost nothing.
 *
 * @example
 * ```ts
 * const pauses = new SlotPauses();
 * pauses.pause([[0, 99]]);
 * pauses.until(5)?.then(() => route(command)); // held
 * pauses.resume([[0, 99]]);                    // released
 * ```
 */
export class SlotPauses {
  private readonly pauses: Pause[] = [];

  /** Pauses writes to the slots of these ranges (resume with the same ranges). */
  pause(ranges: readonly SlotRange[]): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.pauses.push({ ranges, promise, release });
  }

  /** Releases the pause taken with these ranges; held writes route again. Idempotent. */
  resume(ranges: readonly SlotRange[]): void {
    const same = (other: readonly SlotRange[]) => other.length === ranges.length && other.every(([start, end], at) => start === ranges[at]![0] && end === ranges[at]![1]);
    const index = this.pauses.findIndex((pause) => same(pause.ranges));
    if (index === -1) return;
    this.pauses[index]!.release();
    this.pauses.splice(index, 1);
  }

  /** A promise settled when the slot resumes, or undefined when it is not paused. */
  until(slot: number): Promise<void> | undefined {
    if (this.pauses.length === 0) return undefined;
    return this.pauses.find((pause) => pause.ranges.some(([start, end]) => slot >= start && slot <= end))?.promise;
  }
}
