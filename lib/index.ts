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
export type { ReplicationRecord } from './keyspace/KeyspaceListener.js';
export type { ValueType, Value } from './keyspace/Value.js';
export { activeExpiryCycle } from './keyspace/activeExpiry.js';
export type { ActiveExpiryOptions } from './keyspace/activeExpiry.js';
export { toByteString, byteStringToText, byteStringToBuffer } from './keyspace/byteString.js';
export type { ByteString } from './keyspace/byteString.js';

// ---- iteration ----
export { bgIteration } from './iteration/bgIteration.js';
export type { BgIterationOptions } from './iteration/bgIteration.js';
export { BG_ITERATION_OPTIONS, normalizeBgIterationOptions } from './iteration/BgIterationOptions.js';
export { IterationTracker } from './iteration/IterationTracker.js';
export type { IterationMode } from './iteration/IterationTracker.js';
export { keyspaceCursor } from './iteration/keyspaceCursor.js';
export type { CursorOptions, CursorSource } from './iteration/keyspaceCursor.js';
export { IterationOutbox } from './iteration/IterationOutbox.js';
export { SlotRanges } from './iteration/SlotRanges.js';
export type { SlotRange } from './iteration/SlotRanges.js';
export { keyHashSlot, SLOT_COUNT } from './keyspace/keyHashSlot.js';
export { immediateScheduler } from './iteration/immediateScheduler.js';
export type { IterationItem, EntryItem, CommandItem, SwapDbItem, FlushDbItem, CompleteItem } from './keyspace/IterationItem.js';

// ---- snapshots ----
export { saveSnapshot, loadSnapshot, inspectSnapshot, writeSnapshot, readSnapshot, SnapshotDecoder, encodeEntryRecords } from './snapshot/index.js';
export { SAVE_SNAPSHOT_OPTIONS, WRITE_SNAPSHOT_OPTIONS, normalizeSaveSnapshotOptions, normalizeWriteSnapshotOptions } from './snapshot/index.js';
export type {
  SnapshotProgress,
  SaveSnapshotOptions,
  WriteSnapshotOptions,
  SnapshotMeta,
  SnapshotInspection,
  SnapshotHeader,
  SnapshotFooter,
  SnapshotKey,
  SnapshotPart,
} from './snapshot/index.js';

// ---- RDB (Redis's file format, DUMP payloads) ----
export { RdbWriter, RdbDecoder, rdbChunks, crc64, createDumpPayload, verifyDumpPayload, decodeDumpPayload, RDB_WRITE_VERSION } from './rdb/index.js';
export type { RdbHeader, RdbDatabaseSize, RdbPart, RdbKey, RdbDecoderOptions } from './rdb/index.js';

// ---- replication ----
export {
  startLeader,
  Leader,
  startFollower,
  Follower,
  ReplicationBacklog,
  exponentialBackoff,
  ReplicationCloseCode,
  closeError,
  encodeMessage,
  decodeMessage,
  PROTOCOL_VERSION,
  LEADER_OPTIONS,
  normalizeLeaderOptions,
  FOLLOWER_OPTIONS,
  BACKOFF_OPTIONS,
  normalizeFollowerOptions,
} from './replication/index.js';
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
export { RedisLeader, REDIS_LEADER_OPTIONS, normalizeRedisLeaderOptions, RedisReplica, startRedisReplica, REDIS_REPLICA_OPTIONS, normalizeRedisReplicaOptions, RedisReplication, newReplicaHandshake } from './replication/redis/index.js';
export type { InfoFields, RedisLeaderOptions, ReplicaOutputLimit, RedisReplicaOptions, RedisReplicationOptions, ReplicaHandshake, RedisReplicaInfo } from './replication/redis/index.js';

// ---- utilities ----
export { seededRandom } from './seededRandom.js';

// ---- options ----
export { normalizeOptions, invalidOption } from './optionRules.js';
export type { OptionRule, OptionTable, NormalizedOptions } from './optionRules.js';

// ---- errors ----
export { ForklessError, isForklessError } from './errors.js';
export type { ForklessErrorCode } from './errors.js';
