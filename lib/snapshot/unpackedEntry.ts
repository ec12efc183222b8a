import type { EntryItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';

/**
 * An entry with its value as a container: a packed one unpacked (for an encoder that writes
 * elements one by one), any other as it is.
 *
 * @example
 * ```ts
 * for (const record of encodeEntryRecords(unpackedEntry(item))) sink.appendRecord(record);
 * ```
 */
export function unpackedEntry(item: EntryItem | PackedEntryItem): EntryItem {
  return item.value instanceof PackedCollection ? { ...item, value: item.value.unpack() } : (item as EntryItem);
}
