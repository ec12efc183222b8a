import { parseBigInteger } from '../parse.js';
import { ReplyError } from '../ReplyError.js';

/** The expiry forms commands accept: relative seconds/ms, or absolute unix seconds/ms. */
export type ExpiryUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

/** Largest expiry Valkey accepts (it must fit a signed 64-bit ms count); kept JS-safe here. */
const MAX_EXPIRY = Number.MAX_SAFE_INTEGER;

/**
 * Converts an expiry argument to an absolute time in ms, with Valkey's errors: a non-integer is
 * "not an integer", a non-positive value or an overflow is "invalid expire time in '<command>'".
 */
export function absoluteExpiry(unit: ExpiryUnit, text: string, now: number, command: string): number {
  const amount = Number(parseBigInteger(text));
  const invalid = () => new ReplyError(`ERR invalid expire time in '${command}' command`);
  if (amount <= 0) throw invalid();
  const milliseconds = unit === 'EX' || unit === 'EXAT' ? amount * 1000 : amount;
  const absolute = unit === 'EX' || unit === 'PX' ? milliseconds + now : milliseconds;
  if (!Number.isSafeInteger(absolute) || absolute > MAX_EXPIRY || !Number.isSafeInteger(milliseconds)) throw invalid();
  return absolute;
}

/** Seconds or milliseconds for the relative/absolute EXPIRE family, without the positivity rule. */
export function expireCommandTime(text: string, now: number, unitMs: number, relative: boolean, command: string): number {
  const amount = Number(parseBigInteger(text));
  const milliseconds = amount * unitMs;
  const absolute = relative ? milliseconds + now : milliseconds;
  if (!Number.isSafeInteger(milliseconds) || !Number.isSafeInteger(absolute)) {
    throw new ReplyError(`ERR invalid expire time in '${command}' command`);
  }
  return absolute;
}
