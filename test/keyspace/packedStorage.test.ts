import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES, PackedCollection } from '../../lib/keyspace/PackedCollection.js';

/** Recently written collections the keyspaces of these tests keep unpacked. */
const UNPACKED_KEYS = 4;
const keyspace = () => new Keyspace({ unpackedCollections: UNPACKED_KEYS });
const stored = (ks: Keyspace, key: string) => ks.databases[0]!.get(key);
const members = (count: number) => Array.from({ length: count }, (_, index) => `m${index}`);

let others = 0;

/** Writes enough new collections that every earlier one leaves the recently written set. */
function writeOthers(ks: Keyspace): void {
  for (let index = 0; index < UNPACKED_KEYS; index++) ks.execute(['SADD', `other:${others++}`, 'x']);
}

describe('small collections are stored packed', () => {
  it('every collection type is packed once it is no longer among the most recently written', () => {
    const ks = keyspace();
    ks.execute(['RPUSH', 'list', 'a', 'b']);
    ks.execute(['SADD', 'set', 'a']);
    ks.execute(['HSET', 'hash', 'f', 'v']);
    ks.execute(['ZADD', 'zset', '1', 'a']);
    expect(stored(ks, 'zset')).not.toBeInstanceOf(PackedCollection); // just written: kept unpacked
    writeOthers(ks);
    for (const key of ['list', 'set', 'hash', 'zset']) expect(stored(ks, key)).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['HGETALL', 'hash'])).toEqual(['f', 'v']);
  });

  it(`keeps the ${UNPACKED_KEYS} most recently written collections unpacked and packs the least recent one after`, () => {
    const ks = keyspace();
    for (let index = 0; index <= UNPACKED_KEYS; index++) ks.execute(['RPUSH', `list:${index}`, 'a']);
    expect(stored(ks, 'list:0')).toBeInstanceOf(PackedCollection);
    for (let index = 1; index <= UNPACKED_KEYS; index++) expect(stored(ks, `list:${index}`)).toBeInstanceOf(Array);
    ks.execute(['RPUSH', 'list:1', 'b']); // written again: now the most recent
    ks.execute(['RPUSH', 'list:new', 'a']);
    expect(stored(ks, 'list:1')).toBeInstanceOf(Array);
    expect(stored(ks, 'list:2')).toBeInstanceOf(PackedCollection);
  });

  it('a write to a packed collection changes it and packs it again later', () => {
    const ks = keyspace();
    ks.execute(['RPUSH', 'list', 'a']);
    writeOthers(ks);
    expect(ks.execute(['LPUSH', 'list', 'z'])).toBe(2);
    writeOthers(ks);
    expect(stored(ks, 'list')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['LRANGE', 'list', '0', '-1'])).toEqual(['z', 'a']);
  });

  it(`grows into a container past ${PACKED_MAX_ENTRIES} entries and is packed again once it shrank back`, () => {
    const ks = keyspace();
    ks.execute(['SADD', 'set', ...members(PACKED_MAX_ENTRIES + 1)]);
    writeOthers(ks);
    expect(stored(ks, 'set')).toBeInstanceOf(Set);
    ks.execute(['SREM', 'set', 'm0']);
    writeOthers(ks);
    expect(stored(ks, 'set')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['SCARD', 'set'])).toBe(PACKED_MAX_ENTRIES);
  });

  it(`an element longer than ${PACKED_MAX_ELEMENT} bytes keeps the collection a container`, () => {
    const ks = keyspace();
    ks.execute(['HSET', 'hash', 'f', 'x'.repeat(PACKED_MAX_ELEMENT + 1)]);
    writeOthers(ks);
    expect(stored(ks, 'hash')).toBeInstanceOf(Map);
    ks.execute(['HSET', 'hash', 'f', 'short']);
    writeOthers(ks);
    expect(stored(ks, 'hash')).toBeInstanceOf(PackedCollection);
  });

  it('restore packs a small container at once, without holding it: the caller may change it afterwards', () => {
    const ks = keyspace();
    const list = ['a', 'b'];
    ks.restore(0, 'list', 'list', list, null);
    list.push('c');
    expect(stored(ks, 'list')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['LRANGE', 'list', '0', '-1'])).toEqual(['a', 'b']);
  });

  it('a read hands out a copy: changing the key afterwards never changes what was read', () => {
    const ks = keyspace();
    ks.restore(0, 'hash', 'hash', new Map([['f', '1']]), null);
    ks.execute(['HGET', 'hash', 'f']); // the read copy is kept for the next reads…
    const before = ks.databases[0]!.value('hash') as Map<string, string>;
    ks.execute(['HSET', 'hash', 'f', '2', 'g', '3']); // …and a later command's write does not reuse it
    expect([...before]).toEqual([['f', '1']]);
    expect(ks.execute(['HGETALL', 'hash'])).toEqual(['f', '2', 'g', '3']);
  });

  it('an EXEC that reads, writes and reads a packed key again sees each step', () => {
    const ks = keyspace();
    ks.restore(0, 'list', 'list', ['a'], null);
    const session = ks.session();
    session.execute(['MULTI']);
    session.execute(['LRANGE', 'list', '0', '-1']);
    session.execute(['RPUSH', 'list', 'b']);
    session.execute(['LRANGE', 'list', '0', '-1']);
    expect(session.execute(['EXEC'])).toEqual([['a'], 2, ['a', 'b']]);
  });

  it('packs every small collection at the end of its write with unpackedCollections 0, and refuses a bad count', () => {
    const ks = new Keyspace({ unpackedCollections: 0 });
    ks.execute(['HSET', 'hash', 'f', 'v']);
    expect(stored(ks, 'hash')).toBeInstanceOf(PackedCollection);
    expect(() => new Keyspace({ unpackedCollections: -1 })).toThrow(/unpackedCollections/);
  });
});
