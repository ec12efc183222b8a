import fc from 'fast-check';
import { Unpackr } from 'msgpackr';
import { lastValueFrom } from 'rxjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntryItem, PackedEntryItem } from '../../lib/keyspace/IterationItem.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES, PackedCollection } from '../../lib/keyspace/PackedCollection.js';
import { packCollection } from '../../lib/keyspace/packCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import type { CollectionType, Value } from '../../lib/keyspace/Value.js';
import { encodePackedCollection, fitsPackedRecord } from '../../lib/snapshot/encodePackedCollection.js';
import { SMALL_COLLECTION_RECORD_MAX_BYTES } from '../../lib/snapshot/encodeSmallCollection.js';
import { writeKeyRecordHead, writeUnsigned } from '../../lib/snapshot/encodeSmallString.js';
import { decodeSmallCollection } from '../../lib/snapshot/decodeSmallCollection.js';
import { SnapshotKeyAssembler } from '../../lib/snapshot/SnapshotKeyAssembler.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';

const unpackr = new Unpackr({ useRecords: false });
const byteString = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('latin1'));
const element = byteString(PACKED_MAX_ELEMENT);
const distinct = fc.uniqueArray(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES });
const collection: fc.Arbitrary<[CollectionType, Exclude<Value, string>]> = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: PACKED_MAX_ENTRIES }).map((list): [CollectionType, string[]] => ['list', list]),
  distinct.map((members): [CollectionType, Set<string>] => ['set', new Set(members)]),
  distinct.map((fields): [CollectionType, Map<string, string>] => ['hash', new Map(fields.map((field) => [field, field.split('').reverse().join('')]))]),
  fc
    .tuple(distinct, fc.double({ noNaN: true }))
    .map(([members, base]): [CollectionType, SortedSet] => ['zset', SortedSet.from(members.map((member, index) => [member, base + index]))]),
);

function written(encode: (target: Buffer, offset: number) => number): Buffer {
  const target = Buffer.alloc(SMALL_COLLECTION_RECORD_MAX_BYTES + 64);
  return Buffer.from(target.subarray(3, encode(target, 3)));
}

describe('encodePackedCollection', () => {
  it('writes the key record with the packed bytes as one bin chunk, read back packed by the loader and unpacked by the general decoder', () => {
    fc.assert(
      fc.property(fc.nat(70_000), byteString(200), collection, fc.option(fc.nat(2 ** 52)), (db, key, [type, value], expiresAt) => {
        const packed = packCollection(type, value)!;
        const item: PackedEntryItem = { kind: 'entry', db, key, type, value: packed, expiresAt };
        const entry: EntryItem = { kind: 'entry', db, key, type, value, expiresAt };
        expect(fitsPackedRecord(item)).toBe(true);
        const record = written((target, offset) => encodePackedCollection(item, target, offset));
        // The same head as the record of the container, then a bin of exactly the packed bytes.
        const head = written((target, offset) => writeUnsigned(target, writeKeyRecordHead(entry, target, offset), packed.size));
        expect(record.subarray(0, head.length)).toEqual(head);
        expect(unpackr.unpack(record.subarray(head.length))).toEqual(Buffer.from(packed.data, 'latin1'));
        expect(decodeSmallCollection(record)).toEqual({ db, key, type, value: packed, expiresAt });
        const assembled = new SnapshotKeyAssembler(db + 1).push(record, 0, record.length, 0);
        expect(assembled).toEqual({ offset: 0, db, key, type, value, expiresAt });
      }),
    );
  });

  it('leaves a packed collection under a key too long for one small record to the general encoder', async () => {
    const key = 'k'.repeat(SMALL_COLLECTION_RECORD_MAX_BYTES);
    const item: PackedEntryItem = { kind: 'entry', db: 0, key, type: 'set', value: packCollection('set', new Set(['a']))!, expiresAt: null };
    expect(fitsPackedRecord(item)).toBe(false);
    const ks = new Keyspace();
    ks.restore(0, key, 'set', new Set(['a', 'b']), null);
    ks.restore(0, 'small', 'hash', new Map([['f', 'v']]), 1_000_000_000_000_000);
    expect(ks.databases[0]!.get(key)).toBeInstanceOf(PackedCollection);
    const path = join(mkdtempSync(join(tmpdir(), 'packed-')), 'dump.fkl');
    await lastValueFrom(saveSnapshot(ks, path));
    const loaded = await loadSnapshot(path);
    expect(loaded.digest()).toBe(ks.digest());
    expect(loaded.databases[0]!.get('small')).toBeInstanceOf(PackedCollection);
  });
});
