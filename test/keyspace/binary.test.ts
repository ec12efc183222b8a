import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';

const allBytes = Uint8Array.from({ length: 256 }, (_, index) => index);
const asBytes = (reply: unknown) => Buffer.from(reply as string, 'latin1');

describe('binary safety', () => {
  it('round-trips every byte value in keys and values of every type', () => {
    const ks = new Keyspace();
    const key = allBytes.subarray(100).slice().reverse();
    const field = Uint8Array.of(0, 0xff, 0x0d, 0x0a);
    ks.execute(['SET', key, allBytes]);
    expect(asBytes(ks.execute(['GET', key], { encoding: 'binary' }))).toEqual(Buffer.from(allBytes));
    ks.execute(['HSET', allBytes, field, allBytes]);
    expect(asBytes(ks.execute(['HGET', allBytes, field], { encoding: 'binary' }))).toEqual(Buffer.from(allBytes));
    ks.execute(['RPUSH', field, allBytes, field]);
    expect((ks.execute(['LRANGE', field, '0', '-1'], { encoding: 'binary' }) as string[]).map(asBytes)).toEqual([Buffer.from(allBytes), Buffer.from(field)]);
    ks.execute(['SADD', 'set', Uint8Array.of(0xc3), Uint8Array.of(0xc3, 0xa9)]);
    expect(ks.execute(['SCARD', 'set'])).toBe(2);
    ks.execute(['ZADD', 'z', '1', Uint8Array.of(0x80)]);
    expect(ks.execute(['ZRANGE', 'z', '0', '-1'], { encoding: 'binary' })).toEqual(['\x80']);
    const keys = (ks.execute(['KEYS', '*'], { encoding: 'binary' }) as string[]).map(asBytes);
    expect(keys).toContainEqual(Buffer.from(key));
  });

  it('treats text arguments as UTF-8 and decodes replies as UTF-8 by default', () => {
    const ks = new Keyspace();
    ks.execute(['SET', 'clé', 'héllo wörld ✓']);
    expect(ks.execute(['GET', 'clé'])).toBe('héllo wörld ✓');
    expect(ks.execute(['STRLEN', 'clé'])).toBe(Buffer.byteLength('héllo wörld ✓'));
    expect(ks.execute(['GET', Buffer.from('clé', 'utf8')])).toBe('héllo wörld ✓');
    expect(ks.execute(['GETRANGE', 'clé', '1', '2'], { encoding: 'binary' })).toBe('\xc3\xa9');
  });

  it('propagates non-ASCII arguments as bytes that replay to the same keyspace', () => {
    const leader = new Keyspace();
    const records: ReplicationRecord[] = [];
    leader.replication$.subscribe((record) => records.push(record));
    leader.execute(['SET', allBytes, 'ascii']);
    leader.execute(['HSET', 'h', 'ñ', allBytes]);
    leader.execute(['SPOP', 'missing']);
    leader.execute(['SADD', 's', Uint8Array.of(0xff, 0x00)]);
    leader.execute(['SPOP', 's']);
    expect(records[0]!.argv[1]).toBeInstanceOf(Uint8Array);
    expect(records[0]!.argv[2]).toBe('ascii');
    expect(records.at(-1)!.argv).toEqual(['SREM', 's', Buffer.from([0xff, 0x00])]);
    const replica = new Keyspace();
    for (const record of records) replica.execute(record.argv, { db: record.db, replicated: true });
    expect(replica.digest()).toBe(leader.digest());
  });
});
