import { latin1Slice } from '../latin1.js';
import { PACKED_MAX_ENTRIES, type PackedCollection } from '../PackedCollection.js';
import { PackedCollectionBuilder } from '../PackedCollectionBuilder.js';
import { parsePlainDecimal } from '../parse.js';
import type { CollectionType } from '../Value.js';
import { visitListpack, type ListpackVisitor } from './listpack.js';
import type { RdbReader } from './RdbReader.js';

/**
 * Copies the elements of one small collection from RDB bytes into a {@link PackedCollectionBuilder}
 * (a sorted set's entries alternate member and score). It takes only what the packed form holds
 * as it stands: at most {@link PACKED_MAX_ENTRIES} entries of short elements, sorted-set scores
 * written as plain decimals or integers; anything else makes it stop. Elements keep their order.
 */
class PackingVisitor implements ListpackVisitor {
  private readonly builder = new PackedCollectionBuilder();
  private type: CollectionType = 'list';
  private elements = 0;
  private scoreNext = false;

  start(type: CollectionType): this {
    this.builder.start(type);
    this.type = type;
    this.elements = 0;
    this.scoreNext = false;
    return this;
  }

  bytes(blob: Buffer, start: number, end: number): boolean {
    if (this.scoreNext) return this.score(parsePlainDecimal(latin1Slice(blob, start, end)));
    return this.element() && this.builder.addBytes(blob, start, end);
  }

  integer(value: number | bigint): boolean {
    if (this.scoreNext) return this.score(Number(value));
    return this.element() && this.builder.addString(String(value));
  }

  /** The collection, or null if it is not whole (no entry, half a pair) or holds a member or field twice. */
  finish(): PackedCollection | null {
    const whole = this.elements > 0 && !this.scoreNext && (this.type !== 'hash' || this.elements % 2 === 0);
    return whole && !this.builder.hasDuplicates() ? this.builder.finish() : null;
  }

  private element(): boolean {
    this.scoreNext = this.type === 'zset';
    return ++this.elements <= (this.type === 'hash' ? 2 : 1) * PACKED_MAX_ENTRIES;
  }

  private score(score: number | undefined): boolean {
    this.scoreNext = false;
    return score !== undefined && !Number.isNaN(score) && this.builder.addScore(score);
  }
}

const visitor = new PackingVisitor();

/**
 * The listpack blob `blob[start, end)` of a collection of `type` (a sorted set's: member, score,
 * …) in its packed form, straight from the bytes: no string per element, no container. Null if
 * the collection is not stored packed or anything about it is unusual (a duplicate, a score that
 * is not a plain number): the general decoder then reads or refuses it.
 * Malformed listpack framing throws `RdbFormatError` here as there.
 *
 * @example
 * ```ts
 * reader.blob();
 * const packed = packListpack('hash', reader.blobBytes, reader.blobStart, reader.blobEnd) ?? generic();
 * ```
 */
export function packListpack(type: CollectionType, blob: Buffer, start: number, end: number): PackedCollection | null {
  return visitListpack(blob, start, end, visitor.start(type)) ? visitor.finish() : null;
}

/**
 * `count` RDB strings at the cursor (a hash's fields and values in turn) as one packed collection
 * of `type`, each copied from where it lies. Null, with the cursor back where it was, if they are
 * not stored packed (see {@link packListpack}).
 *
 * @example
 * ```ts
 * const packed = packRdbStrings(reader, 'set', reader.length()) ?? readTheContainer();
 * ```
 */
export function packRdbStrings(reader: RdbReader, type: 'list' | 'set' | 'hash', count: number): PackedCollection | null {
  const at = reader.position;
  visitor.start(type);
  let fits = true;
  for (let index = 0; index < count && fits; index++) {
    reader.needItems(count - index);
    reader.blob();
    fits = visitor.bytes(reader.blobBytes, reader.blobStart, reader.blobEnd);
  }
  const packed = fits ? visitor.finish() : null;
  if (packed === null) reader.position = at;
  return packed;
}
