import { connect, type Socket } from 'node:net';

/** A reply decoded from RESP2: bulk strings as byte strings (latin1), errors as {@link RespError}. */
export type RespReply = string | number | null | RespError | RespReply[];

/** An error reply; `message` is the text after the `-`. */
export class RespError {
  constructor(readonly message: string) {}
}

interface Pending {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

/**
 * A minimal RESP2 client for tests: sends commands as arrays of bulk strings, decodes replies in
 * order. Bulk strings come back as byte strings (one char per byte), so binary data round-trips.
 *
 * @example
 * ```ts
 * const client = await RespClient.connect(6379);
 * await client.call(['SET', 'a', 'b']); // 'OK'
 * client.close();
 * ```
 */
export class RespClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('close', () => this.failAll(new Error('connection closed')));
    socket.on('error', (error) => this.failAll(error));
  }

  /** Connects to 127.0.0.1:`port`. */
  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one command and resolves with its reply (error replies resolve as {@link RespError}). */
  call(argv: readonly (string | Uint8Array)[]): Promise<RespReply> {
    const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
    for (const argument of argv) {
      const bytes = typeof argument === 'string' ? Buffer.from(argument, 'utf8') : Buffer.from(argument);
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(Buffer.concat(parts));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const parsed = parseReply(this.buffer, 0);
      if (parsed === undefined) return;
      this.buffer = this.buffer.subarray(parsed.end);
      this.pending.shift()!.resolve(parsed.reply);
    }
  }
}

/** Parses one reply at `offset`; undefined when the buffer holds only part of it. */
function parseReply(buffer: Buffer, offset: number): { reply: RespReply; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const kind = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('latin1', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (kind) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new RespError(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('latin1', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: RespReply[] = [];
      let position = next;
      for (let index = 0; index < count; index++) {
        const item = parseReply(buffer, position);
        if (item === undefined) return undefined;
        items.push(item.reply);
        position = item.end;
      }
      return { reply: items, end: position };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(kind)}`);
  }
}
