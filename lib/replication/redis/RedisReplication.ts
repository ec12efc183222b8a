import type { Socket } from 'node:net';
import type { Reply } from '../../keyspace/commandTable.js';
import type { Keyspace } from '../../keyspace/Keyspace.js';
import type { ReplicaHandshake } from './ReplicaHandshake.js';
import { RedisLeader, type InfoFields } from './RedisLeader.js';
import type { RedisLeaderOptions, RedisLeaderSettings } from './RedisLeaderOptions.js';
import { RedisReplica } from './RedisReplica.js';
import type { RedisReplicaOptions, RedisReplicaSettings } from './RedisReplicaOptions.js';

/** Options of a {@link RedisReplication}: the leader's, and what a replica link takes besides its master. */
export interface RedisReplicationOptions {
  readonly leader?: RedisLeaderOptions;
  readonly replica?: Omit<RedisReplicaOptions, 'host' | 'port' | 'keyspace'>;
  /** Follow this master from the start (`replicaof <host> <port>`). */
  readonly replicaof?: { readonly host: string; readonly port: number };
}

/**
 * Everything a RESP server needs for Redis replication, in one place: it always leads (replicas
 * attach with REPLCONF/PSYNC) and it follows a master while `replicaOf` says so. The server routes
 * `REPLCONF`, `PSYNC`, `REPLICAOF`/`SLAVEOF` here and shows `infoFields()` as INFO replication and
 * `statsFields()` in INFO stats.
 *
 * @example
 * ```ts
 * const replication = new RedisReplication(ks, { replicaof: { host: '127.0.0.1', port: 6379 } });
 * replication.replicaOf(null); // REPLICAOF NO ONE
 * ```
 */
export class RedisReplication {
  readonly leader: RedisLeader;
  private follower: RedisReplica | null = null;
  /** What every replica link starts with (CONFIG SET changes it). */
  private replicaOptions: Omit<RedisReplicaOptions, 'host' | 'port' | 'keyspace'>;

  constructor(
    readonly keyspace: Keyspace,
    options: RedisReplicationOptions = {},
  ) {
    this.leader = new RedisLeader(keyspace, options.leader);
    this.replicaOptions = { ...options.replica };
    if (options.replicaof !== undefined) this.replicaOf(options.replicaof);
  }

  /** The replica link while following a master, else null. */
  get replica(): RedisReplica | null {
    return this.follower;
  }

  /** `REPLCONF …` from a connection that is about to become a replica; the reply line. */
  replconf(handshake: ReplicaHandshake, args: readonly string[]): string {
    return this.leader.replconf(handshake, args);
  }

  /** `PSYNC <replid> <offset>`: the socket belongs to the leader from now on. */
  psync(socket: Socket, handshake: ReplicaHandshake, args: readonly string[]): void {
    this.leader.psync(socket, handshake, args);
  }

  /**
   * `REPLICAOF host port` (follow it, dropping any current link) or `REPLICAOF NO ONE` (null: stop
   * following, keep the data, accept writes); the reply line, as Redis's.
   */
  replicaOf(master: { readonly host: string; readonly port: number } | null): string {
    const current = this.follower?.options;
    if (master !== null && current !== undefined && current.host === master.host && current.port === master.port) return '+OK Already connected to specified master';
    this.follower?.close();
    this.follower = null;
    if (master !== null) this.follower = new RedisReplica({ ...this.replicaOptions, ...master, keyspace: this.keyspace });
    return '+OK';
  }

  /**
   * Changes settings at run time (CONFIG SET): the leader's and its replicas' at once (see
   * `RedisLeader.configure`), the current master link's, and those of every later link.
   */
  configure(settings: { readonly leader?: RedisLeaderSettings; readonly replica?: RedisReplicaSettings }): void {
    if (settings.leader !== undefined) this.leader.configure(settings.leader);
    if (settings.replica === undefined) return;
    this.follower?.configure(settings.replica);
    this.replicaOptions = { ...this.replicaOptions, ...settings.replica };
  }

  /** The ROLE reply: as a replica while following, else as a master. */
  role(): Reply {
    return this.follower?.role() ?? this.leader.role();
  }

  /** INFO replication: as a replica while following, else as a master. */
  infoFields(): InfoFields {
    return this.follower?.infoFields() ?? this.leader.infoFields();
  }

  /** `sync_full`, `sync_partial_ok`, `sync_partial_err` for INFO stats. */
  statsFields(): InfoFields {
    return this.leader.statsFields();
  }

  /** Stops following and disconnects every replica. */
  close(): void {
    this.replicaOf(null);
    this.leader.close();
  }
}
