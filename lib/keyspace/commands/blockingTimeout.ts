import { parseBigInteger } from '../parse.js';
import { ReplyError } from '../ReplyError.js';
import { parseLongDouble } from './longDouble.js';

/**
 * Parses the timeout of a blocking command (`getTimeoutFromObjectOrReply`): seconds as a float
 * (BLPOP, BZPOPMIN, BLMOVE, …) or milliseconds as an integer (WAIT); returns milliseconds, 0 for
 * "forever". Errors with Redis's texts.
 *
 * @example
 * ```ts
 * parseTimeout('0.5', 'seconds'); // 500
 * parseTimeout('-1', 'seconds');  // throws ERR timeout is negative
 * ```
 */
export function parseTimeout(text: string, unit: 'seconds' | 'milliseconds'): number {
  let milliseconds: number;
  if (unit === 'seconds') {
    const parsed = parseLongDouble(text);
    const value = Number(text);
    if (parsed === undefined || parsed === 'infinity' || Number.isNaN(value)) throw new ReplyError('ERR timeout is not a float or out of range');
    milliseconds = Math.trunc(value * 1000);
  } else {
    milliseconds = Number(parseBigInteger(text, () => new ReplyError('ERR timeout is not an integer or out of range')));
  }
  if (milliseconds < 0) throw new ReplyError('ERR timeout is negative');
  return milliseconds;
}
