/**
 * Malformed serialized value (RDB or DUMP payload). `offset` is relative to the buffer the reader
 * was given; the RDB file decoder adds the file position, RESTORE turns it into "Bad data format".
 *
 * @example
 * ```ts
 * throw new RdbFormatError('intset length disagrees with its size', reader.position);
 * ```
 */
export class RdbFormatError extends Error {
  override readonly name = 'RdbFormatError';
  constructor(
    message: string,
    readonly offset: number | null = null,
  ) {
    super(message);
  }
}

/**
 * A value type forkless cannot hold (stream, module, function, hash with field expiry): refused,
 * never skipped. `typeName` names it for the error.
 *
 * @example
 * ```ts
 * throw new RdbUnsupportedTypeError('stream', 15, reader.position);
 * ```
 */
export class RdbUnsupportedTypeError extends Error {
  override readonly name = 'RdbUnsupportedTypeError';
  constructor(
    readonly typeName: string,
    readonly typeCode: number,
    readonly offset: number,
  ) {
    super(`unsupported RDB type ${typeCode} (${typeName})`);
  }
}

/**
 * Thrown by a reader that ran out of bytes: the value continues beyond the buffer. `needed` is
 * the least buffer length (from the reader's start) that could hold it. A streaming decoder waits
 * for more input; a complete payload treats it as truncation.
 */
export class RdbShortInput extends Error {
  override readonly name = 'RdbShortInput';
  constructor(readonly needed: number) {
    super(`input ends; at least ${needed} bytes needed`);
  }
}
