import type { Socket } from 'node:net';
import { Observable } from 'rxjs';
import type { Reply } from '../../keyspace/commandTable.js';
import type { Keyspace } from '../../keyspace/Keyspace.js';
import { acceptReplicaConnection } from './acceptReplicaConnection.js';
import type { ReplicaHandshake } from './ReplicaHandshake.js';
import { normalizeRedisLeaderOptions, type NormalizedRedisLeaderOptions, type RedisLeaderOptions, type RedisLeaderSettings } from './RedisLeaderOptions.js';
import { RedisReplicationStream } from './RedisReplicationStream.js';
import { ReplicaSession, type RedisReplicaInfo, type ReplicaSessionHost } from './ReplicaSession.js';

/** INFO lines as `[field, value]` pairs, in Redis's order. */
export type InfoFields = [string, string | number][];

/**
 * The master side of Redis's replication protocol over a keyspace: a real `redis-server
 * --replicaof` (or a forkless replica) follows it. The RESP server hands it `REPLCONF` and `PSYNC`
 * (see {@link replconf}, {@link psync}); {@link accept} serves a bare connection by itself.
 * `infoFields`/`statsFields` give INFO's replication section and sync counters.
 *
 * @example
 * ```ts
 * const leader = new RedisLeader(ks, { backlogBytes: 1 << 20 });
 * net.createServer((socket) => leader.accept(socket)).listen(6380);
 * // redis-server --port 7000 --replicaof 127.0.0.1 6380
 * ```
 */
export class RedisLeader implements ReplicaSessionHost {
  readonly stream: RedisReplicationStream;
  readonly options: NormalizedRedisLeaderOptions;
  /** `sync_full`, `sync_partial_ok`, `sync_partial_err` of INFO stats. */
  readonly counters = { syncFull: 0, syncPartialOk: 0, syncPartialErr: 0 };
  private readonly sessions = new Set<ReplicaSession>();
  /** WAITs in progress: each is checked when an ACK arrives. */
  private readonly ackWaiters = new Set<() => void>();
  private acksRequested = false;

  constructor(
    readonly keyspace: Keyspace,
    options: RedisLeaderOptions = {},
  ) {
    this.options = normalizeRedisLeaderOptions(options);
    this.stream = new RedisReplicationStream(keyspace, this.options);
  }

  /**
   * Changes settings at run time, as CONFIG SET does in Redis: the backlog is resized at once
   * (shrinking keeps the newest bytes), the ping period restarts, and attached replicas are held
   * to the new timeout and output limit from their next check. Bad values throw
   * FORKLESS_ERR_INVALID_OPTION and change nothing.
   */
  configure(settings: RedisLeaderSettings): void {
    const { outputLimit, ...rest } = settings;
    const next = normalizeRedisLeaderOptions({ ...this.options, ...rest, outputLimit: { ...this.options.outputLimit, ...outputLimit } });
    Object.assign(this.options, next);
    this.stream.configure();
  }

