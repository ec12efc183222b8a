/**
 * forkless/internals: the building blocks under the public API — the iteration's cursor, tracker
 * and operators, the snapshot encoder and decoders, the replication wire codec. For tools and
 * experiments; unlike the root entry point, these may change in any minor release.
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
export { filterReplication } from './iteration/filterReplication.js';
export type { ForwardingDecision } from './iteration/filterReplication.js';
export { completeIteration } from './iteration/completeIteration.js';

// ---- keyspace ----
export { activeExpiryCycle } from './keyspace/activeExpiry.js';
export type { Database } from './keyspace/Database.js';
export type { Entry } from './keyspace/Entry.js';
export type { KeyspaceObserver, PendingCommand } from './keyspace/KeyspaceObserver.js';

// ---- snapshots ----
export { writeSnapshot, readSnapshot, SnapshotDecoder, encodeEntryRecords } from './snapshot/index.js';
export { SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION, CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, MAX_RECORD_BYTES } from './snapshot/index.js';
export type { WriteSnapshotOptions, SnapshotMeta, SnapshotKey, SnapshotPart, EncodableEntry } from './snapshot/index.js';

// ---- replication ----
export { closeError, encodeMessage, decodeMessage, PROTOCOL_VERSION } from './replication/index.js';
export type * from './replication/ReplicationMessage.js';
