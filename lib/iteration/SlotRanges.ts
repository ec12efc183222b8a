import { ForklessError } from '../errors.js';
import type { Database } from '../keyspace/Database.js';
import { SLOT_COUNT } from '../keyspace/keyHashSlot.js';

/** An inclusive range of hash slots, `[start, end]`. */
export type SlotRange = readonly [start: number, end: number];

/**
 * A set of hash slots given as inclusive ranges: what a slot-filtered iteration covers.
 *
 * @example
 * ```ts
 * const ranges = SlotRanges.of([[0, 99], [5000, 5000]]);
 * ranges.has(5000); // true
 * ```
 */
export class SlotRanges {
  /** Every slot. */
  static readonly all = new SlotRanges([[0, SLOT_COUNT - 1]]);

  private readonly member: Uint8Array | null;

  private constructor(readonly ranges: readonly SlotRange[]) {
    const whole = ranges.length === 1 && ranges[0]![0] === 0 && ranges[0]![1] === SLOT_COUNT - 1;
    this.member = whole ? null : new Uint8Array(SLOT_COUNT);
    for (const [start, end] of ranges) this.member?.fill(1, start, end + 1);
  }

  /** Validates and normalizes ranges; a bad range is `FORKLESS_ERR_INVALID_OPTION`. */
  static of(ranges: readonly SlotRange[]): SlotRanges {
    if (!Array.isArray(ranges) || ranges.length === 0) throw invalid(`slots must be a non-empty array of [start, end] ranges, got ${JSON.stringify(ranges)}`);
    for (const range of ranges) {
      const [start, end] = Array.isArray(range) ? range : [NaN, NaN];
      const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end < SLOT_COUNT;
      if (!valid) throw invalid(`slots: each range must be [start, end] with 0 <= start <= end <= ${SLOT_COUNT - 1}, got ${JSON.stringify(range)}`);
    }
    return new SlotRanges(ranges.map(([start, end]) => [start, end] as const));
  }

  /** Whether `slot` is covered. */
  has(slot: number): boolean {
    return this.member === null || this.member[slot] === 1;
  }

  /** The first covered slot at or after `from` that holds keys in `database`, or SLOT_COUNT. */
  next(database: Database, from: number): number {
    for (let slot = database.nextSlot(from); slot < SLOT_COUNT; slot = database.nextSlot(slot + 1)) if (this.has(slot)) return slot;
    return SLOT_COUNT;
  }
}

function invalid(message: string): ForklessError {
  return new ForklessError('FORKLESS_ERR_INVALID_OPTION', message);
}