  /** `REPLCONF <option> <value> …` before PSYNC: records what the replica announces; the reply line. */
  replconf(handshake: ReplicaHandshake, args: readonly string[]): string {
    if (args.length % 2 !== 0) return '-ERR syntax error';
    for (let index = 0; index < args.length; index += 2) {
      const option = args[index]!.toLowerCase();
      const value = args[index + 1]!;
      if (option === 'listening-port') {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) return '-ERR value is out of range';
        handshake.listeningPort = port;
      } else if (option === 'ip-address') handshake.announcedIp = value;
      else if (option === 'capa') handshake.capabilities.add(value.toLowerCase());
      else if (option === 'rdb-only') {
        if (!/^-?\d{1,18}$/.test(value)) return '-ERR value is not an integer or out of range';
        if (value !== '0' && value !== '1') return '-ERR value is out of range, value must between 0 and 1';
        handshake.rdbOnly = value === '1';
      } else if (option === 'rdb-filter-only') {
        // Include filters; "functions" is the only one (forkless has no functions), so data is never included.
        const unsupported = value.split(' ').find((filter) => filter !== '' && filter.toLowerCase() !== 'functions');
        if (unsupported !== undefined) return `-ERR Unsupported rdb-filter-only option: ${unsupported}`;
        handshake.rdbWithoutData = true;
      } else if (option !== 'ack' && option !== 'getack') return `-ERR Unrecognized REPLCONF option: ${args[index]}`;
    }
    return '+OK';
  }

  /**
   * `PSYNC <replid> <offset>`: takes the socket over (the caller stops reading it) and answers
   * `+CONTINUE` when `replid` is this history's and the backlog holds every byte from `offset`,
   * else `+FULLRESYNC` and a full sync.
   */
  psync(socket: Socket, handshake: ReplicaHandshake, args: readonly string[]): void {
    const session = new ReplicaSession(socket, handshake, this);
    this.sessions.add(session);
    const [replicationId = '?', requested = '-1'] = args;
    const offset = /^\d{1,18}$/.test(requested) ? Number(requested) - 1 : -1;
    if (replicationId === this.stream.replicationId && this.stream.covers(offset)) {
      this.counters.syncPartialOk++;
      this.options.log(
        `Partial resynchronization request from ${session.name} accepted. Sending ${this.stream.offset - offset} bytes of backlog starting from offset ${offset + 1}.`,
      );
      session.continueAt(offset);
      return;
    }
    if (replicationId !== '?') this.counters.syncPartialErr++;
    this.counters.syncFull++;
    this.options.log(`Full resync requested by replica ${session.name}; starting a forkless point-in-time sync`);
    session.fullSync();
  }

  /** Serves a connection by itself: PING, AUTH, REPLCONF, then PSYNC (anything else is refused). */
  accept(socket: Socket): void {
    acceptReplicaConnection(socket, this);
  }

  /** Attached replicas. */
  replicas(): RedisReplicaInfo[] {
    return Array.from(this.sessions, (session) => session.info());
  }

  /** ROLE of a master: its offset and each online replica's address and acknowledged offset. */
  role(): Reply {
    const online = this.replicas().filter(({ state }) => state === 'online');
    return ['master', this.stream.offset, online.map(({ ip, port, offset }) => [ip, String(port), String(offset)])];
  }

  /** INFO replication of a master. */
  infoFields(): InfoFields {
    const replicas = this.replicas();
    const { backlog, active } = this.stream;
    return [
      ['role', 'master'],
      ['connected_slaves', replicas.length],
      ...replicas.map(({ ip, port, state, offset, lag }, index): [string, string] => [`slave${index}`, `ip=${ip},port=${port},state=${state},offset=${offset},lag=${lag}`]),
      ['master_failover_state', 'no-failover'],
      ['master_replid', this.stream.replicationId],
      ['master_replid2', '0'.repeat(40)],
      ['master_repl_offset', this.stream.offset],
      ['second_repl_offset', -1],
      ['repl_backlog_active', active ? 1 : 0],
      ['repl_backlog_size', backlog.size],
      ['repl_backlog_first_byte_offset', active ? backlog.firstByteOffset : 0],
      ['repl_backlog_histlen', active ? backlog.length : 0],
    ];
  }

  /** The sync counters of INFO stats. */
  statsFields(): InfoFields {
    return [
      ['sync_full', this.counters.syncFull],
      ['sync_partial_ok', this.counters.syncPartialOk],
      ['sync_partial_err', this.counters.syncPartialErr],
    ];
  }

  /** Online replicas whose last ACK reached `offset`. */
  acknowledgedAt(offset: number): number {
    let count = 0;
    for (const session of this.sessions) if (session.info().state === 'online' && session.ackOffset >= offset) count++;
    return count;
  }

  /**
   * WAIT: emits (then completes) the number of online replicas that acknowledged `offset`, as
   * soon as `count` of them have, or after `timeoutMs` (0: no limit) with however many have by
   * then; unsubscribing gives up. Replicas are asked for an ACK (`REPLCONF GETACK *`) once per
   * event-loop turn while someone waits.
   *
   * @example
   * ```ts
   * leader.waitForReplicas(leader.stream.offset, 1, 1000).subscribe((acknowledged) => reply(acknowledged));
   * ```
   */
  waitForReplicas(offset: number, count: number, timeoutMs: number): Observable<number> {
    return new Observable<number>((subscriber) => {
      const finish = () => {
        subscriber.next(this.acknowledgedAt(offset));
        subscriber.complete();
      };
      const check = () => {
        if (this.acknowledgedAt(offset) >= count) finish();
      };
      const timer = timeoutMs > 0 ? this.options.scheduler.schedule(finish, timeoutMs) : null;
      this.ackWaiters.add(check);
      this.askForAcks();
      return () => {
        this.ackWaiters.delete(check);
        timer?.unsubscribe();
      };
    });
  }

  /** A replica acknowledged (`REPLCONF ACK`): the WAITs that have their count now return. */
  acknowledged(): void {
    for (const check of [...this.ackWaiters]) check();
  }

  /** One `REPLCONF GETACK *` for every WAIT started in this event-loop turn (as Redis's beforeSleep). */
  private askForAcks(): void {
    if (this.acksRequested) return;
    this.acksRequested = true;
    this.options.scheduler.schedule(() => {
      this.acksRequested = false;
      this.requestAcks();
    });
  }

  /** `REPLCONF GETACK *` into the stream (WAIT): replicas answer with their offsets. */
  requestAcks(): void {
    this.stream.requestAcks();
  }

  /** A session's link ended: it is no longer listed (called by the session). */
  ended(session: ReplicaSession): void {
    this.sessions.delete(session);
  }

  /** Disconnects every replica and stops following the keyspace. */
  close(): void {
    for (const session of [...this.sessions]) session.close();
    this.stream.close();
  }
}
