/**
 * Normalizes a Valkey start/stop pair (negative counts from the end) against a length, as LRANGE,
 * LTRIM and ZRANGE do; null when the range is empty.
 *
 * @example
 * ```ts
 * listRange(5, 1, -2); // { start: 1, stop: 3 }
 * listRange(5, 4, 2);  // null
 * ```
 */
export function listRange(length: number, start: number, stop: number): { start: number; stop: number } | null {
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return null;
  return { start, stop: Math.min(stop, length - 1) };
}

/** A single possibly negative index resolved against a length; null when out of range. */
export function listIndex(length: number, index: number): number | null {
  const resolved = index < 0 ? length + index : index;
  return resolved >= 0 && resolved < length ? resolved : null;
}
