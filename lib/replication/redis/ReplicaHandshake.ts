/**
 * What a Redis replica told its leader before PSYNC: `REPLCONF listening-port`, `ip-address`,
 * `capa`, and (redis-cli's modes) `rdb-only` and `rdb-filter-only`. The server keeps one per
 * connection; the leader reads it for INFO's `slaveN` lines.
 *
 * @example
 * ```ts
 * const handshake = newReplicaHandshake('127.0.0.1');
 * leader.replconf(handshake, ['listening-port', '7402']); // '+OK'
 * ```
 */
export interface ReplicaHandshake {
  /** The peer's address as the socket sees it. */
  readonly peerAddress: string;
  listeningPort: number;
  /** `replica-announce-ip`, when the replica sent one. */
  announcedIp: string | null;
  readonly capabilities: Set<string>;
  /** It sent SYNC, not PSYNC (redis-cli --rdb/--replica, old replicas): no `+FULLRESYNC` line before the RDB. */
  prePsync: boolean;
  /** `REPLCONF rdb-only 1` (redis-cli --rdb): the RDB alone, then the connection closes. */
  rdbOnly: boolean;
  /** `REPLCONF rdb-filter-only …` without `functions` for data (redis-cli --replica): an RDB without keys. */
  rdbWithoutData: boolean;
}

/**
 * A handshake with nothing announced yet.
 *
 * @example
 * ```ts
 * newReplicaHandshake(socket.remoteAddress ?? '?').listeningPort; // 0
 * ```
 */
export function newReplicaHandshake(peerAddress: string): ReplicaHandshake {
  return { peerAddress: peerAddress.replace(/^::ffff:/, ''), listeningPort: 0, announcedIp: null, capabilities: new Set(), prePsync: false, rdbOnly: false, rdbWithoutData: false };
}
