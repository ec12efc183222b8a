import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { ForklessError } from '../errors.js';

/**
 * An incremental RESP2 reply decoder (what a node reads back from a peer): feed it bytes in any
 * pieces, take whole replies out. Bulk strings come out as byte strings (one char per byte),
 * error replies as {@link ReplyError}, nil as null. A malformed reply is FORKLESS_ERR_PROTOCOL.
 *
 * @example
 * ```ts
 * const parser = new RespReplyParser();
 * parser.push(Buffer.from('+OK\r\n:4'));
 * parser.next(); // 'OK'
 * parser.next(); // undefined: ':4' is not complete yet
 * ```
 */
export class RespReplyParser {
  private buffer: Buffer = Buffer.alloc(0);

  /** Appends received bytes. */
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** The next whole reply, or undefined until more bytes arrive. */
  next(): Reply | undefined {
    const parsed = parse(this.buffer, 0);
    if (parsed === undefined) return undefined;
    this.buffer = this.buffer.subarray(parsed.end);
    return parsed.reply;
  }
}

function parse(buffer: Buffer, offset: number): { reply: Reply; end: number } | undefined {
  if (offset >= buffer.length) return undefined;
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const line = buffer.toString('latin1', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (buffer[offset]) {
    case 0x2b: // +
      return { reply: line, end: next };
    case 0x2d: // -
      return { reply: new ReplyError(line), end: next };
    case 0x3a: // :
      return { reply: integer(line), end: next };
    case 0x24: {
      // $
      const length = integer(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('latin1', next, next + length), end: next + length + 2 };
    }
    case 0x2a: {
      // *
      const count = integer(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let position = next;
      for (let index = 0; index < count; index++) {
        const item = parse(buffer, position);
        if (item === undefined) return undefined;
        items.push(item.reply);
        position = item.end;
      }
      return { reply: items, end: position };
    }
    default:
      throw new ForklessError('FORKLESS_ERR_PROTOCOL', `unexpected RESP reply type byte 0x${buffer[offset]!.toString(16)}`);
  }
}

function integer(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new ForklessError('FORKLESS_ERR_PROTOCOL', `bad RESP integer ${JSON.stringify(text)}`);
  return Number(text);
}
