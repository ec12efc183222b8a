import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES } from '../../lib/keyspace/PackedCollection.js';
import { packCollection } from '../../lib/keyspace/packCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';

/** A byte string of 0 to `max` bytes, every byte value possible. */
const bytes = (max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: max }).map((codes) => String.fromCharCode(...codes));
const element = bytes(PACKED_MAX_ELEMENT);
const elements = fc.array(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES });
const score = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE));

function scoresOf(set: SortedSet): [string, number][] {
  return [...set.entries()];
}

describe('PackedCollection', () => {
  it('a list round-trips exactly: order, duplicates, every byte value, empty elements', () => {
    fc.assert(
      fc.property(elements, (list) => {
        const packed = packCollection('list', list)!;
        expect(packed.type).toBe('list');
        expect(packed.unpack()).toEqual(list);
      }),
    );
  });

  it('a set and a hash round-trip with their iteration order', () => {
    fc.assert(
      fc.property(elements, fc.array(fc.tuple(element, element), { minLength: 1, maxLength: PACKED_MAX_ENTRIES }), (members, pairs) => {
        const set = new Set(members);
        const hash = new Map(pairs);
        expect([...(packCollection('set', set)!.unpack() as Set<string>)]).toEqual([...set]);
        expect([...(packCollection('hash', hash)!.unpack() as Map<string, string>)]).toEqual([...hash]);
      }),
    );
  });

  it('a sorted set keeps every score bit for bit (-0, infinities, subnormals)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(element, score), { minLength: 1, maxLength: PACKED_MAX_ENTRIES }), (pairs) => {
        const set = SortedSet.from(pairs);
        const unpacked = packCollection('zset', set)!.unpack() as SortedSet;
        const expected = scoresOf(set);
        const actual = scoresOf(unpacked);
        expect(actual.map(([member]) => member)).toEqual(expected.map(([member]) => member));
        actual.forEach(([, value], index) => expect(Object.is(value, expected[index]![1])).toBe(true));
        expect(unpacked.sorted()).toEqual(set.sorted());
      }),
    );
  });

  it('declines what it cannot hold: empty, too many entries, too long an element', () => {
    const long = 'x'.repeat(PACKED_MAX_ELEMENT + 1);
    const many = Array.from({ length: PACKED_MAX_ENTRIES + 1 }, (_, index) => `${index}`);
    expect(packCollection('list', [])).toBeNull();
    expect(packCollection('list', many)).toBeNull();
    expect(packCollection('set', new Set(['a', long]))).toBeNull();
    expect(packCollection('hash', new Map([['field', long]]))).toBeNull();
    expect(packCollection('hash', new Map([[long, 'value']]))).toBeNull();
    expect(packCollection('zset', SortedSet.from([[long, 1]]))).toBeNull();
    expect(packCollection('list', many.slice(1))).not.toBeNull();
    expect(packCollection('list', ['x'.repeat(PACKED_MAX_ELEMENT)])).not.toBeNull();
  });

  it('unpacks into a new container each time: changing one never changes the packed value', () => {
    const packed = packCollection('hash', new Map([['f', 'v']]))!;
    const first = packed.unpack() as Map<string, string>;
    first.set('g', 'w');
    expect([...(packed.unpack() as Map<string, string>)]).toEqual([['f', 'v']]);
  });

  it('find and get answer what the unpacked set or hash answers, for members present and absent', () => {
    fc.assert(
      fc.property(elements, fc.array(element, { maxLength: 8 }), (members, probes) => {
        const set = new Set(members);
        const hash = new Map(members.map((member, index) => [member, `value ${index}`]));
        const packedSet = packCollection('set', set)!;
        const packedHash = packCollection('hash', hash)!;
        const zset = packCollection('zset', SortedSet.from(members.map((member) => [member, 1])))!;
        for (const probe of [...members, ...probes]) {
          expect(packedSet.find(probe) >= 0).toBe(set.has(probe));
          expect(zset.find(probe) >= 0).toBe(set.has(probe));
          expect(packedHash.find(probe) >= 0).toBe(hash.has(probe));
          expect(packedHash.get(probe)).toBe(hash.get(probe));
        }
        // A hash value equal to a probe is never taken for a field.
        expect(packCollection('hash', new Map([['field', 'value']]))!.find('value')).toBe(-1);
      }),
    );
  });
});
