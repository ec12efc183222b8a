import type { SlotRange } from '../iteration/SlotRanges.js';
import type { ByteString } from '../keyspace/byteString.js';
import { SLOT_COUNT } from '../keyspace/keyHashSlot.js';
import { ReplyError } from '../keyspace/ReplyError.js';

/**
 * Parses one slot number as Redis 7.0's `getSlotOrReply`: a decimal integer in 0..16383, else
 * `ERR Invalid or out of range slot`.
 *
 * @example
 * ```ts
 * parseSlot('5'); // 5
 * ```
 */
export function parseSlot(text: ByteString): number {
  const slot = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(slot) || slot < 0 || slot >= SLOT_COUNT) throw new ReplyError('ERR Invalid or out of range slot');
  return slot;
}

/**
 * Parses `start end [start end …]` pairs (ADDSLOTSRANGE, DELSLOTSRANGE, MIGRATESLOTS) with
 * Redis's errors; overlapping ranges are refused as Valkey's MIGRATESLOTS refuses them.
 *
 * @example
 * ```ts
 * parseSlotRanges(['0', '99', '200', '200']); // [[0, 99], [200, 200]]
 * ```
 */
export function parseSlotRanges(args: readonly ByteString[]): SlotRange[] {
  if (args.length === 0 || args.length % 2 !== 0) throw new ReplyError('ERR syntax error');
  const ranges: SlotRange[] = [];
  for (let index = 0; index < args.length; index += 2) {
    const start = parseSlot(args[index]!);
    const end = parseSlot(args[index + 1]!);
    if (start > end) throw new ReplyError(`ERR start slot number ${start} is greater than end slot number ${end}`);
    const overlap = ranges.find(([from, to]) => start <= to && end >= from);
    if (overlap !== undefined) throw new ReplyError(`ERR Slot range ${start}-${end} overlaps with previous range ${overlap[0]}-${overlap[1]}.`);
    ranges.push([start, end]);
  }
  return ranges;
}
