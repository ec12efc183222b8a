import { randomBytes } from 'node:crypto';
import { interval, type Subscription } from 'rxjs';
import type { Keyspace } from '../../keyspace/Keyspace.js';
import { ByteBacklog } from './ByteBacklog.js';
import { encodeCommand } from './encodeCommand.js';
import type { NormalizedRedisLeaderOptions } from './RedisLeaderOptions.js';
import { StreamEncoder } from './StreamEncoder.js';

/** Who receives the stream: `write` gets every byte, flagged as a write's or a keep-alive's. */
export interface StreamListener {
  write(bytes: Buffer, isWrite: boolean): void;
  /** The history ended (the keyspace's data was replaced): the replica must resync in full. */
  historyEnded(): void;
}

/** A new 40-hex-character replication id. */
export function newReplicationId(): string {
  return randomBytes(20).toString('hex');
}

/**
 * A keyspace's writes as Redis's replication stream: the bytes (`SELECT` when the database
 * changes, each write in its deterministic form, a `PING` every ping period while replicas are
 * attached), the replication id, the offset counted in bytes as Redis counts it, and the backlog
 * partial resyncs are served from. As in Redis, the stream starts with the first replica (a new
 * replication id, the backlog created, the offset counting from there) and stops once no replica
 * has been attached for `backlogTtlMs` (new id, backlog freed): a server nobody replicates does
 * not encode its writes. `replaceWith` on the keyspace starts a new history: new id, empty
 * backlog, and every listener is told.
 *
 * @example
 * ```ts
 * const stream = new RedisReplicationStream(ks, normalizeRedisLeaderOptions());
 * stream.attach({ write: (bytes) => socket.write(bytes), historyEnded: () => socket.destroy() });
 * ks.execute(['SET', 'k', 'v']); // stream.offset grew by the bytes of SELECT 0 and SET k v
 * ```
 */
export class RedisReplicationStream {
  replicationId = newReplicationId();
  /** `master_repl_offset`: bytes of stream produced so far. */
  offset = 0;
  readonly backlog: ByteBacklog;
  private readonly encoder = new StreamEncoder();
  private readonly listeners = new Set<StreamListener>();
  private readonly subscriptions: Subscription[] = [];
  /** The PINGs, at `pingPeriod` ms. */
  private pinging: Subscription | null = null;
  private pingPeriod = 0;
  /** The keyspace's writes being encoded (null while no replica needs them). */
  private recording: Subscription | null = null;
  /** When the last replica detached (Redis's repl_no_slaves_since). */
  private idleSince: number;

  constructor(
    private readonly keyspace: Keyspace,
    private readonly options: NormalizedRedisLeaderOptions,
  ) {
    this.backlog = new ByteBacklog(options.backlogBytes, 0);
    this.idleSince = options.scheduler.now();
    this.subscriptions.push(
      keyspace.replaced$.subscribe(() => this.newHistory()),
      interval(1000, options.scheduler).subscribe(() => this.expireBacklog()),
    );
    this.configure();
  }

  /** Follows changed options (CONFIG SET): the backlog's size, the ping period; the TTL is read when checked. */
  configure(): void {
    this.backlog.resize(this.options.backlogBytes);
    if (this.pingPeriod === this.options.pingPeriodMs) return;
    this.pinging?.unsubscribe();
    this.pingPeriod = this.options.pingPeriodMs;
    this.pinging = interval(this.pingPeriod, this.options.scheduler).subscribe(() => this.ping());
  }

  /** `repl_backlog_active`: the stream is recorded (a replica attached within `backlogTtlMs`). */
  get active(): boolean {
    return this.recording !== null;
  }

  /** Whether a replica that has every byte up to `offset` can continue from the backlog. */
  covers(offset: number): boolean {
    return this.active && this.backlog.covers(offset);
  }

  /** Receives every byte from now on until detached. */
  attach(listener: StreamListener): void {
    this.activate();
    this.listeners.add(listener);
  }

  detach(listener: StreamListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.idleSince = this.options.scheduler.now();
  }

  /** A full resync starts now: the next write is preceded by SELECT (as Redis resets its selected db). */
  startFullSync(): number {
    this.activate();
    this.encoder.reset();
    return this.offset;
  }

  /** `REPLCONF GETACK *` into the stream: replicas answer with their offset. */
  requestAcks(): void {
    if (this.listeners.size > 0) this.emit(encodeCommand(['REPLCONF', 'GETACK', '*']), false);
  }

  /** Stops following the keyspace. */
  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.pinging?.unsubscribe();
    this.recording?.unsubscribe();
    this.recording = null;
    this.listeners.clear();
  }

  /** The first replica: a new history starts, recorded from here (Redis's createReplicationBacklog). */
  private activate(): void {
    if (this.recording !== null) return;
    this.replicationId = newReplicationId();
    this.backlog.reset(this.offset);
    this.encoder.reset();
    this.recording = this.keyspace.replication$.subscribe((record) => this.emit(this.encoder.encode(record), true));
  }

  /** No replica for `backlogTtlMs`: the backlog is freed and the id changes, as Redis's replicationCron does. */
  private expireBacklog(): void {
    const ttl = this.options.backlogTtlMs;
    if (this.recording === null || this.listeners.size > 0 || ttl === 0 || this.options.scheduler.now() - this.idleSince < ttl) return;
    this.recording.unsubscribe();
    this.recording = null;
    this.replicationId = newReplicationId();
    this.backlog.reset(this.offset);
  }

  private ping(): void {
    if (this.listeners.size > 0) this.emit(encodeCommand(['PING']), false);
  }

  private emit(bytes: Buffer, isWrite: boolean): void {
    this.offset += bytes.length;
    this.backlog.append(bytes);
    for (const listener of this.listeners) listener.write(bytes, isWrite);
  }

  private newHistory(): void {
    this.replicationId = newReplicationId();
    this.backlog.reset(this.offset);
    this.encoder.reset();
    for (const listener of [...this.listeners]) listener.historyEnded();
  }
}
