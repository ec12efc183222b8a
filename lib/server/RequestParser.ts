import type { ByteString } from '../keyspace/byteString.js';
import { latin1Slice } from '../keyspace/latin1.js';
import { NameCache } from './NameCache.js';
import { splitInlineArguments } from './splitInlineArguments.js';

/** Longest line (inline command, `*N` or `$N` header) accepted without a line end, as Redis's PROTO_INLINE_MAX_SIZE. */
export const INLINE_MAX_SIZE = 64 * 1024;
const UNAUTHENTICATED_MAX_COUNT = 10;
const UNAUTHENTICATED_MAX_BULK = 16384;
/** Bytes of a line scanned byte by byte before `find` calls the native `indexOf`. */
const SHORT_LINE = 32;
/** Command names, shared by every parser. */
const names = new NameCache();
/** Commands of up to this many arguments get their array sized from the header. */
const PRESIZED_ARGUMENTS = 1024;
const CR = 13;
const LF = 10;

/** What the parser needs to know about its connection. */
export interface RequestParserLimits {
  /** `proto-max-bulk-len`: longest bulk string accepted. */
  maxBulkLength: number;
  /** True while the client must still authenticate (Redis then caps counts at 10 and bulks at 16 KB). */
  unauthenticated(): boolean;
}

/** One step of the parser: a command, nothing yet, or a protocol error (Redis's text, without `ERR Protocol error: `). */
export type ParseResult = ByteString[] | undefined | { readonly protocolError: string };

/**
 * Incremental RESP request parser: multibulk (`*N`/`$N`) and inline commands, pipelined, fed in
 * chunks of any size. It keeps its position inside a partial command, so a large bulk arriving in
 * many chunks is copied once. Arguments come out as byte strings (one char per byte).
 *
 * @example
 * ```ts
 * const parser = new RequestParser({ maxBulkLength: 512 * 1024 * 1024, unauthenticated: () => false });
 * parser.push(Buffer.from('*1\r\n$4\r\nPING\r\nECHO hi\r\n'));
 * parser.next(); // ['PING']
 * parser.next(); // ['ECHO', 'hi']
 * parser.next(); // undefined (needs more input)
 * ```
 */
