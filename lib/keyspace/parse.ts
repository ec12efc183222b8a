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

/**
 * Parses a signed 64-bit integer and clamps it into the JS-safe range (for indices and counts).
 *
 * @example
 * ```ts
 * parseClampedInteger('9223372036854775807'); // Number.MAX_SAFE_INTEGER
 * ```
 */
export function parseClampedInteger(text: string, error: () => ReplyError = ReplyErrors.notInteger): number {
  const value = parseBigInteger(text, error);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(value > limit ? limit : value < -limit ? -limit : value);
}

const HEXADECIMAL = /^[+-]?0[xX](?=\.?[0-9a-fA-F])[0-9a-fA-F]*(?:\.[0-9a-fA-F]*)?(?:[pP][+-]?[0-9]+)?$/;

/** A C hexadecimal float literal (`0x1.8p3`) as a double. */
function parseHexadecimal(text: string): number {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]?0[xX]/, '');
  const [mantissa = '', exponentText = '0'] = body.split(/[pP]/);
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = BigInt('0x' + (whole + fraction || '0'));
  const value = Number(digits) * 2 ** (Number(exponentText) - 4 * fraction.length);
  return negative ? -value : value;
}

/**
 * Parses a double the way Valkey's `getDoubleFromObject` (strtod) does: decimal or hexadecimal,
 * `inf`/`infinity`, no spaces, no NaN, and no overflow to infinity or underflow to zero.
 */
export function parseDouble(text: string, error: () => ReplyError = ReplyErrors.notFloat): number {
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  let value: number;
  if (DECIMAL.test(text)) value = Number(text);
  else if (HEXADECIMAL.test(text)) value = parseHexadecimal(text);
  else throw error();
  if (!Number.isFinite(value)) throw error();
  if (value === 0 && /[1-9a-fA-F]/.test(text.replace(/[eEpP].*$/, '').replace(/^[+-]?0[xX]/, ''))) throw error();
  return value;
}

/**
 * Parses a score range bound the lenient way Valkey's `zslParseRange` does (plain strtod): leading
 * whitespace allowed, an empty string is 0, overflow is infinity. Undefined when not a number.
 */
export function parseLenientDouble(text: string): number | undefined {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (text === '') return 0;
  if (INFINITY.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  if (HEXADECIMAL.test(trimmed)) return parseHexadecimal(trimmed);
  return undefined;
}

/**
 * Formats a double as Redis 7.0 replies scores: C's `%.17g`.
 *
 * @example
 * ```ts
 * formatScore(0.1);  // '0.10000000000000001'
 * formatScore(1e20); // '1e+20'
 * ```
 */
export function formatScore(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential(16).split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  let text: string;
  if (exponent < -4 || exponent >= 17) {
    const significand = stripFraction(digits[0] + '.' + digits.slice(1));
    const sign = exponent < 0 ? '-' : '+';
    text = `${significand}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent >= 0) {
    text = stripFraction(digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1));
  } else {
    text = stripFraction('0.' + '0'.repeat(-exponent - 1) + digits);
  }
  return (negative ? '-' : '') + text;
}

/** Removes trailing zeros of a fraction, and the point when nothing is left after it. */
function stripFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * `Number(text)` when `text` has only digits, signs, points and exponent marks (how Redis writes
 * scores; there Number and strtod agree), else undefined: a fast path before `parseLenientDouble`.
 */
export function parsePlainDecimal(text: string): number | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x30 || code > 0x39) && code !== 0x2e && code !== 0x2b && code !== 0x2d && code !== 0x65 && code !== 0x45) return undefined;
  }
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}
