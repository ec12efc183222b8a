import type { IterationItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';

/** The protocol version this library speaks; a hello with another version is refused (4426). */
export const PROTOCOL_VERSION = 2;

/** Follower → leader, first message: who I am and where my data stands. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly version: number;
  /** Stable across reconnects of one follower; names it in the leader's follower list. */
  readonly followerId: string;
  /** History id of the leader the follower's data came from, or null (empty / unknown). */
  readonly historyId: string | null;
  /** Replication offset of the follower's data within that history. */
  readonly offset: number;
}

/** Follower → leader, every `ackIntervalMs`: the offset applied so far (doubles as heartbeat). */
export interface AckMessage {
  readonly type: 'ack';
  readonly offset: number;
}

/** Leader → follower: partial resync; the records after `offset` follow. */
export interface ContinueMessage {
  readonly type: 'continue';
  readonly historyId: string;
  readonly offset: number;
}

/** Leader → follower: a full sync starts (`items`… then `complete`). */
export interface FullSyncMessage {
  readonly type: 'full-sync';
  readonly historyId: string;
  /** The leader's offset when the sync started (informational). */
  readonly offset: number;
  /** Number of keys at the start, for progress (the final count may differ). */
  readonly keys: number;
}

/** Leader → follower: a batch of full-sync items in order (entries, commands, barriers). */
export interface ItemsMessage {
  readonly type: 'items';
  /** Sent as iteration items; received with small collections packed. */
  readonly items: readonly (Exclude<IterationItem, { kind: 'complete' }> | PackedEntryItem)[];
}

/** Leader → follower: the full sync is complete and corresponds to `offset`. */
export interface CompleteMessage {
  readonly type: 'complete';
  readonly offset: number;
}

/** Leader → follower: a batch of live replication records, consecutive offsets. */
export interface RecordsMessage {
  readonly type: 'records';
  readonly records: readonly ReplicationRecord[];
}

/** Leader → follower, every `heartbeatIntervalMs`: liveness plus the leader's current offset. */
export interface HeartbeatMessage {
  readonly type: 'heartbeat';
  readonly offset: number;
}

/** Messages a follower sends. */
export type FollowerMessage = HelloMessage | AckMessage;

/** Messages a leader sends. */
export type LeaderMessage = ContinueMessage | FullSyncMessage | ItemsMessage | CompleteMessage | RecordsMessage | HeartbeatMessage;

/**
 * Every message of the replication protocol (see docs/protocol.md).
 *
 * @example
 * ```ts
 * const hello: ReplicationMessage = { type: 'hello', version: PROTOCOL_VERSION, followerId: 'f1', historyId: null, offset: 0 };
 * ```
 */
export type ReplicationMessage = FollowerMessage | LeaderMessage;
