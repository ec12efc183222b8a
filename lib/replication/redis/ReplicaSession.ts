import type { Socket } from 'node:net';
import { interval, type Subscription } from 'rxjs';
import { Keyspace } from '../../keyspace/Keyspace.js';
import type { ReplicaHandshake } from './ReplicaHandshake.js';
import type { NormalizedRedisLeaderOptions } from './RedisLeaderOptions.js';
import type { RedisReplicationStream, StreamListener } from './RedisReplicationStream.js';
import { ByteQueue } from './ByteQueue.js';
import { RespStreamReader } from './RespStreamReader.js';
import { StreamEncoder } from './StreamEncoder.js';
import { transferRdb } from './transferRdb.js';

/** A replica's state: full sync in progress, RDB sent (waiting for its first ACK), streaming. */
export type ReplicaSessionState = 'wait_bgsave' | 'wait_ack' | 'online';

/** One attached replica, as INFO replication's `slaveN` line shows it. */
export interface RedisReplicaInfo {
  readonly ip: string;
  readonly port: number;
  /** As Redis shows it: `wait_bgsave` during the transfer, then `online`. */
  readonly state: 'wait_bgsave' | 'online';
  /** The offset the replica acknowledged last. */
  readonly offset: number;
  /** Seconds since its last ACK. */
  readonly lag: number;
}

/** What a session needs from its leader. */
export interface ReplicaSessionHost {
  readonly keyspace: Keyspace;
  readonly stream: RedisReplicationStream;
  readonly options: NormalizedRedisLeaderOptions;
  ended(session: ReplicaSession): void;
  /** A replica sent `REPLCONF ACK` (WAIT counts acknowledgements). */
  acknowledged(): void;
}

/**
 * The leader's side of one Redis replica after PSYNC: serves a full sync (RDB then the writes
 * since T0) or a partial one (`+CONTINUE` from the backlog), then streams; reads its
 * `REPLCONF ACK`s. Everything held for the replica (writes during the sync, bytes the socket has not
 * taken) counts against `client-output-buffer-limit replica`; past it the replica is dropped
 * with Redis's log line.
 *
 * @example
 * ```ts
 * const session = new ReplicaSession(socket, handshake, host);
 * session.start(['PSYNC', '?', '-1']); // +FULLRESYNC <replid> <offset>, $EOF:… RDB …
 * ```
 */
export class ReplicaSession implements StreamListener {
  state: ReplicaSessionState = 'wait_bgsave';
  ackOffset = 0;
  private lastAckAt: number;
  private readonly held = new ByteQueue();
  private flushQueued = false;
  private softSince: number | null = null;
  private transfer: Subscription | null = null;
  private readonly encoder = new StreamEncoder();
  private readonly reader = new RespStreamReader();
  private ended = false;
  private readonly timer: Subscription;

  constructor(
    private readonly socket: Socket,
    private readonly handshake: ReplicaHandshake,
    private readonly host: ReplicaSessionHost,
  ) {
    this.lastAckAt = host.options.scheduler.now();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
    this.timer = interval(1000, host.options.scheduler).subscribe(() => this.checkLimits());
  }

  /** `ip:port` as INFO names the replica. */
  get name(): string {
    return `${this.handshake.announcedIp ?? this.handshake.peerAddress}:${this.handshake.listeningPort}`;
  }

  info(): RedisReplicaInfo {
    const lag = Math.floor((this.host.options.scheduler.now() - this.lastAckAt) / 1000);
    const state = this.state === 'wait_bgsave' ? 'wait_bgsave' : 'online';
    return { ip: this.handshake.announcedIp ?? this.handshake.peerAddress, port: this.handshake.listeningPort, state, offset: this.ackOffset, lag };
  }

  /** Continues at `offset` (the replica has every byte up to it): `+CONTINUE`, the backlog, then live. */
  continueAt(offset: number): void {
    const { stream } = this.host;
    this.socket.write(`+CONTINUE ${stream.replicationId}\r\n`);
    this.socket.write(stream.backlog.bytesAfter(offset));
    this.ackOffset = offset;
    this.state = 'online';
    stream.attach(this);
  }

