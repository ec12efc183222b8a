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
 * partial resyncs are served from. `replaceWith` on the keyspace starts a new history: new id,
 * empty backlog, and every listener is told.
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

  constructor(keyspace: Keyspace, options: NormalizedRedisLeaderOptions) {
    this.backlog = new ByteBacklog(options.backlogBytes, 0);
    this.subscriptions.push(
      keyspace.replication$.subscribe(({ db, argv }) => this.emit(this.encoder.encode(db, argv), true)),
      keyspace.replaced$.subscribe(() => this.newHistory()),
      interval(options.pingPeriodMs, options.scheduler).subscribe(() => this.ping()),
    );
  }

  /** Receives every byte from now on until detached. */
  attach(listener: StreamListener): void {
    this.listeners.add(listener);
  }

  detach(listener: StreamListener): void {
    this.listeners.delete(listener);
  }

  /** A full resync starts now: the next write is preceded by SELECT (as Redis resets its selected db). */
  startFullSync(): number {
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
    this.listeners.clear();
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
