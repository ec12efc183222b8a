import { ForklessError } from '../errors.js';

/** A byte string on the wire: a msgpack str whose chars are all ≤ 0xFF, or a bin. */
const NON_BYTE_CHAR = /[^\x00-\xff]/;

/**
 * The typed error of a frame that breaks the protocol.
 *
 * @example
 * ```ts
 * throw protocolError('hello: offset must be a non-negative integer');
 * ```
 */
export function protocolError(message: string): ForklessError {
  return new ForklessError('FORKLESS_ERR_PROTOCOL', message);
}

/** `value` as an array, or a protocol error naming `field`. */
export function expectArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw protocolError(`${field} must be an array`);
  return value;
}

/** `value` as a non-negative safe integer (offsets, counts, db indices). */
export function expectCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw protocolError(`${field} must be a non-negative integer`);
  }
  return value;
}

/** `value` as a finite or infinite number, never NaN (sorted-set scores). */
export function expectScore(value: unknown, field: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw protocolError(`${field} must be a number`);
  return value;
}

/** `value` as an absolute expiry (safe integer ms) or null. */
export function expectExpiry(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw protocolError(`${field} must be an integer or null`);
  return value;
}

/** `value` as a text identifier of 1 to `maxLength` chars. */
export function expectIdentifier(value: unknown, field: string, maxLength = 128): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw protocolError(`${field} must be a string of 1 to ${maxLength} chars`);
  }
  return value;
}

/** `value` as a byte string (one char per byte). */
export function expectByteString(value: unknown, field: string): string {
  if (typeof value === 'string') {
    if (NON_BYTE_CHAR.test(value)) throw protocolError(`${field} is not a byte string`);
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
  throw protocolError(`${field} must be a string or bytes`);
}

/** `value` as a command argument vector: 1+ strings or byte arrays, passed to `execute` as is. */
export function expectArgv(value: unknown, field: string): (string | Uint8Array)[] {
  const argv = expectArray(value, field);
  if (argv.length === 0) throw protocolError(`${field} must not be empty`);
  for (const argument of argv) {
    if (typeof argument !== 'string' && !(argument instanceof Uint8Array)) throw protocolError(`${field} holds a non-string argument`);
  }
  return argv as (string | Uint8Array)[];
}
