import { latin1Write } from '../keyspace/latin1.js';

/** The RESP version a client speaks (HELLO 2|3). */
export type Protocol = 2 | 3;

/** A new writer's buffer, and the one that replaces a full one. */
const INITIAL_BYTES = 16 * 1024;
/** After a take, a buffer with less room than this is replaced. */
const MIN_ROOM = 4 * 1024;
/** A buffer grown past this (a large reply) is replaced once taken. */
const MAX_KEPT_BYTES = 1024 * 1024;
/** Up to this length a string is copied byte by byte: a native write costs more. */
const SHORT_TEXT = 16;
const CR = 13;
const LF = 10;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;
const UNDERSCORE = 0x5f;
const COMMA = 0x2c;
const PERCENT = 0x25;
const TILDE = 0x7e;
const GREATER = 0x3e;
const EQUALS = 0x3d;

/**
 * Encodes RESP2/RESP3 replies into one growing buffer, taken out once per batch so a pipeline of
 * replies leaves in a single socket write. Strings are byte strings (one char per byte).
 *
 * @example
 * ```ts
 * const writer = new ReplyWriter();
 * writer.arrayHeader(2); writer.bulk('a'); writer.integer(1);
 * writer.take(); // <Buffer *2\r\n$1\r\na\r\n:1\r\n>
 * ```
 */
export class ReplyWriter {
  /** Holds the pending bytes at `[start, end)`; bytes before `start` were taken and may still be queued on the socket. */
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private start = 0;
  private end = 0;
  /** The protocol the replies are encoded in. */
  protocol: Protocol = 2;

  /** Bytes written since the last `take`. */
  get length(): number {
    return this.end - this.start;
  }

  /** Drops everything written after `length` (CLIENT REPLY OFF/SKIP). */
  truncate(length: number): void {
    this.end = Math.min(this.end, this.start + length);
  }

  /**
   * The pending bytes and an empty writer; undefined when nothing is pending. The bytes are a view
   * of the writer's buffer, never written again: the next replies go after them, or into a new
   * buffer once this one is nearly full.
   */
  take(): Buffer | undefined {
    if (this.end === this.start) return undefined;
    const out = this.buffer.subarray(this.start, this.end);
    this.start = this.end;
    if (this.buffer.length - this.end < MIN_ROOM || this.buffer.length > MAX_KEPT_BYTES) this.renew(INITIAL_BYTES);
    return out;
  }

  simple(text: string): void {
    this.line(PLUS, text);
  }

  /** Told of every error reply (the server counts them: total_error_replies, errorstats). */
  onError: ((message: string) => void) | null = null;

  /** An error reply; `message` starts with its code (`ERR …`). */
  error(message: string): void {
    this.onError?.(message);
    // Newlines would break the protocol: Redis replaces them with spaces.
    this.line(MINUS, message.replace(/[\r\n]/g, ' '));
  }

  integer(value: number): void {
    this.line(COLON, String(value));
  }

  bulk(bytes: string): void {
    this.line(DOLLAR, String(bytes.length));
    this.data(bytes);
  }

  /** A null bulk (`$-1`) or, with `array`, a null array (`*-1`); RESP3 has one null (`_`). */
  nil(array = false): void {
    if (this.protocol === 3) this.line(UNDERSCORE, '');
    else this.line(array ? STAR : DOLLAR, '-1');
  }

  /** A double: RESP3 `,1.5`, RESP2 a bulk string of `text`. */
  double(text: string): void {
    if (this.protocol === 3) this.line(COMMA, text);
    else this.bulk(text);
  }

  /** A verbatim text (INFO, CLIENT LIST): RESP3 `=` with `txt:`, RESP2 a bulk string. */
  verbatim(text: string): void {
    if (this.protocol === 2) return this.bulk(text);
    this.line(EQUALS, String(text.length + 4));
    this.data(`txt:${text}`);
  }

  arrayHeader(count: number): void {
    this.line(STAR, String(count));
  }

  /** A map of `count` pairs: RESP3 `%`, RESP2 a flat array of twice as many items. */
  mapHeader(count: number): void {
    if (this.protocol === 3) this.line(PERCENT, String(count));
    else this.arrayHeader(count * 2);
  }

  /** A set: RESP3 `~`, RESP2 an array. */
  setHeader(count: number): void {
    this.line(this.protocol === 3 ? TILDE : STAR, String(count));
  }

  /** An out-of-band push (pub/sub message): RESP3 `>`, RESP2 an array. */
  pushHeader(count: number): void {
    this.line(this.protocol === 3 ? GREATER : STAR, String(count));
  }

  /** One line: the type byte, `text`, CRLF. */
  private line(type: number, text: string): void {
    this.reserve(text.length + 3);
    this.buffer[this.end++] = type;
    this.put(text);
    this.crlf();
  }

  /** The bytes of a bulk (after its header line), then CRLF. */
  private data(bytes: string): void {
    this.reserve(bytes.length + 2);
    this.put(bytes);
    this.crlf();
  }

  /** Appends a byte string as it is (the caller made room): short ones byte by byte, long ones natively. */
  private put(bytes: string): void {
    if (bytes.length > SHORT_TEXT) {
      this.end += latin1Write(this.buffer, bytes, this.end);
      return;
    }
    const buffer = this.buffer;
    let at = this.end;
    for (let index = 0; index < bytes.length; index++) buffer[at++] = bytes.charCodeAt(index);
    this.end = at;
  }

  /** The caller made room. */
  private crlf(): void {
    this.buffer[this.end++] = CR;
    this.buffer[this.end++] = LF;
  }

  private reserve(bytes: number): void {
    if (this.end + bytes > this.buffer.length) this.renew(Math.max(INITIAL_BYTES, 2 * (this.length + bytes)));
  }

  /** Moves the pending bytes to a new buffer of `size` bytes (the old one may still be queued on the socket). */
  private renew(size: number): void {
    const renewed = Buffer.allocUnsafe(size);
    this.buffer.copy(renewed, 0, this.start, this.end);
    this.buffer = renewed;
    this.end -= this.start;
    this.start = 0;
  }
}
