import { randomUUID } from 'node:crypto';
import { BehaviorSubject, type Observable } from 'rxjs';
import { WebSocket } from 'ws';
import type { ForklessError } from '../errors.js';
import { Keyspace } from '../keyspace/Keyspace.js';
import { exponentialBackoff, type BackoffPolicy } from './backoff.js';
import { ReplicationCloseCode } from './closeCodes.js';
import { FollowerConnection, type ReplicaPosition } from './FollowerConnection.js';
import { normalizeFollowerOptions, type FollowerOptions, type NormalizedFollowerOptions } from './FollowerOptions.js';
import type { FollowerState } from './FollowerState.js';

export type { FollowerOptions } from './FollowerOptions.js';

/**
 * A follower: keeps `keyspace` identical to a leader's, over one WebSocket at a time, reconnecting
 * with exponential backoff and jitter; resumes with a partial resync when the leader's backlog
 * allows, else takes a full sync that is swapped in only once complete.
 *
 * @example
 * ```ts
 * const follower = startFollower({ url: leader.url, token: 'secret' });
 * follower.state$.subscribe((state) => console.log(state.state));
 * follower.keyspace.execute(['GET', 'k']);
 * follower.close();
 * ```
 */
export class Follower {
  readonly keyspace: Keyspace;
  readonly followerId: string;
  private readonly position: ReplicaPosition = { historyId: null, offset: 0, leaderOffset: 0 };
  private readonly state = new BehaviorSubject<FollowerState>({ state: 'connecting', attempt: 0 });
  private readonly backoff: BackoffPolicy;
  private connection: FollowerConnection | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private streamingSince: number | null = null;

  /** Connection state with progress: connecting, full-sync, streaming (lag), backoff (why), closed. */
  readonly state$: Observable<FollowerState> = this.state.asObservable();

  /** @internal use {@link startFollower} */
  constructor(private readonly options: NormalizedFollowerOptions) {
    this.keyspace = options.keyspace ?? new Keyspace();
    // Read-only while following, as a Valkey replica; close() promotes it back.
    this.keyspace.replica = true;
    this.followerId = options.followerId ?? randomUUID();
    this.backoff = typeof options.backoff === 'function' ? options.backoff : exponentialBackoff(options.backoff);
    this.connect();
  }

  /** Replication offset of the data in `keyspace` (within `historyId`). */
  get offset(): number {
    return this.position.offset;
  }

  /** The leader history the data belongs to; null before the first full sync. */
  get historyId(): string | null {
    return this.position.historyId;
  }

  /** The leader's offset as last heard (records or heartbeat). */
  get leaderOffset(): number {
    return this.position.leaderOffset;
  }

  /** The current state (same as the latest `state$` value). */
  get current(): FollowerState {
    return this.state.value;
  }

  /** Disconnects for good; `keyspace` keeps its data. */
  close(): void {
    if (this.state.value.state === 'closed') return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = null;
    this.state.next({ state: 'closed' });
    this.state.complete();
    this.keyspace.replica = false;
    connection?.close(ReplicationCloseCode.normal, 'follower closing');
  }

  private connect(): void {
    this.retryTimer = null;
    this.state.next({ state: 'connecting', attempt: this.failures });
    const headers = this.options.token === undefined ? {} : { authorization: `Bearer ${this.options.token}` };
    const socket = new WebSocket(this.options.url, {
      headers,
      maxPayload: this.options.maxPayload,
      perMessageDeflate: false,
      handshakeTimeout: this.options.connectTimeoutMs,
    });
    const timing = { intervalMs: this.options.ackIntervalMs, timeoutMs: this.options.timeoutMs };
    const connection: FollowerConnection = new FollowerConnection(socket, this.keyspace, this.position, this.followerId, timing, {
      fullSyncStarted: (message) =>
        this.publish({ state: 'full-sync', historyId: message.historyId, keysTotal: message.keys, entriesReceived: 0, commandsReceived: 0, bytesReceived: 0 }),
      fullSyncProgress: (entries, commands, bytes) => {
        const current = this.state.value;
        if (current.state === 'full-sync') this.publish({ ...current, entriesReceived: entries, commandsReceived: commands, bytesReceived: bytes });
      },
      streaming: (resync) => {
        this.streamingSince = Date.now();
        this.publishStreaming(resync);
      },
      heartbeat: () => {
        const current = this.state.value;
        if (current.state === 'streaming') this.publishStreaming(current.resync);
      },
      ended: (code, reason, error) => {
        if (this.connection === connection) this.retry(code, reason, error);
      },
    });
    this.connection = connection;
  }

  private publish(state: FollowerState): void {
    if (this.state.value.state !== 'closed') this.state.next(state);
  }

  private publishStreaming(resync: 'full' | 'partial'): void {
    const { offset, leaderOffset } = this.position;
    this.publish({ state: 'streaming', resync, offset, leaderOffset, lag: Math.max(0, leaderOffset - offset) });
  }

  private retry(code: number, reason: string, error: ForklessError): void {
    this.connection = null;
    // The leader replaced its data and started a new history: reconnect now for a full sync.
    if (code === ReplicationCloseCode.resync) {
      this.streamingSince = null;
      this.connect();
      return;
    }
    const { stableAfterMs } = this.options;
    // Only a long healthy stream forgives earlier failures: a follower that keeps being dropped
    // (too slow, failing syncs) backs off further each time instead of looping on full syncs.
    if (this.streamingSince !== null && Date.now() - this.streamingSince >= stableAfterMs) this.failures = 0;
    this.streamingSince = null;
    this.failures++;
    const delayMs = this.backoff(this.failures);
    this.publish({ state: 'backoff', attempt: this.failures, delayMs, code, reason, error });
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }
}

/**
 * Starts a follower of the leader at `options.url` (see {@link FollowerOptions}); it connects
 * right away and keeps reconnecting until `close()`.
 *
 * @throws FORKLESS_ERR_INVALID_OPTION for an option out of range (see `FOLLOWER_OPTIONS`), a bad URL included.
 *
 * @example
 * ```ts
 * const follower = startFollower({ url: 'ws://127.0.0.1:7000/' });
 * await firstValueFrom(follower.state$.pipe(filter((state) => state.state === 'streaming')));
 * ```
 */
export function startFollower(options: FollowerOptions): Follower {
  return new Follower(normalizeFollowerOptions(options));
}
