/**
 * Byte strings: the keyspace's internal representation of binary data.
 *
 * A byte string is a JS string whose every char code is one byte (0–255, "latin1"). Keys stay
 * plain strings (fast `Map` keys) while any byte sequence round-trips. Text given at the API is
 * UTF-8 encoded into a byte string; ASCII text is already a byte string, so the common case costs
 * one native length count.
 */

/**
 * Whether every char is ASCII: its UTF-8 length equals its length (counted natively, about twice
 * as fast as a regular expression over the chars).
 */
function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length;
}

/** A byte string (one char per byte). */
export type ByteString = string;

/**
 * Converts API input (UTF-8 text or raw bytes) to a byte string.
 *
 * @example
 * ```ts
 * toByteString('é');                 // '\xc3\xa9' (two bytes)
 * toByteString(Uint8Array.of(0, 255)); // '\x00\xff'
 * ```
 */
export function toByteString(input: string | Uint8Array): ByteString {
  if (typeof input === 'string') {
    return isAscii(input) ? input : Buffer.from(input, 'utf8').toString('latin1');
  }
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/**
 * Decodes a byte string as UTF-8 text (identity for ASCII).
 *
 * @example
 * ```ts
 * byteStringToText('\xc3\xa9'); // 'é'
 * ```
 */
export function byteStringToText(bytes: ByteString): string {
  return isAscii(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The bytes of a byte string.
 *
 * @example
 * ```ts
 * byteStringToBuffer(entry.key); // <Buffer …> with the key's exact bytes
 * ```
 */
export function byteStringToBuffer(bytes: ByteString): Buffer {
  return Buffer.from(bytes, 'latin1');
}

/**
 * A form of a byte string that `Keyspace.execute` reads back as the same bytes: ASCII stays a
 * string (identical in UTF-8), anything else becomes a Buffer.
 *
 * @example
 * ```ts
 * keyspace.execute(record.argv.map(toPortableArgument)); // replays byte strings exactly
 * ```
 */
export function toPortableArgument(bytes: ByteString): string | Uint8Array {
  return isAscii(bytes) ? bytes : Buffer.from(bytes, 'latin1');
}
