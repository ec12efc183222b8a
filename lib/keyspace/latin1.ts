/** Node's latin1 (and UTF-8) fast paths (present on every Buffer, missing from its type declarations). */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
  latin1Write(text: string, offset: number): number;
}

/**
 * Reads bytes as a byte string without Buffer#toString's argument handling (a hot path).
 *
 * @example
 * ```ts
 * latin1Slice(Buffer.from([0x61, 0xff]), 0, 2); // 'a\xff'
 * ```
 */
export function latin1Slice(buffer: Buffer, start: number, end: number): string {
  return (buffer as Latin1Buffer).latin1Slice(start, end);
}

/**
 * Writes a byte string at `offset` (the caller made room); returns the bytes written.
 *
 * @example
 * ```ts
 * latin1Write(buffer, '+OK\r\n', 0); // 5
 * ```
 */
export function latin1Write(buffer: Buffer, text: string, offset: number): number {
  return (buffer as Latin1Buffer).latin1Write(text, offset);
}

/**
 * Reads UTF-8 bytes as a string without Buffer#toString's argument handling (a hot path).
 *
 * @example
 * ```ts
 * utf8Slice(Buffer.from([0xc3, 0xa9]), 0, 2); // 'é'
 * ```
 */
export function utf8Slice(buffer: Buffer, start: number, end: number): string {
  return (buffer as Latin1Buffer).utf8Slice(start, end);
}
