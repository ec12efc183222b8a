/**
 * Exact emulation of the x87 80-bit `long double` arithmetic behind INCRBYFLOAT and HINCRBYFLOAT:
 * Valkey parses with `strtold`, adds in 64-bit-significand precision and prints with `%.17Lf`,
 * which is why `INCRBYFLOAT k 0.1` twice reads `0.2` and then `0.3` (not `0.30000000000000004`).
 * Values are kept as `significand × 2^exponent` with bigint arithmetic, rounded to nearest-even.
 *
 * @example
 * ```ts
 * const sum = addLongDouble(parseLongDouble('0.1') as LongDouble, parseLongDouble('0.2') as LongDouble)!;
 * formatLongDouble(sum); // '0.3'
 * ```
 */

/** A finite long double: `significand × 2^exponent` (significand of at most 64 bits). */
export interface LongDouble {
  readonly significand: bigint;
  readonly exponent: number;
}

const SIGNIFICAND_BITS = 64;
/** Exponent range of the x87 extended format, for the unbiased leading bit. */
const MAX_EXPONENT = 16383;
const MIN_EXPONENT = -16382;

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEXADECIMAL = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;

const INFINITY = /^[+-]?inf(?:inity)?$/i;

/**
 * Parses text as Valkey's `string2ld` does (no spaces, no NaN, no overflow, no underflow to zero;
 * a literal `inf` is accepted and reported as `'infinity'`). Undefined when not a valid number.
 */
export function parseLongDouble(text: string): LongDouble | 'infinity' | undefined {
  if (text.length === 0 || text.length >= 5 * 1024) return undefined;
  if (INFINITY.test(text)) return 'infinity';
  const hex = HEXADECIMAL.exec(text);
  const match = hex ?? DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  if (whole.length + fraction.length === 0) return undefined;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100_000) return undefined;
  let digits = BigInt((hex ? '0x' : '') + (whole + fraction || '0'));
  if (sign === '-') digits = -digits;
  if (digits === 0n) return { significand: 0n, exponent: 0 };
  const rounded = hex ? roundRational(digits, 1n, exponent - 4 * fraction.length) : roundDecimal(digits, exponent - fraction.length);
  return rounded;
}

/** The exact sum of two long doubles, rounded to long double; undefined on overflow. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | undefined {
  const exponent = Math.min(a.exponent, b.exponent);
  const sum = (a.significand << BigInt(a.exponent - exponent)) + (b.significand << BigInt(b.exponent - exponent));
  if (sum === 0n) return { significand: 0n, exponent: 0 };
  return roundRational(sum, 1n, exponent);
}

/** Formats as `%.17Lf` with trailing zeros (and a bare point) removed, and `-0` as `0`. */
export function formatLongDouble(value: LongDouble): string {
  const negative = value.significand < 0n;
  const magnitude = negative ? -value.significand : value.significand;
  const scale = 10n ** 17n;
  let scaled: bigint;
  if (value.exponent >= 0) scaled = (magnitude << BigInt(value.exponent)) * scale;
  else scaled = divideRoundingToEven(magnitude * scale, 1n << BigInt(-value.exponent));
  const whole = (scaled / scale).toString();
  const fraction = (scaled % scale).toString().padStart(17, '0').replace(/0+$/, '');
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** `digits × 10^power10` rounded to a long double. */
function roundDecimal(digits: bigint, power10: number): LongDouble | undefined {
  return power10 >= 0 ? roundRational(digits * 10n ** BigInt(power10), 1n, 0) : roundRational(digits, 10n ** BigInt(-power10), 0);
}

/** `numerator / denominator × 2^exponent` rounded to 64 significant bits, nearest-even. */
function roundRational(numerator: bigint, denominator: bigint, exponent: number): LongDouble | undefined {
  const negative = numerator < 0n;
  let magnitude = negative ? -numerator : numerator;
  // Scale so that the quotient has exactly SIGNIFICAND_BITS bits before rounding.
  const shift = SIGNIFICAND_BITS - 1 - (bitLength(magnitude) - bitLength(denominator));
  let scaledDenominator = denominator;
  if (shift >= 0) magnitude <<= BigInt(shift);
  else scaledDenominator <<= BigInt(-shift);
  let resultExponent = exponent - shift;
  if (magnitude / scaledDenominator < 1n << BigInt(SIGNIFICAND_BITS - 1)) {
    magnitude <<= 1n;
    resultExponent--;
  }
  let significand = divideRoundingToEven(magnitude, scaledDenominator);
  if (significand === 1n << BigInt(SIGNIFICAND_BITS)) {
    significand >>= 1n;
    resultExponent++;
  }
  const leadingExponent = resultExponent + SIGNIFICAND_BITS - 1;
  if (leadingExponent > MAX_EXPONENT) return undefined;
  if (leadingExponent < MIN_EXPONENT) return undefined;
  return { significand: negative ? -significand : significand, exponent: resultExponent };
}

function divideRoundingToEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (quotient & 1n) === 1n)) return quotient + 1n;
  return quotient;
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
