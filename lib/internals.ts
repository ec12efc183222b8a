/**
 * forkless/internals: the building blocks under the public API — the iteration's cursor, tracker
 * and outbox, the snapshot encoder and decoders, the RDB codec, the replication wire codec. For
 * tools and experiments; unlike the root entry point, these may change in any minor release.
 *
 * @example
 * ```ts
 * import { SnapshotDecoder } from 'forkless/internals';
 * const decoder = new SnapshotDecoder();
 * for (const part of decoder.push(bytes)) console.log(part.kind);
 * ```
 * @packageDocumentation
 */

// ---- iteration ----
export { IterationTracker } from './iteration/IterationTracker.js';
export type { IterationMode } from './iteration/IterationTracker.js';
export { keyspaceCursor } from './iteration/keyspaceCursor.js';
export type { CursorOptions, CursorSource } from './iteration/keyspaceCursor.js';
export { IterationOutbox } from './iteration/IterationOutbox.js';
export { SlotRanges } from './iteration/SlotRanges.js';
export { BG_ITERATION_OPTIONS, normalizeBgIterationOptions } from './iteration/BgIterationOptions.js';
export { bgIterationPacked } from './iteration/bgIteration.js';

// ---- keyspace ----
export { activeExpiryCycle } from './keyspace/activeExpiry.js';
export { KEYSPACE_OPTIONS, ACTIVE_EXPIRY_OPTIONS, normalizeKeyspaceOptions } from './keyspace/KeyspaceOptions.js';
export type { ExpiringKeyspace } from './keyspace/activeExpiry.js';
export type { Database } from './keyspace/Database.js';
export type { KeyspaceListener, WriteCommand, KeyChange } from './keyspace/KeyspaceListener.js';
export { PackedCollection, PACKED_MAX_ENTRIES, PACKED_MAX_ELEMENT } from './keyspace/PackedCollection.js';
export { PackedCollectionBuilder } from './keyspace/PackedCollectionBuilder.js';
export { packCollection } from './keyspace/packCollection.js';
export type { StoredValue } from './keyspace/StoredValue.js';
export type { PackedEntryItem, StoredIterationItem } from './keyspace/IterationItem.js';

// ---- snapshots ----
export { writeSnapshot, readSnapshot, SnapshotDecoder, encodeEntryRecords, loadRdbSnapshot } from './snapshot/index.js';
export { SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION, CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, MAX_RECORD_BYTES } from './snapshot/index.js';
export { SAVE_SNAPSHOT_OPTIONS, WRITE_SNAPSHOT_OPTIONS, normalizeSaveSnapshotOptions, normalizeWriteSnapshotOptions } from './snapshot/index.js';
export type { WriteSnapshotOptions, SnapshotMeta, SnapshotKey, SnapshotPart, EncodableEntry, SnapshotEncoder } from './snapshot/index.js';

// ---- RDB (Redis's file format, DUMP payloads) ----
export { RdbWriter, RdbDecoder, rdbChunks, crc64, createDumpPayload, verifyDumpPayload, decodeDumpPayload, RDB_WRITE_VERSION } from './rdb/index.js';
export { RDB_MAGIC, RDB_MAX_READ_VERSION, RdbOpcode } from './rdb/index.js';
export type { RdbHeader, RdbDatabaseSize, RdbPart, RdbKey, RdbDecoderOptions } from './rdb/index.js';

// ---- replication ----
export { closeError, encodeMessage, decodeMessage, PROTOCOL_VERSION } from './replication/index.js';
export { LEADER_OPTIONS, normalizeLeaderOptions, FOLLOWER_OPTIONS, BACKOFF_OPTIONS, normalizeFollowerOptions } from './replication/index.js';
export type * from './replication/ReplicationMessage.js';
