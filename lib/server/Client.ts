import type { Socket } from 'node:net';
import type { SchedulerLike } from 'rxjs';
import type { ByteString } from '../keyspace/byteString.js';
import type { Session } from '../keyspace/Session.js';
import { newReplicaHandshake, type ReplicaHandshake } from '../replication/redis/ReplicaHandshake.js';
import { RequestParser } from './RequestParser.js';
import { ReplyWriter } from './ReplyWriter.js';

/** Pending reply bytes that make the client flush before running its next buffered request. */
const FLUSH_BYTES = 64 * 1024;

/**
 * After this many request bytes a client stops reading until the event loop's next pass. The loop
 * reads up to 32 chunks of 64 KB from a busy socket in one go; without this, a client that streams
 * (a slot migration, a bulk load) holds every other client and timer for tens of ms. (Redis reads
 * at most 16 KB per client per event-loop pass.)
 */
const TURN_BYTES = 64 * 1024;

/** A MULTI in progress: the queued commands and whether a queueing error doomed it. */
export interface Transaction {
  readonly queue: ByteString[][];
  aborted: boolean;
}

/** What the server does with a client's requests; implemented by the server's dispatcher. */
export interface ClientHost {
  /** The client is about to run a batch of buffered requests. */
  beginBatch(): void;
  /**
   * The client ran what it had buffered: write its replies once this event-loop pass has read
   * every connection that was ready (or now).
   */
  flushLater(client: Client): void;
  /** Runs one parsed command; may pause the client (blocking, SAVE) by returning a promise. */
  execute(client: Client, argv: ByteString[]): void | Promise<void>;
  /** An error reply went to a client (every one: INFO counts them by kind). */
  errorReplied(message: string): void;
  readonly maxBulkLength: number;
  readonly queryBufferLimit: number;
  /** Checks the output limits of the client's class; true if it was closed for exceeding them. */
  exceedsOutputLimit(client: Client): boolean;
  now(): number;
  /** Runs the rests of a client whose share of time is limited ({@link Client.limitInputShare}). */
  readonly scheduler: SchedulerLike;
}

/** A WAIT that blocks its client. */
export interface PendingWait {
  /** Ends it now: the replicas counted so far (`timeout`), or the UNBLOCKED error (CLIENT UNBLOCK … ERROR). */
  end(how: 'timeout' | 'error'): void;
  /** Drops it without a reply (the connection closed). */
  cancel(): void;
}

/**
 * One connection: its socket, request parser, reply buffer, keyspace session and the
 * per-connection state (name, protocol, auth, MULTI, subscriptions, block). Requests are processed
 * in order; replies of one read leave in one socket write, when the host says (see
 * {@link ClientHost.flushLater}).
 *
 * @example
 * ```ts
 * const client = new Client(1, socket, keyspace.session(), host, false);
 * ```
 */
