/**
 * Snapshots to disk: forkless save and load, plus the format's building blocks.
 *
 * @example
 * ```ts
 * import { saveSnapshot, loadSnapshot } from './snapshot/index.js';
 * await lastValueFrom(saveSnapshot(ks, 'dump.fkl'));
 * const copy = await loadSnapshot('dump.fkl');
 * ```
 * @packageDocumentation
 */
export { saveSnapshot } from './saveSnapshot.js';
export type { SaveSnapshotOptions, WriteSnapshotOptions } from './SnapshotOptions.js';
export { SAVE_SNAPSHOT_OPTIONS, WRITE_SNAPSHOT_OPTIONS, normalizeSaveSnapshotOptions, normalizeWriteSnapshotOptions } from './SnapshotOptions.js';
export { loadSnapshot } from './loadSnapshot.js';
export { loadRdbSnapshot } from './loadRdbSnapshot.js';
export { detectSnapshotFormat } from './detectSnapshotFormat.js';
export type { SnapshotFormat, SnapshotEncoder } from './SnapshotEncoder.js';
export { inspectSnapshot } from './inspectSnapshot.js';
export type { SnapshotInspection, TypeCounts } from './inspectSnapshot.js';
export type { SnapshotProgress } from './SnapshotProgress.js';
export { writeSnapshot } from './writeSnapshot.js';
export type { SnapshotMeta } from './writeSnapshot.js';
export { readSnapshot } from './readSnapshot.js';
export { SnapshotDecoder } from './SnapshotDecoder.js';
export type { SnapshotPart } from './SnapshotDecoder.js';
export type { SnapshotKey } from './SnapshotKeyAssembler.js';
export type { SnapshotHeader } from './SnapshotHeader.js';
export type { SnapshotFooter } from './SnapshotFooter.js';
export { encodeEntryRecords } from './encodeEntryRecords.js';
export type { EncodableEntry } from './encodeEntryRecords.js';
export { removeStaleTemporaryFiles } from './temporaryFiles.js';
export { SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION, CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, MAX_RECORD_BYTES } from './snapshotFormat.js';
