import { ReplyError, ReplyErrors } from './ReplyError.js';

const INTEGER = /^(?:0|-?[1-9][0-9]{0,18})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parses a signed 64-bit integer exactly as Valkey's `string2ll` accepts it, as a bigint. */
export function parseBigInteger(text: string, error: () => ReplyError = ReplyErrors.notInteger): bigint {
  if (!INTEGER.test(text)) throw error();
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) throw error();
  return value;
}

/** Parses a signed 64-bit integer that must fit a JS number without loss. */
export function parseInteger(text: string, error: () => ReplyError = ReplyErrors.notInteger): number {
  const value = parseBigInteger(text, error);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw error();
  return Number(value);
}

/** True if a bigint fits Valkey's signed 64-bit range. */
export function inInt64Range(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/** Parses a double the way Valkey's `string2d` does: no spaces, no NaN, `inf` allowed. */
export function parseDouble(text: string, error: () => ReplyError = ReplyErrors.notFloat): number {
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (!DECIMAL.test(text)) throw error();
  return Number(text);
}

/** Formats a double as Valkey replies it (`inf`, `-inf`, integers without a fraction). */
export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return formatPlain(value);
}

/** A double in plain positional notation (no exponent), shortest round-trip digits. */
function formatPlain(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const [mantissa, exponentText] = text.split(/e/i) as [string, string];
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  const pointAt = (dot === -1 ? unsigned.length : dot) + Number(exponentText);
  let result: string;
  if (pointAt <= 0) result = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) result = digits + '0'.repeat(pointAt - digits.length);
  else result = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  return (negative ? '-' : '') + result;
}
