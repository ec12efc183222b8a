/**
 * Redis's replication protocol, both ways: a real `redis-server --replicaof` follows a forkless
 * keyspace ({@link RedisLeader}), and a forkless keyspace follows a Redis master
 * ({@link startRedisReplica}); {@link RedisReplication} bundles both for a RESP server.
 *
 * @example
 * ```ts
 * import { RedisLeader, startRedisReplica } from './replication/redis/index.js';
 * net.createServer((socket) => new RedisLeader(ks).accept(socket)).listen(6380);
 * const replica = startRedisReplica({ host: '127.0.0.1', port: 6379 });
 * ```
 * @packageDocumentation
 */
export { RedisLeader } from './RedisLeader.js';
export type { InfoFields } from './RedisLeader.js';
export { REDIS_LEADER_OPTIONS, normalizeRedisLeaderOptions } from './RedisLeaderOptions.js';
export type { RedisLeaderOptions, RedisLeaderSettings, ReplicaOutputLimit } from './RedisLeaderOptions.js';
export { RedisReplica, startRedisReplica } from './RedisReplica.js';
export { REDIS_REPLICA_OPTIONS, normalizeRedisReplicaOptions } from './RedisReplicaOptions.js';
export type { RedisReplicaOptions, RedisReplicaSettings } from './RedisReplicaOptions.js';
export { RedisReplication } from './RedisReplication.js';
export type { RedisReplicationOptions } from './RedisReplication.js';
export { newReplicaHandshake } from './ReplicaHandshake.js';
export type { ReplicaHandshake } from './ReplicaHandshake.js';
export type { RedisReplicaInfo } from './ReplicaSession.js';
