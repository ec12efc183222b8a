import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ValueType } from '../../lib/keyspace/Value.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { memoryAfterGc } from './memory.js';
import { benchKey, randomValues, type RandomSource } from './benchData.js';

/** A keyspace of every type: many small keys plus one huge collection of each kind. */
export interface MixedDataset {
  readonly keyspace: Keyspace;
  readonly keys: number;
  /** Strings count 1, collections their element count. */
  readonly elements: number;
  readonly memoryBytes: number;
}

const TYPES: readonly ValueType[] = ['string', 'hash', 'list', 'set', 'zset'];
const ELEMENT_SIZE = 16;
const SMALL_COLLECTION = 8;

/**
 * Builds `smallKeys` keys rotating through the five types (collections of 8 elements of 16 bytes,
 * strings of `valueSize` bytes) plus a hash, a list, a set and a sorted set of `bigSize` elements.
 *
 * @example
 * ```ts
 * const mixed = buildMixedDataset(seededRandom(1), 200_000, 100, 100_000);
 * ```
 */
export function buildMixedDataset(random: RandomSource, smallKeys: number, valueSize: number, bigSize: number): MixedDataset {
  const before = memoryAfterGc();
  const keyspace = new Keyspace();
  let elements = 0;
  for (let index = 0; index < smallKeys; index++) {
    const type = TYPES[index % TYPES.length]!;
    const size = type === 'string' ? 1 : SMALL_COLLECTION;
    const items = type === 'string' ? randomValues(random, 1, valueSize) : randomValues(random, size * (type === 'hash' ? 2 : 1), ELEMENT_SIZE);
    keyspace.restore(0, benchKey(index), type, collection(type, items, random), null);
    elements += size;
  }
  for (const type of TYPES.slice(1)) {
    const items = randomValues(random, bigSize * (type === 'hash' ? 2 : 1), ELEMENT_SIZE);
    keyspace.restore(0, `big:${type}`, type, collection(type, items, random), null);
    elements += bigSize;
  }
  return { keyspace, keys: smallKeys + TYPES.length - 1, elements, memoryBytes: memoryAfterGc().heap - before.heap };
}

/** The in-memory value of `type` made of `items` (a hash takes them as field, value, field, …). */
function collection(type: ValueType, items: string[], random: RandomSource) {
  switch (type) {
    case 'string':
      return items[0]!;
    case 'list':
      return items;
    case 'set':
      return new Set(items);
    case 'hash':
      return new Map(items.flatMap((_, index) => (index % 2 === 0 ? [[items[index]!, items[index + 1]!] as const] : [])));
    case 'zset':
      return SortedSet.from(items.map((member) => [member, Math.round(random() * 1e6) / 100] as const));
  }
}
