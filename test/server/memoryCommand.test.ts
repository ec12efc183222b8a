import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { PackedCollection } from '../../lib/keyspace/PackedCollection.js';
import { unpacked } from '../../lib/keyspace/StoredValue.js';
import { estimateMemory } from '../../lib/server/memoryCommand.js';
import { peekKey } from '../../lib/server/peekKey.js';

describe('estimateMemory (MEMORY USAGE)', () => {
  it('counts a packed small collection by its packed bytes, below the same hash kept as a container', () => {
    const packedKeyspace = new Keyspace({ unpackedCollections: 0 });
    const containerKeyspace = new Keyspace(); // the hash just written stays unpacked
    const fields = Array.from({ length: 8 }, (_, index) => [`field${index}`, 'v'.repeat(16)]).flat();
    for (const ks of [packedKeyspace, containerKeyspace]) ks.execute(['HSET', 'h', ...fields]);
    const packed = peekKey(packedKeyspace, 0, 'h')!;
    const container = peekKey(containerKeyspace, 0, 'h')!;
    expect(packed.stored).toBeInstanceOf(PackedCollection);
    expect((packed.stored as PackedCollection).data.length).toBe(1 + 8 * (1 + 6 + 1 + 16));
    expect(container.stored).toBeInstanceOf(Map);
    expect(unpacked(packed.stored)).toEqual(container.stored);
    expect(estimateMemory('h', packed)).toBeLessThan(estimateMemory('h', container));
  });
});
