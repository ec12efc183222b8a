import type { ByteString } from './byteString.js';
import { PACKED_MAX_ENTRIES, type PackedCollection } from './PackedCollection.js';
import { PackedCollectionBuilder } from './PackedCollectionBuilder.js';
import type { SortedSet } from './SortedSet.js';
import { valueLength, type CollectionType, type Value } from './Value.js';

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
  const size = valueLength(type, value);
  if (size === 0 || size > PACKED_MAX_ENTRIES) return null;
  builder.start(type);
  return addAll(type, value) ? builder.finish() : null;
}

/** Adds every element (forEach: no entry tuple per element); false once one does not fit. */
function addAll(type: CollectionType, value: Exclude<Value, string>): boolean {
  let fits = true;
  switch (type) {
    case 'list':
    case 'set':
      (value as ByteString[] | Set<ByteString>).forEach((element: ByteString) => (fits &&= builder.addString(element)));
      return fits;
    case 'hash':
      (value as Map<ByteString, ByteString>).forEach((item, field) => (fits &&= builder.addString(field) && builder.addString(item)));
      return fits;
    case 'zset':
      (value as SortedSet).forEach((score, member) => (fits &&= builder.addString(member) && builder.addScore(score)));
      return fits;
  }
}
