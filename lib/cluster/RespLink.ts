import { connect as netConnect, type Socket } from 'node:net';
import { toByteString, type ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { ForklessError } from '../errors.js';
import type { ClusterPeer } from './ClusterTopology.js';
import type { LinkConnector, MigrationLink } from './MigrationLink.js';
import { RespReplyParser } from './RespReplyParser.js';

const FLUSH_BYTES = 1 << 16;

type Waiter = { resolve(reply: Reply): void; reject(error: Error): void } | null;

/**
 * What a link sends with `AUTH` before anything else (Valkey's slot-migration link and a Redis
 * replica use the `masterauth` password and the `masteruser` user name for it).
 *
 * @example
 * ```ts
 * const credentials: LinkCredentials = { password: 's3cret' }; // AUTH s3cret
 * ```
 */
export interface LinkCredentials {
  readonly password: string;
  /** Sent as `AUTH <user> <password>` when given (default: `AUTH <password>`, the default user). */
  readonly user?: string;
}

/**
 * A {@link MigrationLink} over a RESP connection to a peer's client port: each command is encoded
 * whole into the socket's buffer in call order (so snapshot commands and live writes never
 * interleave inside a frame; the commands of one turn leave in one write), replies are matched in
 * order.
 *
 * @example
 * ```ts
 * const link = await RespLink.connect({ id, host: '127.0.0.1', port: 7001, configEpoch: 0 });
 * await link.request(['CLUSTER', 'MYID']);
 * ```
 */
export class RespLink implements MigrationLink {
  private readonly waiters: Waiter[] = [];
  private head = 0;
  private readonly parser = new RespReplyParser();
  private failure: Error | null = null;
  private pending = '';
  private flushScheduled = false;
  private reportBreak!: (error: Error) => void;
  readonly broken: Promise<Error> = new Promise((resolve) => (this.reportBreak = resolve));

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('close', () => this.fail(new ForklessError('FORKLESS_ERR_CLOSED', 'migration link closed')));
    socket.on('error', (error) => this.fail(error));
  }

  /** A {@link LinkConnector} opening RESP links without AUTH. */
  static readonly connector: LinkConnector = (peer) => RespLink.connect(peer);

  /**
   * A {@link LinkConnector} whose links authenticate first with the credentials `credentials()`
   * gives at each connection (none: no AUTH), as the server does with `masterauth`.
   */
  static authenticating(credentials: () => LinkCredentials | null): LinkConnector {
    return (peer) => RespLink.connect(peer, credentials() ?? undefined);
  }

  /**
   * Connects to the peer's host and port and, with `credentials`, sends `AUTH` first; a refused
   * AUTH rejects with `FORKLESS_ERR_UNAUTHORIZED` ("Failed to AUTH to target node: …", as Valkey).
   */
  static async connect(peer: Pick<ClusterPeer, 'host' | 'port'>, credentials?: LinkCredentials): Promise<RespLink> {
    const link = await new Promise<RespLink>((resolve, reject) => {
      const socket = netConnect({ host: peer.host, port: peer.port }, () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new RespLink(socket));
      });
      socket.once('error', reject);
    });
    if (credentials === undefined) return link;
    const { user, password } = credentials;
    try {
      await link.request(['AUTH', ...(user === undefined ? [] : [user]), password].map(toByteString));
      return link;
    } catch (error) {
      link.close();
      if (!(error instanceof ReplyError)) throw error;
      throw new ForklessError('FORKLESS_ERR_UNAUTHORIZED', `Failed to AUTH to target node: ${error.message}`, { host: peer.host, port: peer.port });
    }
  }

  get unanswered(): number {
    return this.waiters.length - this.head;
  }

  write(argv: readonly ByteString[]): void {
    this.send(argv, null);
  }

  request(argv: readonly ByteString[]): Promise<Reply> {
    return new Promise((resolve, reject) => this.send(argv, { resolve, reject }));
  }

  close(): void {
    this.socket.destroy();
    this.fail(new ForklessError('FORKLESS_ERR_CLOSED', 'migration link closed'));
  }

  private send(argv: readonly ByteString[], waiter: Waiter): void {
    if (this.failure !== null) return waiter?.reject(this.failure);
    this.waiters.push(waiter);
    let frame = `*${argv.length}\r\n`;
    for (const argument of argv) frame += `$${argument.length}\r\n${argument}\r\n`;
    // Commands sent in one turn leave in one socket write (at the end of the turn, or every 64 KiB).
    this.pending += frame;
    if (this.pending.length >= FLUSH_BYTES) return this.flush();
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.pending === '' || this.failure !== null) return;
    this.socket.write(Buffer.from(this.pending, 'latin1'));
    this.pending = '';
  }

  private received(chunk: Buffer): void {
    this.parser.push(chunk);
    try {
      for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) this.answer(reply);
    } catch (error) {
      this.socket.destroy();
      this.fail(error as Error);
    }
  }

  private answer(reply: Reply): void {
    const waiter = this.waiters[this.head++];
    if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
    if (reply instanceof ReplyError) {
      if (waiter) return waiter.reject(reply);
      this.socket.destroy();
      return this.fail(reply);
    }
    waiter?.resolve(reply);
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const waiter of this.waiters.splice(this.head)) waiter?.reject(error);
    this.waiters.length = this.head = 0;
    this.reportBreak(error);
  }
}
