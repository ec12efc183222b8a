import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { PACKED_MAX_ELEMENT, PACKED_MAX_ENTRIES, PackedCollection } from '../../lib/keyspace/PackedCollection.js';

const stored = (ks: Keyspace, key: string) => ks.databases[0]!.get(key);
const members = (count: number) => Array.from({ length: count }, (_, index) => `m${index}`);

describe('small collections are stored packed', () => {
  it('every collection type a command creates is packed once the command is over', () => {
    const ks = new Keyspace();
    ks.execute(['RPUSH', 'list', 'a', 'b']);
    ks.execute(['SADD', 'set', 'a']);
    ks.execute(['HSET', 'hash', 'f', 'v']);
    ks.execute(['ZADD', 'zset', '1', 'a']);
    for (const key of ['list', 'set', 'hash', 'zset']) expect(stored(ks, key)).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['HGETALL', 'hash'])).toEqual(['f', 'v']);
  });

  it('a write changes the collection and leaves it packed', () => {
    const ks = new Keyspace();
    ks.execute(['RPUSH', 'list', 'a']);
    expect(ks.execute(['LPUSH', 'list', 'z'])).toBe(2);
    expect(stored(ks, 'list')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['LRANGE', 'list', '0', '-1'])).toEqual(['z', 'a']);
  });

  it(`grows into a container past ${PACKED_MAX_ENTRIES} entries and is packed again when it shrinks back`, () => {
    const ks = new Keyspace();
    ks.execute(['SADD', 'set', ...members(PACKED_MAX_ENTRIES)]);
    expect(stored(ks, 'set')).toBeInstanceOf(PackedCollection);
    ks.execute(['SADD', 'set', 'one-more']);
    expect(stored(ks, 'set')).toBeInstanceOf(Set);
    ks.execute(['SREM', 'set', 'one-more']);
    expect(stored(ks, 'set')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['SCARD', 'set'])).toBe(PACKED_MAX_ENTRIES);
  });

  it(`an element longer than ${PACKED_MAX_ELEMENT} bytes keeps the collection a container`, () => {
    const ks = new Keyspace();
    ks.execute(['HSET', 'hash', 'f', 'x'.repeat(PACKED_MAX_ELEMENT + 1)]);
    expect(stored(ks, 'hash')).toBeInstanceOf(Map);
    ks.execute(['HSET', 'hash', 'f', 'short']);
    expect(stored(ks, 'hash')).toBeInstanceOf(PackedCollection);
  });

  it('restore packs a small container without holding it: the caller may change it afterwards', () => {
    const ks = new Keyspace();
    const list = ['a', 'b'];
    ks.restore(0, 'list', 'list', list, null);
    list.push('c');
    expect(stored(ks, 'list')).toBeInstanceOf(PackedCollection);
    expect(ks.execute(['LRANGE', 'list', '0', '-1'])).toEqual(['a', 'b']);
  });

  it('a read hands out a copy: changing the key afterwards never changes what was read', () => {
    const ks = new Keyspace();
    ks.execute(['HSET', 'hash', 'f', '1']);
    const before = ks.databases[0]!.value('hash') as Map<string, string>;
    ks.execute(['HSET', 'hash', 'f', '2', 'g', '3']);
    expect([...before]).toEqual([['f', '1']]);
  });
});
