import type { EntryItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';
import { encodePackedCollection, fitsPackedRecord } from './encodePackedCollection.js';
import { unpackedEntry } from './unpackedEntry.js';
import { encodeEntryRecords } from './encodeEntryRecords.js';
import { encodeSmallCollection, mayBeSmallCollection, SMALL_COLLECTION_RECORD_MAX_BYTES } from './encodeSmallCollection.js';
import { encodeSmallString, isSmallString, SMALL_STRING_RECORD_MAX_BYTES } from './encodeSmallString.js';
import type { SnapshotEncoder } from './SnapshotEncoder.js';
import type { SnapshotFileSink } from './SnapshotFileSink.js';
import { encodeSnapshotHeader, type SnapshotHeader } from './SnapshotHeader.js';

/**
 * The `.fkl` format as a {@link SnapshotEncoder}: header, length-prefixed msgpack records (small
 * strings and small collections encoded in place), footer with counts and CRC32.
 *
 * @example
 * ```ts
 * const encoder = forklessEncoder({ historyId, offset, createdAt, databases });
 * ```
 */
export function forklessEncoder(header: Omit<SnapshotHeader, 'formatVersion'>): SnapshotEncoder {
  return {
    begin: (sink) => sink.append(encodeSnapshotHeader(header)),
    entry: (stored, sink) => {
      if (stored.value instanceof PackedCollection && fitsPackedRecord(stored as PackedEntryItem)) {
        sink.appendRecordInPlace(SMALL_COLLECTION_RECORD_MAX_BYTES, (target, offset) => encodePackedCollection(stored as PackedEntryItem, target, offset));
        return null;
      }
      const item = unpackedEntry(stored);
      if (isSmallString(item)) {
        sink.appendRecordInPlace(SMALL_STRING_RECORD_MAX_BYTES, (target, offset) => encodeSmallString(item, target, offset));
        return null;
      }
      const inPlace = mayBeSmallCollection(item) && sink.appendRecordInPlace(SMALL_COLLECTION_RECORD_MAX_BYTES, (target, offset) => encodeSmallCollection(item, target, offset));
      return inPlace ? null : appendRecords(item, sink);
    },
    finish: (sink, keys) => sink.finishWithFooter(keys),
  };
}

function* appendRecords(item: EntryItem, sink: SnapshotFileSink): Generator<void, void, undefined> {
  for (const payload of encodeEntryRecords(item)) {
    sink.appendRecord(payload);
    yield;
  }
}
