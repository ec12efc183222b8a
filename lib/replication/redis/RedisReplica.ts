import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import type { ForklessError } from '../../errors.js';
import type { Reply } from '../../keyspace/commandTable.js';
import { Keyspace } from '../../keyspace/Keyspace.js';
import type { FollowerState } from '../FollowerState.js';
import { MasterLink, type MasterPosition } from './MasterLink.js';
import type { InfoFields } from './RedisLeader.js';
import { normalizeRedisReplicaOptions, type NormalizedRedisReplicaOptions, type RedisReplicaOptions, type RedisReplicaSettings } from './RedisReplicaOptions.js';

/**
 * A keyspace kept identical to a Redis master's (a redis-server, or a forkless server) over Redis's
 * replication protocol: one {@link MasterLink} at a time, reconnecting after `retryDelayMs` and
 * resuming with `PSYNC <replid> <offset + 1>` (a partial resync) when it was in sync before. The
 * keyspace is a read-only replica meanwhile; `close()` (REPLICAOF NO ONE) makes it writable again
 * with its data. `state$` has the WebSocket follower's shape.
 *
 * @example
 * ```ts
 * const replica = startRedisReplica({ host: '127.0.0.1', port: 6379 });
 * replica.state$.subscribe((state) => console.log(state.state));
 * replica.keyspace.execute(['GET', 'k']);
 * replica.close();
 * ```
 */
export class RedisReplica {
  readonly keyspace: Keyspace;
  readonly options: NormalizedRedisReplicaOptions;
  private readonly state = new BehaviorSubject<FollowerState>({ state: 'connecting', attempt: 0 });
  private link: MasterLink | null = null;
  /** Where the last link stood: a reconnect asks to continue from there. */
  private cached: MasterPosition | null = null;
  private failures = 0;
  private retry: Subscription | null = null;
  private closed = false;

  /** Connecting, full-sync (progress), streaming (offset), backoff (why), closed. */
  readonly state$: Observable<FollowerState> = this.state.asObservable();

  constructor(options: RedisReplicaOptions) {
    this.options = normalizeRedisReplicaOptions(options);
    this.keyspace = options.keyspace ?? new Keyspace();
    this.keyspace.replica = true;
    this.connect();
  }

  /**
   * Changes settings at run time, as CONFIG SET does in Redis: `timeoutMs` applies to the current
   * link from its next check, `password` from the next connection to the master. Bad values throw
   * FORKLESS_ERR_INVALID_OPTION and change nothing.
   */
  configure(settings: RedisReplicaSettings): void {
    Object.assign(this.options, normalizeRedisReplicaOptions({ ...this.options, ...settings }));
  }

  /** The latest state. */
  get current(): FollowerState {
    return this.state.value;
  }

  /** `slave_repl_offset`: bytes of the master's stream applied (0 before the first sync). */
  get offset(): number {
    return (this.link?.position() ?? this.cached)?.offset ?? 0;
  }

  /** The master's replication id this replica follows ('' before the first sync). */
  get replicationId(): string {
    return (this.link?.position() ?? this.cached)?.replicationId ?? '';
  }

  /** ROLE of a replica: its master, the link's state in Redis's words, the offset applied (-1 without a live link). */
  role(): Reply {
    const state = this.state.value.state;
    const link = state === 'streaming' ? 'connected' : state === 'full-sync' ? 'sync' : state === 'connecting' ? 'connecting' : 'connect';
    return ['slave', this.options.host, this.options.port, link, state === 'streaming' ? this.offset : -1];
  }

  /** INFO replication of a replica. */
  infoFields(): InfoFields {
    const state = this.state.value;
    const up = state.state === 'streaming';
    return [
      ['role', 'slave'],
      ['master_host', this.options.host],
      ['master_port', this.options.port],
      ['master_link_status', up ? 'up' : 'down'],
      ['master_last_io_seconds_ago', this.link?.lastIoSecondsAgo ?? -1],
      ['master_sync_in_progress', state.state === 'full-sync' ? 1 : 0],
      ...(state.state === 'full-sync' ? ([['master_sync_read_bytes', state.bytesReceived]] as InfoFields) : []),
      ['slave_read_repl_offset', this.offset],
      ['slave_repl_offset', this.offset],
      ['slave_priority', 100],
      ['slave_read_only', 1],
      ['replica_announced', 1],
      ['connected_slaves', 0],
      ['master_failover_state', 'no-failover'],
      ['master_replid', this.replicationId || '0'.repeat(40)],
      ['master_replid2', '0'.repeat(40)],
      ['master_repl_offset', this.offset],
      ['second_repl_offset', -1],
    ];
  }

  /** Stops following (REPLICAOF NO ONE): the keyspace keeps its data and accepts writes again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.retry?.unsubscribe();
    this.link?.close();
    this.link = null;
    this.keyspace.replica = false;
    this.state.next({ state: 'closed' });
    this.state.complete();
  }

  private connect(): void {
    this.retry = null;
    this.state.next({ state: 'connecting', attempt: this.failures });
    this.options.log(`Connecting to MASTER ${this.options.host}:${this.options.port}`);
    const link: MasterLink = new MasterLink(this.keyspace, this.options, this.cached, {
      fullSync: (replicationId) => {
        // A full sync replaces whatever was cached: a cut from here on means another full sync.
        this.cached = null;
        this.state.next({ state: 'full-sync', historyId: replicationId, keysTotal: 0, entriesReceived: 0, commandsReceived: 0, bytesReceived: 0 });
      },
      progress: (payload) => {
        const state = this.state.value;
        if (state.state === 'full-sync') this.state.next({ ...state, entriesReceived: payload.keysLoaded, bytesReceived: payload.bytesReceived });
      },
      streaming: (resync) => {
        this.failures = 0;
        const offset = link.position()!.offset;
        this.state.next({ state: 'streaming', resync, offset, leaderOffset: offset, lag: 0 });
      },
      acknowledged: (offset) => {
        const state = this.state.value;
        if (state.state === 'streaming' && state.offset !== offset) this.state.next({ ...state, offset, leaderOffset: offset });
      },
      closed: (error) => this.linkClosed(link, error),
    });
    this.link = link;
  }

  private linkClosed(link: MasterLink, error: ForklessError): void {
    this.cached = link.position() ?? this.cached;
    this.link = null;
    this.failures++;
    const delayMs = this.options.retryDelayMs;
    this.options.log(`${error.message}; reconnecting in ${delayMs} ms`);
    this.state.next({ state: 'backoff', attempt: this.failures, delayMs, code: 0, reason: error.message, error });
    this.retry = this.options.scheduler.schedule(() => this.connect(), delayMs);
  }
}

/**
 * Starts following a Redis master (see {@link RedisReplicaOptions}).
 *
 * @example
 * ```ts
 * const replica = startRedisReplica({ host: '127.0.0.1', port: 6379, keyspace: ks });
 * ```
 */
export function startRedisReplica(options: RedisReplicaOptions): RedisReplica {
  return new RedisReplica(options);
}
