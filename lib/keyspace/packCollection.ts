import type { ByteString } from './byteString.js';
import { PACKED_MAX_ENTRIES, type PackedCollection } from './PackedCollection.js';
import { PackedCollectionBuilder } from './PackedCollectionBuilder.js';
import type { SortedSet } from './SortedSet.js';
import type { CollectionType, Value } from './Value.js';

const builder = new PackedCollectionBuilder();

/**
 * A collection packed, or null if it is empty, has more than {@link PACKED_MAX_ENTRIES} entries
 * (hash: pairs) or holds an element longer than `PACKED_MAX_ELEMENT` bytes.
 *
 * @example
 * ```ts
 * packCollection('hash', new Map([['field', 'value']])); // a PackedCollection
 * packCollection('list', []);                            // null
 * ```
 */
export function packCollection(type: CollectionType, value: Exclude<Value, string>): PackedCollection | null {
  const size = Array.isArray(value) ? value.length : value.size;
  if (size === 0 || size > PACKED_MAX_ENTRIES) return null;
  builder.start(type);
  return addAll(type, value) ? builder.finish() : null;
}

function addAll(type: CollectionType, value: Exclude<Value, string>): boolean {
  switch (type) {
    case 'list':
    case 'set':
      for (const element of value as Iterable<ByteString>) if (!builder.addString(element)) return false;
      return true;
    case 'hash':
      for (const [field, item] of value as Map<ByteString, ByteString>) if (!builder.addString(field) || !builder.addString(item)) return false;
      return true;
    case 'zset':
      for (const [member, score] of (value as SortedSet).entries()) {
        if (!builder.addString(member)) return false;
        builder.addScore(score);
      }
      return true;
  }
}
