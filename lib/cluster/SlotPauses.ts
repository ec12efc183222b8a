import type { SlotRange } from '../iteration/SlotRanges.js';

/**
 * Writes held per slot during a migration's handoff: only the migrating slots pause, every other
 * slot keeps serving. A paused slot hands out a promise that settles at {@link resume}; the
 * server then routes the held command again (MOVED after a move, run here after a rollback).
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
  private readonly paused = new Map<number, { promise: Promise<void>; release: () => void }>();

  /** Pauses writes to the slots of these ranges. */
  pause(ranges: readonly SlotRange[]): void {
    for (const [start, end] of ranges) {
      for (let slot = start; slot <= end; slot++) {
        if (this.paused.has(slot)) continue;
        let release!: () => void;
        const promise = new Promise<void>((resolve) => (release = resolve));
        this.paused.set(slot, { promise, release });
      }
    }
  }

  /** Releases the slots of these ranges; held writes route again. */
  resume(ranges: readonly SlotRange[]): void {
    for (const [start, end] of ranges) {
      for (let slot = start; slot <= end; slot++) {
        this.paused.get(slot)?.release();
        this.paused.delete(slot);
      }
    }
  }

  /** A promise settled when the slot resumes, or undefined when it is not paused. */
  until(slot: number): Promise<void> | undefined {
    return this.paused.get(slot)?.promise;
  }
}
