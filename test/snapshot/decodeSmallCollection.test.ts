import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntryItem } from '../../lib/keyspace/IterationItem.js';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES } from '../../lib/keyspace/PackedCollection.js';
import { packCollection } from '../../lib/keyspace/packCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import type { CollectionType, Value } from '../../lib/keyspace/Value.js';
import { decodeSmallCollection } from '../../lib/snapshot/decodeSmallCollection.js';
import { encodeSmallCollection, SMALL_COLLECTION_RECORD_MAX_BYTES } from '../../lib/snapshot/encodeSmallCollection.js';
import { writeBin, writeKeyRecordHead, writeUnsigned } from '../../lib/snapshot/encodeSmallString.js';

const byteString = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('latin1'));
const element = byteString(PACKED_MAX_ELEMENT);
const elements = fc.uniqueArray(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES });
const score = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-0, Infinity, -Infinity));

/** A small collection of each type, made of distinct elements of any bytes. */
const collection: fc.Arbitrary<[CollectionType, Exclude<Value, string>]> = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES }).map((list) => ['list', list] as [CollectionType, Value & string[]]),
  elements.map((members) => ['set', new Set(members)] as [CollectionType, Set<string>]),
  fc
    .tuple(elements, fc.array(element, { minLength: PACKED_MAX_ENTRIES, maxLength: PACKED_MAX_ENTRIES }))
    .map(([fields, values]) => ['hash', new Map(fields.map((field, index) => [field, values[index]!]))] as [CollectionType, Map<string, string>]),
  fc
    .tuple(elements, fc.array(score, { minLength: PACKED_MAX_ENTRIES, maxLength: PACKED_MAX_ENTRIES }))
    .map(([members, scores]) => ['zset', SortedSet.from(members.map((member, index) => [member, scores[index]!]))] as [CollectionType, SortedSet]),
);

function encode(entry: EntryItem): Buffer | undefined {
  const target = Buffer.alloc(SMALL_COLLECTION_RECORD_MAX_BYTES + 8192);
  const end = encodeSmallCollection(entry, target, 0);
  return end < 0 ? undefined : target.subarray(0, end);
}

const entryOf = (type: CollectionType, value: Value, expiresAt: number | null = null): EntryItem => ({ kind: 'entry', db: 2, key: 'key', type, value, expiresAt });

