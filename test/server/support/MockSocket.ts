import { EventEmitter } from 'node:events';

/**
 * A socket double for transport tests: records pause/resume (and answers `isPaused` as a Node
 * stream does after them) and keeps what was written; data is delivered by `emit('data', …)`.
 *
 * @example
 * ```ts
 * const socket = new MockSocket();
 * socket.emit('data', Buffer.from('PING\r\n'));
 * socket.text(); // '+PONG\r\n'
 * ```
 */
export class MockSocket extends EventEmitter {
  readonly calls: string[] = [];
  readonly written: Buffer[] = [];
  writableLength = 0;
  bytesRead = 0;
  bytesWritten = 0;
  remoteAddress = '127.0.0.1';
  remotePort = 50000;
  localAddress = '127.0.0.1';
  localPort = 6379;
  destroyed = false;
  private paused = false;

  pause(): this {
    this.calls.push('pause');
    this.paused = true;
    return this;
  }

  resume(): this {
    this.calls.push('resume');
    this.paused = false;
    return this;
  }

  isPaused(): boolean {
    return this.paused;
  }

  write(bytes: Buffer | string): boolean {
    this.written.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'));
    return true;
  }

  /** Everything written so far, as latin1 text. */
  text(): string {
    return Buffer.concat(this.written).toString('latin1');
  }

  setNoDelay(): this {
    return this;
  }

  end(): void {}

  destroy(): void {
    this.destroyed = true;
  }
}