export class RequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  /** Chunks received while waiting for a bulk's bytes, joined once enough have arrived. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private remaining = 0;
  private bulkLength = -1;
  private args: ByteString[] = [];
  /** Arguments of the current command read so far. */
  private filled = 0;

  constructor(private readonly limits: RequestParserLimits) {}

  /** Bytes received and not yet consumed (Redis's query buffer length). */
  get bufferedBytes(): number {
    return this.buffer.length - this.position + this.waitingBytes;
  }

  /** Adds received bytes. */
  push(chunk: Buffer): void {
    if (this.position === this.buffer.length && this.waiting.length === 0) {
      this.buffer = chunk;
      this.position = 0;
      return;
    }
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.bulkLength >= 0 && this.buffer.length - this.position + this.waitingBytes < this.bulkLength + 2) return;
    this.join();
  }

  /** The next complete command, undefined when more input is needed, or a protocol error (the connection must then close). */
  next(): ParseResult {
    for (;;) {
      if (this.remaining === 0) {
        if (this.position >= this.buffer.length) return undefined;
        const result = this.buffer[this.position] === 0x2a ? this.multibulkHeader() : this.inline();
        if (result === 'empty') continue;
        if (result !== 'header') return result;
      }
      return this.multibulkArguments();
    }
  }

  private join(): void {
    this.buffer = Buffer.concat([this.buffer.subarray(this.position), ...this.waiting]);
    this.position = 0;
    this.waiting = [];
    this.waitingBytes = 0;
  }

  /**
   * Index of the `\r` ending the line at the position, -1 when incomplete (or needing its `\n`).
   * Like Redis's strchr, a NUL byte before the `\r` hides it.
   */
  private lineEnd(): number {
    const end = this.find(CR);
    return end === -1 || end + 1 >= this.buffer.length ? -1 : end;
  }

  /**
   * Index of `byte` at or after the position, -1 when absent or after a NUL. A short line (every
   * `*N`/`$N` header) is scanned here; a longer one through `indexOf`, which is a native call.
   */
  private find(byte: number): number {
    const buffer = this.buffer;
    const scanned = Math.min(buffer.length, this.position + SHORT_LINE);
    for (let index = this.position; index < scanned; index++) {
      const current = buffer[index];
      if (current === byte) return index;
      if (current === 0) return -1;
    }
    const end = scanned === buffer.length ? -1 : buffer.indexOf(byte, scanned);
    if (end === -1) return -1;
    for (let index = scanned; index < end; index++) if (buffer[index] === 0) return -1;
    return end;
  }

  private multibulkHeader(): 'header' | 'empty' | ParseResult {
    const end = this.lineEnd();
    if (end === -1) return this.tooLong('too big mbulk count string');
    const count = parseLength(this.buffer, this.position + 1, end);
    if (count === undefined || count > 0x7fffffff) return { protocolError: 'invalid multibulk length' };
    if (count > UNAUTHENTICATED_MAX_COUNT && this.limits.unauthenticated()) return { protocolError: 'unauthenticated multibulk length' };
    this.position = end + 2;
    if (count <= 0) return 'empty';
    this.remaining = count;
    // Sized up front (a pushed-to empty array grows to 17 slots); a huge count grows as it fills.
    this.args = count <= PRESIZED_ARGUMENTS ? new Array<ByteString>(count) : [];
    this.filled = 0;
    return 'header';
  }

  private multibulkArguments(): ParseResult {
    while (this.remaining > 0) {
      if (this.bulkLength === -1) {
        const error = this.bulkHeader();
        if (error !== undefined) return error;
        if (this.bulkLength === -1) return undefined;
      }
      const start = this.position;
      if (this.buffer.length - start < this.bulkLength + 2) return undefined;
      // Like Redis, the two bytes after the data are skipped, not checked.
      const end = start + this.bulkLength;
      this.args[this.filled] = this.filled === 0 ? names.read(this.buffer, start, end) : latin1Slice(this.buffer, start, end);
      this.filled++;
      this.position = end + 2;
      this.bulkLength = -1;
      this.remaining--;
    }
    return this.args;
  }

  private bulkHeader(): { protocolError: string } | undefined {
    const end = this.lineEnd();
    if (end === -1) return this.tooLong('too big bulk count string') as { protocolError: string } | undefined;
    const first = this.buffer[this.position]!;
    if (first !== 0x24) return { protocolError: `expected '$', got '${String.fromCharCode(first)}'` };
    const length = parseLength(this.buffer, this.position + 1, end);
    if (length === undefined || length < 0 || length > this.limits.maxBulkLength) return { protocolError: 'invalid bulk length' };
    if (length > UNAUTHENTICATED_MAX_BULK && this.limits.unauthenticated()) return { protocolError: 'unauthenticated bulk length' };
    this.position = end + 2;
    this.bulkLength = length;
    return undefined;
  }

  private inline(): 'empty' | ParseResult {
    const newline = this.find(LF);
    if (newline === -1) return this.tooLong('too big inline request');
    const end = newline > this.position && this.buffer[newline - 1] === CR ? newline - 1 : newline;
    const argv = splitInlineArguments(this.buffer.subarray(this.position, end));
    if (argv === undefined) return { protocolError: 'unbalanced quotes in request' };
    this.position = newline + 1;
    return argv.length === 0 ? 'empty' : argv;
  }

  private tooLong(message: string): ParseResult {
    return this.buffer.length - this.position > INLINE_MAX_SIZE ? { protocolError: message } : undefined;
  }
}

/** Redis's string2ll on a header: an optional `-`, digits without leading zeros, within int64. */
function parseLength(buffer: Buffer, start: number, end: number): number | undefined {
  if (start >= end || end - start > 20) return undefined;
  const negative = buffer[start] === 0x2d;
  let index = negative ? start + 1 : start;
  if (index >= end) return undefined;
  if (buffer[index] === 0x30) return end - index === 1 && !negative ? 0 : undefined;
  let value = 0;
  for (; index < end; index++) {
    const digit = buffer[index]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  if (value <= Number.MAX_SAFE_INTEGER) return negative ? -value : value;
  const exact = BigInt(buffer.toString('latin1', start, end));
  if (exact > 0x7fffffffffffffffn || exact < -0x8000000000000000n) return undefined;
  return negative ? -Infinity : Infinity;
}
