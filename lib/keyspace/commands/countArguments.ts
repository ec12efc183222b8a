import { parseBigInteger } from '../parse.js';
import { ReplyError } from '../ReplyError.js';

/**
 * Parses a `numkeys` argument that must be ≥ 1 (LMPOP, ZMPOP, SINTERCARD …), with the message
 * Redis gives for both a bad number and a non-positive one.
 *
 * @example
 * ```ts
 * parseNumkeys('0'); // throws ERR numkeys should be greater than 0
 * ```
 */
export function parseNumkeys(text: string): number {
  const error = () => new ReplyError('ERR numkeys should be greater than 0');
  const value = parseBigInteger(text, error);
  if (value < 1n) throw error();
  return Number(value > 2n ** 31n ? 2n ** 31n : value);
}

/** Parses a positive LONG count option with the given message for bad or out-of-range values. */
export function parseCountOption(text: string, message: string, min: bigint): number {
  const error = () => new ReplyError(`ERR ${message}`);
  const value = parseBigInteger(text, error);
  if (value < min) throw error();
  return Number(value > 2n ** 53n ? 2n ** 53n : value);
}
