import fc from 'fast-check';
import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { isForklessError } from '../../lib/errors.js';
import { packCollection } from '../../lib/keyspace/packCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import type { CollectionType, Value } from '../../lib/keyspace/Value.js';
import { decodeEntryItems } from '../../lib/replication/decodeEntryItems.js';
import { encodeMessage } from '../../lib/replication/messageCodec.js';
import { decodeItem, type WireItem } from '../../lib/replication/wireItem.js';

const SEED = 20261207;

/** Byte strings of every length class a str header has (fixstr, str8, str16), any byte 0-255. */
const byteString = fc
  .oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 200, maxLength: 300 }), fc.constant(new Uint8Array(70_000).fill(0xe9)))
  .map((bytes) => Buffer.from(bytes).toString('latin1'));
const expiry = fc.option(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 50 })));
const element = fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes) => Buffer.from(bytes).toString('latin1'));

/** A small collection of `type` (packable: at most 32 elements of at most 64 bytes). */
function smallCollection(type: CollectionType): fc.Arbitrary<Exclude<Value, string>> {
  const members = fc.uniqueArray(element, { minLength: 1, maxLength: 8 });
  switch (type) {
    case 'list':
      return fc.array(element, { minLength: 1, maxLength: 8 });
    case 'set':
      return members.map((values) => new Set(values));
    case 'hash':
      return members.map((fields) => new Map(fields.map((field) => [field, field.toUpperCase()])));
    case 'zset':
      return members.map((names) => SortedSet.from(names.map((name, index) => [name, index / 3 - 1] as const)));
  }
}

const stringEntry = fc
  .record({ db: fc.nat(15), key: byteString, value: byteString, expiresAt: expiry })
  .map((fields) => ({ kind: 'entry' as const, type: 'string' as const, ...fields }));
const packedEntry = fc
  .constantFrom<CollectionType>('list', 'set', 'hash', 'zset')
  .chain((type) =>
    fc
      .record({ db: fc.nat(15), key: byteString, value: smallCollection(type), expiresAt: expiry })
      .map((fields) => ({ kind: 'entry' as const, type, ...fields, value: packCollection(type, fields.value)! })),
  );
const entryItems = fc.array(fc.oneof(stringEntry, packedEntry), { minLength: 1, maxLength: 12 }) as fc.Arbitrary<WireItem[]>;

/** The general decoder's reading: msgpackr, then one tuple at a time. */
function reference(frame: Buffer): WireItem[] {
  const [, items] = unpack(frame) as [string, unknown[]];
  return items.map(decodeItem);
}

function frameOf(items: WireItem[]): Buffer {
  return encodeMessage({ type: 'items', items });
}

describe('decodeEntryItems', () => {
  it(`reads frames of string and packed entries as sent, as the general decoder does (seed ${SEED})`, () => {
    fc.assert(
      fc.property(entryItems, (items) => {
        const frame = frameOf(items);
        const read = decodeEntryItems(frame);
        expect(read).toEqual(items);
        expect(read).toEqual(reference(frame));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('leaves every other frame to the general decoder: commands, unpacked collections, other messages, trailing bytes', () => {
    const entry: WireItem = { kind: 'entry', db: 0, key: 'k', type: 'string', value: 'v', expiresAt: null };
    const big = Array.from({ length: 40 }, (_, index) => `element ${index}`);
    const others: Buffer[] = [
      frameOf([entry, { kind: 'command', db: 0, offset: 3, argv: ['SET', 'k', 'w'] }]),
      frameOf([entry, { kind: 'entry', db: 0, key: 'l', type: 'list', value: big, expiresAt: null }]),
      frameOf([{ kind: 'flushdb', db: -1 }]),
      frameOf([{ ...entry, expiresAt: -5 }]),
      encodeMessage({ type: 'records', records: [{ offset: 1, db: 0, argv: ['DEL', 'k'] }] }),
      Buffer.concat([frameOf([entry]), Buffer.from([0xc0])]),
      frameOf([entry]).subarray(0, 12),
    ];
    for (const frame of others) expect(decodeEntryItems(frame)).toBeUndefined();
  });

  it('refuses what the general decoder refuses: chars above 0xFF, malformed packed values', () => {
    const wide = encodeMessage({ type: 'items', items: [{ kind: 'entry', db: 0, key: 'k', type: 'string', value: '\u0100', expiresAt: null }] });
    const packed = Buffer.from(frameOf([{ kind: 'entry', db: 0, key: 'k', type: 'set', value: packCollection('set', new Set(['a', 'b']))!, expiresAt: null }]));
    packed[packed.length - 2] = 0x61; // the second member becomes 'a' again: a duplicate
    for (const frame of [wide, packed]) {
      expect(() => decodeEntryItems(frame)).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
      expect(() => reference(frame)).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
    }
  });

  it(`on any single-byte corruption either reads what the general decoder reads or throws FORKLESS_ERR_PROTOCOL (seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(entryItems, fc.nat(), fc.integer({ min: 0, max: 255 }), (items, position, byte) => {
        const frame = frameOf(items);
        frame[position % frame.length] = byte;
        let read: WireItem[] | undefined;
        try {
          read = decodeEntryItems(frame);
        } catch (error) {
          return isForklessError(error, 'FORKLESS_ERR_PROTOCOL');
        }
        if (read !== undefined) expect(read).toEqual(reference(frame));
        return true;
      }),
      { seed: SEED + 1, numRuns: 1000 },
    );
  });
});