  /** Full resync: `+FULLRESYNC <replid> <offset>`, the RDB of T0, then the writes since. */
  fullSync(): void {
    const { stream, keyspace, options } = this.host;
    const offset = stream.startFullSync();
    this.ackOffset = offset;
    // SYNC (the protocol before PSYNC) has the payload follow at once, as Redis answers it.
    if (!this.handshake.prePsync) this.socket.write(`+FULLRESYNC ${stream.replicationId} ${offset}\r\n`);
    stream.attach(this);
    const source = this.handshake.rdbWithoutData ? new Keyspace({ databases: keyspace.databases.length }) : keyspace;
    this.transfer = transferRdb(source, this.socket, stream.replicationId, offset, options, {
      command: (item) => this.hold(this.encoder.encode(item)),
      done: () => this.transferred(offset),
      failed: (error) => this.drop(`full sync failed: ${(error as Error).message}`),
    });
  }

  write(bytes: Buffer, isWrite: boolean): void {
    // During the transfer, writes come from the iteration (already encoded); keep-alives from here.
    // An RDB without data iterates nothing: every write since T0 comes from here.
    if (this.state === 'wait_bgsave' && isWrite && !this.handshake.rdbWithoutData) return;
    this.hold(bytes);
  }

  historyEnded(): void {
    this.drop('the replication history changed (data replaced)');
  }

  /** Closes the link (a replica reconnects and resyncs). */
  close(): void {
    this.socket.destroy();
    this.end();
  }

  private transferred(offset: number): void {
    this.transfer = null;
    // The iteration forwarded every write since T0: held + keep-alives must be the stream since T0.
    const produced = this.host.stream.offset - offset;
    if (this.held.length !== produced) return this.drop(`stream mismatch after the RDB (${this.held.length} bytes held, ${produced} produced)`);
    // redis-cli --rdb asked for the RDB alone: the link ends with it, as Redis closes it.
    if (this.handshake.rdbOnly) return void this.socket.end(() => this.end());
    // A diskless replica finds the RDB's end by its last 40 bytes: nothing may follow until it ACKs.
    this.state = 'wait_ack';
    this.lastAckAt = this.host.options.scheduler.now();
  }

  private hold(bytes: Buffer): void {
    this.held.append(bytes);
    if (this.state === 'online' && !this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
    this.checkLimits();
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.ended) return;
    for (const slab of this.held.take()) this.socket.write(slab);
  }

  private receive(chunk: Buffer): void {
    this.reader.push(chunk);
    try {
      for (let item = this.reader.next(); item !== undefined; item = this.reader.next()) {
        if (item.kind !== 'command') continue;
        const [name, subcommand, value] = item.argv.map((argument) => argument.toString('latin1').toLowerCase());
        if (name === 'replconf' && subcommand === 'ack' && value !== undefined) this.acknowledged(Number(value));
      }
    } catch (error) {
      this.drop(`protocol error from replica: ${(error as Error).message}`);
    }
  }

  private acknowledged(offset: number): void {
    if (!Number.isSafeInteger(offset)) return;
    this.ackOffset = offset;
    this.lastAckAt = this.host.options.scheduler.now();
    this.host.acknowledged();
    if (this.state !== 'wait_ack') return;
    this.state = 'online';
    this.flush();
    this.host.options.log(`Synchronization with replica ${this.name} succeeded`);
  }

  private checkLimits(): void {
    if (this.ended) return;
    const { outputLimit, timeoutMs, scheduler } = this.host.options;
    const now = scheduler.now();
    if (this.state !== 'wait_bgsave' && now - this.lastAckAt > timeoutMs) return this.drop('timeout: no ACK within repl-timeout');
    const used = this.held.length + (this.state === 'online' ? this.socket.writableLength : 0);
    const overSoft = outputLimit.softBytes > 0 && used >= outputLimit.softBytes;
    this.softSince = overSoft ? (this.softSince ?? now) : null;
    const softExpired = overSoft && now - this.softSince! >= outputLimit.softSeconds * 1000;
    if ((outputLimit.hardBytes > 0 && used >= outputLimit.hardBytes) || softExpired) {
      this.drop(`scheduled to be closed ASAP for overcoming of output buffer limits (${used} bytes held)`);
    }
  }

  private drop(reason: string): void {
    if (this.ended) return;
    this.host.options.log(`Client id=replica addr=${this.name} ${reason}`);
    this.close();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.transfer?.unsubscribe();
    this.timer.unsubscribe();
    this.host.stream.detach(this);
    this.held.take();
    this.host.ended(this);
  }
}
