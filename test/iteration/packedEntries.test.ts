import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bgIteration, bgIterationPacked } from '../../lib/iteration/bgIteration.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { PACKED_MAX_ENTRIES, PackedCollection } from '../../lib/keyspace/PackedCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';

const stored = (ks: Keyspace, key: string) => ks.databases[0]!.get(key);
const members = (count: number) => Array.from({ length: count }, (_, index) => `m${index}`);

describe('iterations over packed collections', () => {
  it('an iteration emits the unpacked container with its type, at its point in time', async () => {
    const ks = new Keyspace();
    ks.restore(
      0,
      'zset',
      'zset',
      SortedSet.from([
        ['a', 1],
        ['b', 2],
      ]),
      null,
    ); // stored packed
    ks.restore(0, 'list', 'list', ['x'], null);
    expect(stored(ks, 'zset')).toBeInstanceOf(PackedCollection);
    const items = firstValueFrom(bgIteration(ks, { consistent: true, replication: false }).pipe(toArray()));
    ks.execute(['ZADD', 'zset', '3', 'c']);
    ks.execute(['RPUSH', 'list', 'y']);
    const entries = (await items).filter((item) => item.kind === 'entry');
    const byKey = new Map(entries.map((item) => [item.key, item]));
    expect(byKey.get('zset')).toMatchObject({ type: 'zset' });
    expect([...(byKey.get('zset')!.value as { members(): Iterable<string> }).members()]).toEqual(['a', 'b']);
    expect(byKey.get('list')).toMatchObject({ type: 'list', value: ['x'] });
    expect(ks.execute(['ZRANGE', 'zset', '0', '-1'])).toEqual(['a', 'b', 'c']);
  });

  it('hands small collections out as stored, packed, and otherwise the entries bgIteration gives', async () => {
    const ks = new Keyspace();
    ks.restore(0, 'hash', 'hash', new Map([['f', 'v']]), null);
    ks.execute(['SADD', 'big', ...members(PACKED_MAX_ENTRIES + 1)]);
    ks.execute(['SET', 'text', 'v']);
    const run = (packed: boolean) => {
      const items$ = packed ? bgIterationPacked(ks, { consistent: false, replication: false }) : bgIteration(ks, { consistent: false, replication: false });
      return firstValueFrom(items$.pipe(toArray()));
    };
    const [packedItems, plainItems] = await Promise.all([run(true), run(false)]);
    const packedHash = packedItems.find((item) => item.kind === 'entry' && item.key === 'hash');
    expect(packedHash).toMatchObject({ type: 'hash', value: stored(ks, 'hash') });
    const asPlain = packedItems.map((item) => (item.kind === 'entry' && item.value instanceof PackedCollection ? { ...item, value: item.value.unpack() } : item));
    expect(asPlain).toEqual(plainItems);
  });
});
