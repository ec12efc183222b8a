import { parseBigInteger } from '../parse.js';
import { ReplyError } from '../ReplyError.js';

/** The expiry forms commands accept: relative seconds/ms, or absolute unix seconds/ms. */
export type ExpiryUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * Valkey keeps expiries as signed 64-bit ms; beyond 2^53 ms (the year 287 396) a JS number cannot
 * hold them exactly, so such times are clamped there: they never fire either way.
 */
function toSafeTime(milliseconds: bigint): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(milliseconds > limit ? limit : milliseconds < -limit ? -limit : milliseconds);
}

/**
 * Converts SET/GETEX/SETEX expiry arguments to an absolute time in ms, with Valkey's errors: a
 * non-integer is "not an integer", a non-positive value or an overflow is "invalid expire time".
 *
 * @example
 * ```ts
 * absoluteExpiry('EX', '10', 1_000, 'set'); // 11_000
 * ```
 */
export function absoluteExpiry(unit: ExpiryUnit, text: string, now: number, command: string): number {
  const amount = parseBigInteger(text);
  const invalid = () => new ReplyError(`ERR invalid expire time in '${command}' command`);
  const seconds = unit === 'EX' || unit === 'EXAT';
  if (amount <= 0n || (seconds && amount > INT64_MAX / 1000n)) throw invalid();
  let milliseconds = seconds ? amount * 1000n : amount;
  if (unit === 'EX' || unit === 'PX') milliseconds += BigInt(now);
  if (milliseconds > INT64_MAX) throw invalid();
  return toSafeTime(milliseconds);
}

/**
 * The absolute ms time of the EXPIRE family (`relative` adds `now`); negative times are allowed
 * (they delete the key), overflowing ones are "invalid expire time".
 *
 * @example
 * ```ts
 * expireCommandTime('5', 1_000, 1000, true, 'expire'); // 6_000
 * ```
 */
export function expireCommandTime(text: string, now: number, unitMs: number, relative: boolean, command: string): number {
  const amount = parseBigInteger(text);
  const invalid = () => new ReplyError(`ERR invalid expire time in '${command}' command`);
  const unit = BigInt(unitMs);
  if (amount > INT64_MAX / unit || amount < INT64_MIN / unit) throw invalid();
  const base = relative ? BigInt(now) : 0n;
  const milliseconds = amount * unit;
  if (milliseconds > INT64_MAX - base) throw invalid();
  return toSafeTime(milliseconds + base);
}
