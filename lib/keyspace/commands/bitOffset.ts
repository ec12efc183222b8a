import { parseBigInteger } from '../parse.js';
import { ReplyError } from '../ReplyError.js';

/** Largest string Valkey allows (proto-max-bulk-len, 512 MB): bit offsets stay below it × 8. */
export const MAX_STRING_BYTES = 512 * 1024 * 1024;

const offsetError = () => new ReplyError('ERR bit offset is not an integer or out of range');

/**
 * Parses a bit offset as SETBIT, GETBIT and BITFIELD take it (`getBitOffsetFromArgument`): a
 * non-negative integer below 512 MB × 8; with `bits`, `#n` means n × bits (BITFIELD).
 *
 * @example
 * ```ts
 * parseBitOffset('#2', 8); // 16
 * ```
 */
export function parseBitOffset(text: string, bits = 0): number {
  const hashed = bits > 0 && text.startsWith('#');
  let offset = parseBigInteger(hashed ? text.slice(1) : text, offsetError);
  if (hashed) offset *= BigInt(bits);
  if (offset < 0n || offset >> 3n >= BigInt(MAX_STRING_BYTES)) throw offsetError();
  return Number(offset);
}

/**
 * The string grown with zero bytes to hold `bytes` bytes (unchanged when long enough).
 *
 * @example
 * ```ts
 * growString('a', 3); // 'a\x00\x00'
 * ```
 */
export function growString(value: string, bytes: number): string {
  return value.length >= bytes ? value : value.padEnd(bytes, '\0');
}

/** Bit `offset` of a byte string, bit 0 being the most significant bit of the first byte. */
export function getBit(value: string, offset: number): number {
  const byte = offset >> 3;
  return byte < value.length ? (value.charCodeAt(byte) >> (7 - (offset & 7))) & 1 : 0;
}