export class Client {
  name = '';
  authenticated: boolean;
  transaction: Transaction | null = null;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** `CLIENT REPLY`: on, off, or skip the next command's reply. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /** Set while a command holds the client (blocked pop, SAVE): later requests wait. */
  paused = false;
  closing = false;
  closed = false;
  lastCommand = 'NULL';
  /** The replication offset right after this client's last write (WAIT waits for it). */
  writeOffset = 0;
  /** A WAIT in progress: CLIENT UNBLOCK ends it, a closed connection drops it. */
  waiting: PendingWait | null = null;
  readonly createdAt: number;
  lastInteraction: number;
  /** Since when the output has been over the soft limit (null: not over). */
  softLimitSince: number | null = null;
  readonly writer = new ReplyWriter();
  /** What the connection announced with REPLCONF, should it become a replica (PSYNC). */
  readonly handshake: ReplicaHandshake;
  readonly parser: RequestParser;
  private flushScheduled = false;
  private readingPaused = false;
  /** Request bytes received since the client last yielded (see TURN_BYTES). */
  private turnBytes = 0;
  private turnYielded = false;
  /** Largest share of wall time this client's requests may take (1: no limit). */
  private inputShare = 1;
  /** Time its requests took since the client last yielded, and rest owed from earlier turns (ms). */
  private turnMs = 0;
  private restOwedMs = 0;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly session: Session,
    private readonly host: ClientHost,
    requiresAuth: boolean,
  ) {
    this.authenticated = !requiresAuth;
    this.handshake = newReplicaHandshake(socket.remoteAddress ?? '?');
    this.createdAt = this.lastInteraction = host.now();
    this.parser = new RequestParser({ maxBulkLength: host.maxBulkLength, unauthenticated: () => !this.authenticated });
    this.writer.onError = (message) => host.errorReplied(message);
  }

  /** Subscribed to any channel or pattern (RESP2 then accepts only subscription commands). */
  get subscribed(): boolean {
    return this.channels.size + this.patterns.size > 0;
  }

  /** `ip:port` of the peer. */
  get address(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`;
  }

  get localAddress(): string {
    return `${this.socket.localAddress ?? '?'}:${this.socket.localPort ?? 0}`;
  }

  /** Bytes of replies not yet accepted by the kernel. */
  get outputBytes(): number {
    return this.socket.writableLength + this.writer.length;
  }

  /** Handles received bytes: parse, run, reply. */
  receive(chunk: Buffer): void {
    const started = (this.lastInteraction = this.host.now());
    this.parser.push(chunk);
    if (this.parser.bufferedBytes > this.host.queryBufferLimit) return this.close();
    this.processInput();
    if (this.inputShare < 1) this.turnMs += this.host.now() - started;
    this.turnBytes += chunk.length;
    if (this.turnBytes >= TURN_BYTES) this.yieldTurn();
  }

  /**
   * Limits the share of wall time spent running this client's requests to `share` (0 < share ≤ 1):
   * after each turn of {@link TURN_BYTES} it stops reading for `spent × (1 − share) / share`. For
   * a bulk stream, such as a slot migration's link: applying it as fast as it arrives keeps a core
   * busy, and on a machine whose cores the nodes and their clients share, every other client then
   * waits for the scheduler's turn.
   */
  limitInputShare(share: number): void {
    if (!(share > 0 && share <= 1)) throw new RangeError(`an input share is a number > 0 and ≤ 1, not ${share}`);
    this.inputShare = share;
  }

  /** Stops reading until the event loop's next pass (or the rest the input share owes), so other clients and timers get theirs. */
  private yieldTurn(): void {
    this.turnBytes = 0;
    this.restOwedMs += (this.turnMs * (1 - this.inputShare)) / this.inputShare;
    this.turnMs = 0;
    if (this.turnYielded || this.readingPaused || this.closed) return;
    this.turnYielded = true;
    this.socket.pause();
    const resume = () => {
      this.turnYielded = false;
      if (!this.readingPaused && !this.closed) this.socket.resume();
    };
    if (this.restOwedMs < 1) {
      setImmediate(resume);
    } else {
      this.host.scheduler.schedule(resume, this.restOwedMs);
      this.restOwedMs = 0;
    }
  }

  /** Runs buffered requests until one pauses the client or input runs out, then flushes. */
  processInput(): void {
    this.host.beginBatch();
    while (!this.paused && !this.closing && !this.closed && !this.readingPaused) {
      const argv = this.parser.next();
      if (argv === undefined) break;
      if (!Array.isArray(argv)) {
        this.writer.error(`ERR Protocol error: ${argv.protocolError}`);
        this.closing = true;
        break;
      }
      const pending = this.host.execute(this, argv);
      if (pending !== undefined) this.hold(pending);
      // Large replies leave early, so a client that does not read stops being served (see flush).
      if (this.writer.length >= FLUSH_BYTES) this.flush();
    }
    this.host.flushLater(this);
  }

  /** Holds the client until `pending` settles, then continues with its buffered requests. */
  hold(pending: Promise<void>): void {
    this.paused = true;
    const resume = () => {
      this.paused = false;
      if (!this.closed) this.processInput();
    };
    pending.then(resume, (error: unknown) => {
      this.writer.error(`ERR internal error: ${(error as Error).message}`);
      resume();
    });
  }

  /** Flushes replies at the end of this turn (messages and wake-ups for clients other than the current one). */
  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Writes pending replies in one socket write; applies output limits and back-pressure. */
  flush(): void {
    if (this.closed) return;
    const bytes = this.writer.take();
    if (bytes !== undefined && !this.socket.write(bytes) && !this.readingPaused) {
      // A slow reader: stop reading its requests until it has taken its replies.
      this.readingPaused = true;
      this.socket.pause();
      this.socket.once('drain', () => {
        this.readingPaused = false;
        if (!this.turnYielded) this.socket.resume();
        this.processInput();
      });
    }
    if (this.host.exceedsOutputLimit(this)) return;
    if (this.closing) this.socket.end();
  }

  /** Closes the connection now (replies not yet written are dropped). */
  close(): void {
    if (this.closed) return;
    this.socket.destroy();
  }
}
