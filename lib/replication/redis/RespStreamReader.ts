import { ForklessError } from '../../errors.js';

/**
 * One item of a replication link, with the bytes it took on the wire (a replica's offset counts
 * exactly these): a status/error/integer/bulk-header line, a command (array of bulk strings), or a
 * bare newline (a keep-alive).
 */
export type RespItem =
  | { readonly kind: 'line'; readonly type: '+' | '-' | ':' | '$'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'command'; readonly argv: Buffer[]; readonly bytes: number }
  | { readonly kind: 'newline'; readonly bytes: number };

/** Largest bulk string accepted (Redis's proto-max-bulk-len default, 512 MB). */
const MAX_BULK_BYTES = 512 * 1024 * 1024;
/** Most arguments in one command (Redis's limit for multibulk requests). */
const MAX_ARGUMENTS = 1024 * 1024;
/** Longest header line before the peer is taken for garbage (Redis: 64 KiB inline). */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Incremental reader of the RESP a Redis replication link carries in either direction: chunks in,
 * in any split, items out one at a time. `$…` outside an array is returned as a line (the RDB
 * payload's preamble); the caller then takes the raw bytes with {@link takeRest}. A large bulk is
 * only re-parsed once all its bytes are there. Malformed input throws `FORKLESS_ERR_PROTOCOL`.
 *
 * @example
 * ```ts
 * const reader = new RespStreamReader();
 * reader.push(chunk);
 * for (let item = reader.next(); item !== undefined; item = reader.next()) handle(item);
 * ```
 */
export class RespStreamReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Do not try to parse before this many bytes are buffered. */
  private needed = 1;

  /** Bytes received and not yet returned as items. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete item, or undefined until more bytes arrive. */
  next(): RespItem | undefined {
    if (this.buffered < this.needed) return undefined;
    const buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [buffer];
    const parsed = this.parse(buffer);
    if (parsed === undefined) return undefined;
    this.needed = 1;
    const rest = buffer.subarray(parsed.bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return parsed;
  }

  /** Everything buffered and not parsed, handed over once (the reader is empty afterwards). */
  takeRest(): Buffer {
    const rest = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    this.needed = 1;
    return rest;
  }

  private parse(buffer: Buffer): RespItem | undefined {
    const first = buffer[0]!;
    if (first === 0x0a) return { kind: 'newline', bytes: 1 };
    const line = this.line(buffer, 0);
    if (line === undefined) return undefined;
    const type = String.fromCharCode(first);
    if (type === '*') return this.command(buffer, line);
    if (type === '+' || type === '-' || type === ':' || type === '$') return { kind: 'line', type, text: line.text, bytes: line.end };
    if (line.text === '' && first === 0x0d) return { kind: 'newline', bytes: line.end };
    throw protocolError(`unexpected byte ${JSON.stringify(type)} at the start of an item`);
  }

  private command(buffer: Buffer, header: { text: string; end: number }): RespItem | undefined {
    const count = integerOf(header.text, MAX_ARGUMENTS, 'multibulk length');
    const argv: Buffer[] = [];
    let position = header.end;
    for (let index = 0; index < count; index++) {
      if (position >= buffer.length) return this.wait(position + 1);
      if (buffer[position] !== 0x24) throw protocolError(`expected '$', got ${JSON.stringify(String.fromCharCode(buffer[position]!))}`);
      const line = this.line(buffer, position);
      if (line === undefined) return undefined;
      const length = integerOf(line.text, MAX_BULK_BYTES, 'bulk length');
      const end = line.end + length + 2;
      if (end > buffer.length) return this.wait(end);
      if (buffer[end - 2] !== 0x0d || buffer[end - 1] !== 0x0a) throw protocolError('bulk string not followed by CRLF');
      argv.push(buffer.subarray(line.end, line.end + length));
      position = end;
    }
    if (count === 0) throw protocolError('empty command');
    return { kind: 'command', argv, bytes: position };
  }

  /** The CRLF-terminated line at `start` without its type byte; undefined if incomplete. */
  private line(buffer: Buffer, start: number): { text: string; end: number } | undefined {
    const newline = buffer.indexOf(0x0a, start);
    if (newline === -1) {
      if (buffer.length - start > MAX_LINE_BYTES) throw protocolError('line too long');
      return this.wait(buffer.length + 1);
    }
    const textEnd = newline > start && buffer[newline - 1] === 0x0d ? newline - 1 : newline;
    return { text: buffer.toString('latin1', Math.min(start + 1, textEnd), textEnd), end: newline + 1 };
  }

  private wait(bytes: number): undefined {
    this.needed = bytes;
    return undefined;
  }
}

function integerOf(text: string, max: number, what: string): number {
  const value = /^-?\d{1,18}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max)) throw protocolError(`invalid ${what} ${JSON.stringify(text.slice(0, 32))}`);
  return value;
}

function protocolError(message: string): ForklessError {
  return new ForklessError('FORKLESS_ERR_PROTOCOL', `replication link: ${message}`);
}
