import fc from 'fast-check';
import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import type { EntryItem } from '../../lib/keyspace/IterationItem.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { encodeEntryRecords } from '../../lib/snapshot/encodeEntryRecords.js';
import { encodeSmallCollection, mayBeSmallCollection, SMALL_COLLECTION_RECORD_MAX_BYTES } from '../../lib/snapshot/encodeSmallCollection.js';
import { CHUNK_MAX_ELEMENTS } from '../../lib/snapshot/snapshotFormat.js';

const SEED = 20261207;
const byteString = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((codes) => String.fromCharCode(...codes));
const element = fc.oneof(
  byteString(12),
  fc.integer({ min: 250, max: 260 }).map((length) => 'e'.repeat(length)),
);
/** 1 to n elements, around the fixarray/array16 boundary and up to the element limit. */
const elements = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: 20 }),
  fc.constantFrom(CHUNK_MAX_ELEMENTS - 1, CHUNK_MAX_ELEMENTS).map((count) => Array.from({ length: count }, (_, index) => `m${index}`)),
);
const score = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, Infinity, -Infinity));
const collection = fc.oneof(
  elements.map((list) => ({ type: 'list' as const, value: list })),
  elements.map((members) => ({ type: 'set' as const, value: new Set(members) })),
  fc.tuple(elements, element).map(([fields, item]) => ({ type: 'hash' as const, value: new Map(fields.map((field) => [field, `${item.slice(0, 4)}${field.length}`])) })),
  fc.tuple(elements, fc.array(score, { minLength: CHUNK_MAX_ELEMENTS, maxLength: CHUNK_MAX_ELEMENTS })).map(([members, scores]) => ({
    type: 'zset' as const,
    value: SortedSet.from(members.map((member, index) => [member, scores[index]!])),
  })),
);
const entry: fc.Arbitrary<EntryItem> = fc
  .record({
    db: fc.constantFrom(0, 1, 127, 128, 255, 256, 65_535, 65_536),
    key: fc.oneof(
      byteString(8),
      fc.integer({ min: 250, max: 260 }).map((length) => 'k'.repeat(length)),
    ),
    collection,
    expiresAt: fc.option(fc.integer({ min: 0, max: 2 ** 50 }), { nil: null }),
  })
  .map(({ db, key, collection, expiresAt }) => ({ kind: 'entry', db, key, ...collection, expiresAt }));

describe('encodeSmallCollection', () => {
  it(`writes in place exactly the one record encodeEntryRecords produces (decoded), within its size bound (seed ${SEED})`, () => {
    fc.assert(
      fc.property(entry, (item) => {
        expect(mayBeSmallCollection(item)).toBe(true);
        const target = Buffer.alloc(SMALL_COLLECTION_RECORD_MAX_BYTES + 10, 0xee);
        const end = encodeSmallCollection(item, target, 3);
        expect(end).toBeGreaterThan(3);
        expect(end - 3).toBeLessThanOrEqual(SMALL_COLLECTION_RECORD_MAX_BYTES);
        expect(target[2]).toBe(0xee); // nothing written before the offset
        const records = [...encodeEntryRecords(item)];
        expect(records).toHaveLength(1);
        expect(unpack(target.subarray(3, end))).toEqual(unpack(records[0]!));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('declines (-1) a collection whose record would pass the bound, writing nothing past it', () => {
    const base = { kind: 'entry' as const, db: 0, key: 'k', expiresAt: null };
    const big = 'x'.repeat(SMALL_COLLECTION_RECORD_MAX_BYTES - 8);
    const cases: EntryItem[] = [
      { ...base, type: 'list', value: ['a', big, 'b'] },
      { ...base, type: 'set', value: new Set(['a', big]) },
      { ...base, type: 'hash', value: new Map([['f', big]]) },
      { ...base, type: 'zset', value: SortedSet.from([[big, 1]]) },
      { ...base, type: 'zset', value: SortedSet.from(Array.from({ length: CHUNK_MAX_ELEMENTS }, (_, index) => [`${index}`.padStart(9, 'm'), index] as const)) },
      { ...base, key: big, type: 'list', value: ['a'] },
    ];
    for (const item of cases) {
      expect(mayBeSmallCollection(item)).toBe(true);
      const target = Buffer.alloc(SMALL_COLLECTION_RECORD_MAX_BYTES + 20, 0xee);
      expect(encodeSmallCollection(item, target, 3)).toBe(-1);
      expect(target.subarray(3 + SMALL_COLLECTION_RECORD_MAX_BYTES).every((byte) => byte === 0xee)).toBe(true);
    }
  });

  it('leaves strings, empty collections and collections of more elements to encodeEntryRecords', () => {
    const base = { kind: 'entry' as const, db: 0, key: 'k', expiresAt: null };
    expect(mayBeSmallCollection({ ...base, type: 'string', value: 'v' })).toBe(false);
    expect(mayBeSmallCollection({ ...base, type: 'list', value: [] })).toBe(false);
    const many = Array.from({ length: CHUNK_MAX_ELEMENTS + 1 }, (_, index) => `m${index}`);
    expect(mayBeSmallCollection({ ...base, type: 'set', value: new Set(many) })).toBe(false);
    expect(mayBeSmallCollection({ ...base, type: 'hash', value: new Map(many.map((field) => [field, 'v'])) })).toBe(false);
    expect(mayBeSmallCollection({ ...base, type: 'list', value: many.slice(1) })).toBe(true);
  });
});
