/**
 * forkless: Valkey's forkless background iteration for Node, as RxJS Observables.
 *
 * @example
 * ```ts
 * import { Keyspace, bgIteration } from 'forkless';
 * const ks = new Keyspace();
 * ks.execute(['SET', 'k', 'v']);
 * bgIteration(ks, { consistent: true, replication: false }).subscribe((item) => console.log(item));
 * ```
 * The root entry point is the curated public API. Building blocks (cursors, trackers, encoders,
 * decoders, the wire codec, the RDB codec) live in `forkless/internals`, with no stability promise.
 *
 * @packageDocumentation
 */

// ---- keyspace ----
export { Keyspace } from './keyspace/Keyspace.js';
export type { KeyspaceOptions, ExecuteOptions } from './keyspace/Keyspace.js';
export { KEYSPACE_OPTIONS, ACTIVE_EXPIRY_OPTIONS, normalizeKeyspaceOptions } from './keyspace/KeyspaceOptions.js';
export { Session } from './keyspace/Session.js';
export { ReplyError } from './keyspace/ReplyError.js';
export { SortedSet } from './keyspace/SortedSet.js';
export type { ScoredMember } from './keyspace/SortedSet.js';
export type { Reply, CommandFlag, CommandSpecification, KeyReference, KeySpecification } from './keyspace/commandTable.js';
export { commandTable } from './keyspace/commands/index.js';
export type { ReplicationRecord, ReplicationUnit } from './keyspace/KeyspaceListener.js';
export type { ValueType, Value, ValueOfType } from './keyspace/Value.js';
export type { ReplyEncoding } from './keyspace/settleReply.js';
export type { ActiveExpiryOptions } from './keyspace/activeExpiry.js';
export { toByteString, byteStringToText, byteStringToBuffer } from './keyspace/byteString.js';
export type { ByteString } from './keyspace/byteString.js';

// ---- iteration ----
export { bgIteration } from './iteration/bgIteration.js';
export type { BgIterationOptions } from './iteration/bgIteration.js';
export type { SlotRange } from './iteration/SlotRanges.js';
export { keyHashSlot, SLOT_COUNT } from './keyspace/keyHashSlot.js';
export { immediateScheduler } from './iteration/immediateScheduler.js';
export type { IterationItem, EntryItem, CommandItem, SwapDbItem, FlushDbItem, CompleteItem } from './keyspace/IterationItem.js';

// ---- snapshots ----
export { saveSnapshot, loadSnapshot, inspectSnapshot, detectSnapshotFormat } from './snapshot/index.js';
export type { SnapshotProgress, SaveSnapshotOptions, SnapshotFormat, SnapshotInspection, TypeCounts, SnapshotHeader, SnapshotFooter } from './snapshot/index.js';

// ---- replication ----
export { startLeader, Leader, startFollower, Follower, ReplicationBacklog, exponentialBackoff, ReplicationCloseCode } from './replication/index.js';
export type {
  LeaderOptions,
  LeaderEvent,
  FollowerOptions,
  FollowerState,
  FollowerStateName,
  FollowerInfo,
  FollowerSessionState,
  FullSyncProgress,
  SessionEvent,
  ReplicationBacklogOptions,
  BackoffOptions,
  BackoffPolicy,
  ReplicationCloseCodeValue,
  SocketSenderLimits,
  FrameLimits,
} from './replication/index.js';

// ---- Redis replication protocol ----
export {
  RedisLeader,
  REDIS_LEADER_OPTIONS,
  normalizeRedisLeaderOptions,
  RedisReplica,
  startRedisReplica,
  REDIS_REPLICA_OPTIONS,
  normalizeRedisReplicaOptions,
  RedisReplication,
  newReplicaHandshake,
} from './replication/redis/index.js';
export type {
  InfoFields,
  RedisLeaderOptions,
  RedisLeaderSettings,
  ReplicaOutputLimit,
  RedisReplicaOptions,
  RedisReplicaSettings,
  RedisReplicationOptions,
  ReplicaHandshake,
  RedisReplicaInfo,
} from './replication/redis/index.js';

// ---- utilities ----
export { seededRandom } from './seededRandom.js';

// ---- options ----
export { normalizeOptions, invalidOption } from './optionRules.js';
export type { OptionRule, OptionTable, NormalizedOptions } from './optionRules.js';

// ---- errors ----
export { ForklessError, isForklessError } from './errors.js';
export type { ForklessErrorCode } from './errors.js';

// ---- cluster (topology, routing, CLUSTER commands, forkless slot migration) ----
export { ClusterNode, ClusterTopology, clusterCommand, ClusterConnectionEndpoint, routeCommands, RespLink, InProcessLink, createCluster, evenSlotRanges } from './cluster/index.js';
export type {
  ClusterNodeOptions,
  ClusterPeer,
  TopologyDocument,
  ClusterConnection,
  Route,
  MigrationProgress,
  MigrationState,
  MigrationLink,
  LinkConnector,
} from './cluster/index.js';
