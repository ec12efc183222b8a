import { latin1Write } from '../keyspace/latin1.js';

/** The RESP version a client speaks (HELLO 2|3). */
export type Protocol = 2 | 3;

const CRLF = '\r\n';

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
  private buffer = Buffer.allocUnsafe(16 * 1024);
  /** Bytes written since the last `take`. */
  length = 0;
  /** The protocol the replies are encoded in. */
  protocol: Protocol = 2;

  /** Drops everything written after `length` (CLIENT REPLY OFF/SKIP). */
  truncate(length: number): void {
    this.length = length;
  }

  /** The pending bytes (a copy) and an empty writer; undefined when nothing is pending. */
  take(): Buffer | undefined {
    if (this.length === 0) return undefined;
    const out = Buffer.allocUnsafe(this.length);
    this.buffer.copy(out, 0, 0, this.length);
    this.length = 0;
    if (this.buffer.length > 1024 * 1024) this.buffer = Buffer.allocUnsafe(16 * 1024);
    return out;
  }

  simple(text: string): void {
    this.write(`+${text}${CRLF}`);
  }

  /** An error reply; `message` starts with its code (`ERR …`). */
  error(message: string): void {
    // Newlines would break the protocol: Redis replaces them with spaces.
    this.write(`-${message.replace(/[\r\n]/g, ' ')}${CRLF}`);
  }

  integer(value: number): void {
    this.write(`:${value}${CRLF}`);
  }

  bulk(bytes: string): void {
    this.write(`$${bytes.length}${CRLF}`);
    this.write(bytes);
    this.write(CRLF);
  }

  /** A null bulk (`$-1`) or, with `array`, a null array (`*-1`); RESP3 has one null (`_`). */
  nil(array = false): void {
    this.write(this.protocol === 3 ? `_${CRLF}` : array ? `*-1${CRLF}` : `$-1${CRLF}`);
  }

  /** A double: RESP3 `,1.5`, RESP2 a bulk string of `text`. */
  double(text: string): void {
    if (this.protocol === 3) this.write(`,${text}${CRLF}`);
    else this.bulk(text);
  }

  /** A verbatim text (INFO, CLIENT LIST): RESP3 `=` with `txt:`, RESP2 a bulk string. */
  verbatim(text: string): void {
    if (this.protocol === 2) return this.bulk(text);
    this.write(`=${text.length + 4}${CRLF}txt:`);
    this.write(text);
    this.write(CRLF);
  }

  arrayHeader(count: number): void {
    this.write(`*${count}${CRLF}`);
  }

  /** A map of `count` pairs: RESP3 `%`, RESP2 a flat array of twice as many items. */
  mapHeader(count: number): void {
    this.write(this.protocol === 3 ? `%${count}${CRLF}` : `*${count * 2}${CRLF}`);
  }

  /** A set: RESP3 `~`, RESP2 an array. */
  setHeader(count: number): void {
    this.write(this.protocol === 3 ? `~${count}${CRLF}` : `*${count}${CRLF}`);
  }

  /** An out-of-band push (pub/sub message): RESP3 `>`, RESP2 an array. */
  pushHeader(count: number): void {
    this.write(this.protocol === 3 ? `>${count}${CRLF}` : `*${count}${CRLF}`);
  }

  /** Appends a byte string as it is. */
  private write(bytes: string): void {
    this.reserve(bytes.length);
    this.length += latin1Write(this.buffer, bytes, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