describe('decodeSmallCollection', () => {
  it('reads what encodeSmallCollection writes straight into the packed form the keyspace stores', () => {
    fc.assert(
      fc.property(fc.nat(70_000), byteString(300), collection, fc.option(fc.nat(2 ** 52)), (db, key, [type, value], expiresAt) => {
        const bytes = encode({ kind: 'entry', db, key, type, value, expiresAt });
        fc.pre(bytes !== undefined); // bigger records go through the general encoder
        expect(decodeSmallCollection(bytes!)).toEqual({ db, key, type, value: packCollection(type, value), expiresAt });
      }),
    );
  });

  it('declines every cut piece of a record and a trailing byte, for the general decoder to judge', () => {
    for (const [type, value] of [
      ['list', ['a', 'bb']],
      ['hash', new Map([['f', 'v']])],
      [
        'zset',
        SortedSet.from([
          ['m', 1.5],
          ['n', 2],
        ]),
      ],
    ] as [CollectionType, Value][]) {
      const bytes = encode(entryOf(type, value, 1_700_000_000_000))!;
      expect(decodeSmallCollection(bytes)).toBeDefined();
      for (let length = 0; length < bytes.length; length++) expect(decodeSmallCollection(bytes.subarray(0, length))).toBeUndefined();
      expect(decodeSmallCollection(Buffer.concat([bytes, Buffer.of(0)]))).toBeUndefined();
      // In place inside a chunk that goes on (the record again): nothing past `end` is read.
      const chunk = Buffer.concat([Buffer.of(1, 2, 3), bytes, bytes]);
      expect(decodeSmallCollection(chunk, 3, 3 + bytes.length)).toEqual(decodeSmallCollection(bytes));
      for (let length = 0; length < bytes.length; length++) expect(decodeSmallCollection(chunk, 3, 3 + length), `${type} cut at ${length}`).toBeUndefined();
    }
  });

  it('declines what the keyspace would not pack and what a writer never produces', () => {
    const many = Array.from({ length: PACKED_MAX_ENTRIES + 1 }, (_, index) => `${index}`);
    expect(decodeSmallCollection(encode(entryOf('list', many))!)).toBeUndefined();
    expect(decodeSmallCollection(encode(entryOf('set', new Set(['x'.repeat(PACKED_MAX_ELEMENT + 1)])))!)).toBeUndefined();
    // A duplicate member, field or scored member: the general decoder refuses the record.
    const set = encode(entryOf('set', new Set(['a', 'b'])))!;
    expect(decodeSmallCollection(set)).toBeDefined();
    set[set.length - 1] = 'a'.charCodeAt(0); // b → a
    expect(decodeSmallCollection(set)).toBeUndefined();
    expect(decodeSmallCollection(encode(entryOf('list', ['a', 'a']))!)).toBeDefined(); // a list may repeat
    // An element as bin16 (a writer uses bin8 below 256 bytes): left to the general decoder.
    const list = encode(entryOf('list', ['a', 'b']))!;
    const wide = Buffer.concat([list.subarray(0, list.length - 3), Buffer.of(0xc5, 0, 1), list.subarray(list.length - 1)]);
    expect(list.subarray(list.length - 3)).toEqual(Buffer.of(0xc4, 1, 'b'.charCodeAt(0)));
    expect(decodeSmallCollection(wide)).toBeUndefined();
    const hash = encode(
      entryOf(
        'hash',
        new Map([
          ['f1', 'v'],
          ['f2', 'v'],
        ]),
      ),
    )!;
    hash[hash.lastIndexOf('f2', undefined, 'latin1') + 1] = '1'.charCodeAt(0); // f2 → f1
    expect(decodeSmallCollection(hash)).toBeUndefined();
    const zset = encode(entryOf('zset', SortedSet.from([['m', 1]])))!;
    zset.writeDoubleLE(Number.NaN, zset.length - 8);
    expect(decodeSmallCollection(zset)).toBeUndefined();
  });

  it('reads a packed chunk only where the format has them (version 2), and declines one the keyspace would not hold', () => {
    const record = (type: CollectionType, length: number, packed: string) => {
      const target = Buffer.alloc(SMALL_COLLECTION_RECORD_MAX_BYTES);
      const headEnd = writeUnsigned(target, writeKeyRecordHead({ db: 1, key: 'k', type, expiresAt: null }, target, 0), length);
      return Buffer.from(target.subarray(0, writeBin(target, headEnd, packed)));
    };
    const list = packCollection('list', ['a', 'bb'])!;
    expect(decodeSmallCollection(record('list', 2, list.data))).toEqual({ db: 1, key: 'k', type: 'list', value: list, expiresAt: null });
    const bytes = record('list', 2, list.data);
    expect(decodeSmallCollection(bytes, 0, bytes.length, undefined, false)).toBeUndefined();
    for (const [name, type, length, packed] of [
      ['another type', 'set', 2, list.data],
      ['another entry count', 'list', 3, list.data],
      ['an element cut short', 'list', 2, list.data.slice(0, -1)],
      ['a member twice', 'set', 2, 's\x01m\x01m'],
      ['a field twice', 'hash', 2, 'h\x01f\x01v\x01f\x01w'],
      ['a hash field without its value', 'hash', 1, 'h\x01f'],
      ['a NaN score', 'zset', 1, `z\x01m${Buffer.alloc(8, 0xff).toString('latin1')}`],
      ['an element over the packed limit', 'list', 1, `l${String.fromCharCode(PACKED_MAX_ELEMENT + 1)}${'x'.repeat(PACKED_MAX_ELEMENT + 1)}`],
      ['no element', 'list', 1, 'l'],
    ] as [string, CollectionType, number, string][]) {
      expect(decodeSmallCollection(record(type, length, packed)), name).toBeUndefined();
    }
  });
});
