import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';

function withStream(): { ks: Keyspace; records: unknown[][] } {
  const ks = new Keyspace();
  const records: unknown[][] = [];
  ks.replication$.subscribe((record: ReplicationRecord) => records.push([...record.argv]));
  return { ks, records };
}

describe('collection commands', () => {
  it('propagate random and float results deterministically', () => {
    const { ks, records } = withStream();
    ks.execute(['SADD', 's', 'a', 'b', 'c']);
    const popped = ks.execute(['SPOP', 's', '2']) as string[];
    ks.execute(['SRANDMEMBER', 's', '5']);
    ks.execute(['HINCRBYFLOAT', 'h', 'f', '0.1']);
    ks.execute(['HINCRBYFLOAT', 'h', 'f', '0.2']);
    ks.execute(['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c']);
    expect(ks.execute(['ZPOPMIN', 'z', '2'])).toEqual(['a', '1', 'b', '2']);
    expect(ks.execute(['ZPOPMAX', 'z'])).toEqual(['c', '3']);
    expect(records).toEqual([
      ['SADD', 's', 'a', 'b', 'c'],
      ['SREM', 's', ...popped],
      ['HSET', 'h', 'f', '0.1'],
      ['HSET', 'h', 'f', '0.3'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZREM', 'z', 'a', 'b'],
      ['ZREM', 'z', 'c'],
    ]);
    expect(ks.execute(['EXISTS', 'z'])).toBe(0);
  });

  it('adds in long double precision like Valkey (0.1 + 0.2 = 0.3)', () => {
    const ks = new Keyspace();
    ks.execute(['INCRBYFLOAT', 'f', '0.1']);
    expect(ks.execute(['INCRBYFLOAT', 'f', '0.2'])).toBe('0.3');
    // 64-bit significand: the fraction of 5e17 + 0.3 is only good to 1/32, printed as %.17Lf.
    expect(ks.execute(['INCRBYFLOAT', 'f', '5e17'])).toBe('500000000000000000.3125');
    expect(() => ks.execute(['INCRBYFLOAT', 'f', 'inf'])).toThrow(new ReplyError('ERR increment would produce NaN or Infinity'));
    expect(() => ks.execute(['HINCRBYFLOAT', 'h', 'f', 'inf'])).toThrow(new ReplyError('ERR value is NaN or Infinity'));
  });

  it('reply scores as Redis 7.0 does (%.17g)', () => {
    const ks = new Keyspace();
    ks.execute(['ZADD', 'z', '0.1', 'a', '1e20', 'b', '1e-5', 'c', '-0', 'd', 'inf', 'e']);
    expect(ks.execute(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).toEqual(['d', '0', 'c', '1.0000000000000001e-05', 'a', '0.10000000000000001', 'b', '1e+20', 'e', 'inf']);
    expect(ks.execute(['ZINCRBY', 'z', '2.5', 'a'])).toBe('2.6000000000000001');
  });

  it('sum ZUNIONSTORE scores smallest source first, like Valkey (float rounding follows)', () => {
    const ks = new Keyspace();
    ks.execute(['ZADD', 'small', '1e-5', 'm']);
    ks.execute(['ZADD', 'large', '1', 'm', '2', 'a', '3', 'b']);
    ks.execute(['ZADD', 'middle', '1e-5', 'm', '4', 'x']);
    // 1e-5 + 1e-5 + 1 (redis-server 7.0.15 replies this for every argument order).
    ks.execute(['ZUNIONSTORE', 'd', '3', 'large', 'small', 'middle']);
    expect(ks.execute(['ZSCORE', 'd', 'm'])).toBe('1.0000199999999999');
    ks.execute(['ZINTERSTORE', 'd', '3', 'large', 'middle', 'small']);
    expect(ks.execute(['ZSCORE', 'd', 'm'])).toBe('1.0000199999999999');
  });

  it('delete collections that become empty', () => {
    const ks = new Keyspace();
    ks.execute(['RPUSH', 'l', 'x']);
    ks.execute(['HSET', 'h', 'f', 'v']);
    ks.execute(['SADD', 's', 'm']);
    ks.execute(['ZADD', 'z', '1', 'm']);
    ks.execute(['LPOP', 'l']);
    ks.execute(['HDEL', 'h', 'f']);
    ks.execute(['SMOVE', 's', 'other', 'm']);
    ks.execute(['ZREM', 'z', 'm']);
    expect(ks.execute(['KEYS', '*'])).toEqual(['other']);
    ks.execute(['SINTERSTORE', 'other', 'nothing']);
    expect(ks.dbsize()).toBe(0);
  });

  it('leave the keyspace unchanged after any error', () => {
    const ks = new Keyspace();
    ks.execute(['ZADD', 'z', '1', 'a']);
    ks.execute(['RPUSH', 'l', 'x']);
    ks.execute(['SET', 's', 'text']);
    const before = ks.digest();
    const failing = [
      ['ZADD', 'z', '1', 'b', 'nan', 'c'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
      ['HSET', 'h', 'f', 'v', 'odd'],
      ['LPOP', 'l', '-1'],
      ['LMOVE', 'l', 's', 'LEFT', 'RIGHT'],
      ['SMOVE', 'z', 'x', 'a'],
      ['ZUNIONSTORE', 'dest', '2', 'z', 's'],
      ['ZUNIONSTORE', 'dest', '1', 'z', 'WEIGHTS', 'x'],
      ['ZINTERSTORE', 'dest', '1', 'z', 'AGGREGATE', 'avg'],
      ['SUNIONSTORE', 'dest', 'z', 's'],
      ['LINSERT', 'l', 'MIDDLE', 'x', 'y'],
    ];
    for (const argv of failing) expect(() => ks.execute(argv), argv.join(' ')).toThrow(ReplyError);
    expect(ks.digest()).toBe(before);
  });

  it('never change a value container handed out before (copy-on-write)', () => {
    const ks = new Keyspace();
    const shared = new Set(['a']);
    ks.restore(0, 's', 'set', shared, null);
    ks.execute(['SADD', 's', 'b']);
    ks.execute(['SREM', 's', 'a']);
    expect([...shared]).toEqual(['a']);
    expect(ks.execute(['SMEMBERS', 's'])).toEqual(['b']);
  });

  it('walk BYLEX ranges over mixed scores the way Valkey walks a small sorted set', () => {
    const ks = new Keyspace();
    ks.execute(['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd']);
    expect(ks.execute(['ZRANGE', 'z', '[b', '(d', 'BYLEX'])).toEqual(['b', 'c']);
    expect(ks.execute(['ZRANGE', 'z', '+', '[b', 'BYLEX', 'REV', 'LIMIT', '1', '2'])).toEqual(['c', 'b']);
    expect(() => ks.execute(['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'])).toThrow(
      new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'),
    );
    ks.execute(['ZADD', 'z', '5', 'a']);
    // Order is now b c d (score 0), a (score 5). Replies checked against redis-server 7.0.15:
    // the walk first requires the last member >= min, so '[c' finds nothing.
    expect(ks.execute(['ZRANGE', 'z', '-', '+', 'BYLEX'])).toEqual(['b', 'c', 'd', 'a']);
    expect(ks.execute(['ZRANGE', 'z', '[c', '+', 'BYLEX'])).toEqual([]);
    expect(ks.execute(['ZRANGE', 'z', '-', '(c', 'BYLEX', 'REV'])).toEqual([]);
  });
});
